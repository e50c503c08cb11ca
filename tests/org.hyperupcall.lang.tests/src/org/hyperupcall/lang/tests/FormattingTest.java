package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentRangeFormattingParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Formatting a document or a range of it, as an editor asks for it. */
class FormattingTest {
    private static LspHarness ls;

    @BeforeAll
    static void start() throws Exception {
        ls = LspHarness.start("file:///tmp/huc-ls-formatting/", null);
    }

    @AfterAll
    static void stop() throws Exception {
        ls.close();
    }

    private static final String MESSY = """
              #include "hyperupcall.h"
            struct pair {
            u64 first;   \s
                    u64 second;
            };
               /* a block comment
                * over lines */
            static inline u64 f(u64 x,
            u64 y)
            {
            // braces in a comment: {{{
            char *s = "}}} in a string";
            char c = '{';
                if (x > y) {
            switch (x) {
                case 1:
                        x++;
                    break;
            default:
              y++;
            }
                }
                      return x + y;
            }
            """;

    private static final String TIDY = """
            #include "hyperupcall.h"
            struct pair {
                u64 first;
                u64 second;
            };
            /* a block comment
             * over lines */
            static inline u64 f(u64 x,
                u64 y)
            {
                // braces in a comment: {{{
                char *s = "}}} in a string";
                char c = '{';
                if (x > y) {
                    switch (x) {
                    case 1:
                        x++;
                        break;
                    default:
                        y++;
                    }
                }
                return x + y;
            }
            """;

    private static List<? extends TextEdit> format(String uri) throws Exception {
        return ls.server.getTextDocumentService().formatting(new DocumentFormattingParams(new TextDocumentIdentifier(uri),
                new FormattingOptions(4, true))).get(30, TimeUnit.SECONDS);
    }

    @Test
    void formattingIndentsByBracesAndLeavesCommentsAndStringsAlone() throws Exception {
        String uri = ls.open("messy.huc", MESSY);
        ls.await(uri, 1, 60_000);
        String formatted = LspHarness.apply(MESSY, format(uri));
        assertEquals(TIDY, formatted);
        assertEquals(MESSY.replaceAll("\\s+", ""), formatted.replaceAll("\\s+", ""), "only blanks change");
    }

    @Test
    void formattedTextNeedsNoEdits() throws Exception {
        String uri = ls.open("tidy.huc", TIDY);
        ls.await(uri, 1, 60_000);
        assertEquals(List.of(), format(uri));
    }

    @Test
    void rangeFormattingChangesOnlyTheLinesOfTheRange() throws Exception {
        String uri = ls.open("range.huc", MESSY);
        ls.await(uri, 1, 60_000);
        // lines 15-17 (0-based): "    case 1:", "            x++;", "        break;"
        List<? extends TextEdit> edits = ls.server.getTextDocumentService().rangeFormatting(new DocumentRangeFormattingParams(
                new TextDocumentIdentifier(uri), new FormattingOptions(4, true), new Range(new Position(15, 0), new Position(17, 3))))
                .get(30, TimeUnit.SECONDS);
        List<String> got = LspHarness.apply(MESSY, edits).lines().toList();
        List<String> messy = MESSY.lines().toList();
        List<String> tidy = TIDY.lines().toList();
        for (int i = 0; i < messy.size(); i++) {
            assertEquals(i >= 15 && i <= 17 ? tidy.get(i) : messy.get(i), got.get(i), "line " + i);
        }
    }
}
