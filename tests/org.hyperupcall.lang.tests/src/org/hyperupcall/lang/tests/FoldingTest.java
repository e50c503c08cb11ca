package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Folding ranges, as an editor shows them. */
class FoldingTest {
    private static LspHarness ls;

    @BeforeAll
    static void start() throws Exception {
        ls = LspHarness.start("file:///tmp/huc-ls-folding/", null);
    }

    @AfterAll
    static void stop() throws Exception {
        ls.close();
    }

    private static final String SOURCE = """
            #include "hyperupcall.h"
            #include "common.huc"
            #include "more.huc"
            /*
             * What this file does,
             * over three lines.
             */
            struct pair {
                u64 first;
                u64 second;
            };
            // first comment line
            // second comment line
            // third comment line
            static inline u64 f(u64 x) { return x; }
            SEC("hyperupcall/vm_exit")
            long entry(struct hup_vm_exit_ctx *ctx)
            {
                u64 s = 0;  // a trailing comment
                // a lone comment line
                for (u32 i = 0; i < 4; i++) {
                    s += i;
                    if (s > 3) {
                        s = 1;
                    }
                }
                { s++; }
                return s == 1;
            }
            """;

    private static String describe(FoldingRange r) {
        return (r.getStartLine() + 1) + "-" + (r.getEndLine() + 1) + (r.getKind() == null ? "" : " " + r.getKind());
    }

    @Test
    void bodiesBlockCommentsCommentRunsAndIncludesFoldButOneLinersDoNot() throws Exception {
        assertEquals(Boolean.TRUE, ls.initialized.getCapabilities().getFoldingRangeProvider().getLeft());
        String uri = ls.open("folding.huc", SOURCE);
        ls.await(uri, 1, 60_000);
        List<FoldingRange> ranges = ls.server.getTextDocumentService().foldingRange(new FoldingRangeRequestParams(new TextDocumentIdentifier(uri)))
                .get(30, TimeUnit.SECONDS);
        List<String> got = ranges.stream().map(FoldingTest::describe).sorted().toList();
        // 1-based lines: includes 1-3, the block comment 4-7, struct 8-10 (its '};' stays visible), the // run 12-14,
        // the entry point's body 18-28, the for loop 21-25, the if 23-24; not the one-line function, block or lone comment
        assertEquals(List.of("1-3 imports", "12-14 comment", "18-28", "21-25", "23-24", "4-7 comment", "8-10"), got);
    }

    @Test
    void aFileThatDoesNotParseStillGetsTheRangesOfWhatItHas() throws Exception {
        String broken = SOURCE.replace("return s == 1;", "return s ==;").replace("s += i;", "s += ;");
        String uri = ls.open("broken-folding.huc", broken);
        ls.await(uri, 1, 60_000);
        List<FoldingRange> ranges = ls.server.getTextDocumentService().foldingRange(new FoldingRangeRequestParams(new TextDocumentIdentifier(uri)))
                .get(30, TimeUnit.SECONDS);
        List<String> got = ranges.stream().map(FoldingTest::describe).toList();
        assertTrue(got.contains("4-7 comment") && got.contains("1-3 imports") && got.contains("8-10"), got::toString);
    }
}
