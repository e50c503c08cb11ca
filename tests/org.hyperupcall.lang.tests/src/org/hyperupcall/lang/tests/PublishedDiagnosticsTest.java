package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

/** What the server publishes: related information of the verifier's errors, and when (the debounce of edits). */
class PublishedDiagnosticsTest {
    private static final long DEBOUNCE_MS = 300;
    private static LspHarness ls;

    @BeforeAll
    static void start() throws Exception {
        JsonObject options = new JsonObject();
        options.addProperty("debounceMs", DEBOUNCE_MS);
        ls = LspHarness.start("file:///tmp/huc-ls-published/", options);
    }

    @AfterAll
    static void stop() throws Exception {
        ls.close();
    }

    private static Diagnostic only(PublishDiagnosticsParams p, String code) {
        List<Diagnostic> ds = p.getDiagnostics().stream().filter(d -> d.getCode() != null && code.equals(d.getCode().getLeft())).toList();
        assertEquals(1, ds.size(), p::toString);
        return ds.get(0);
    }

    @Test
    void aLoopTheVerifierRejectsPointsAtItsHeaderAsRelatedInformation() throws Exception {
        String text = """
                #include "hyperupcall.h"
                SEC("hyperupcall/vm_exit")
                long f(struct hup_vm_exit_ctx *ctx)
                {
                    u64 s = 0;
                    for (u32 i = 0;
                         i < 10;
                         i += 0) {
                        s += ctx->tsc;
                    }
                    return s == 1;
                }
                """;
        String uri = ls.open("loop.huc", text);
        Diagnostic loop = only(ls.await(uri, 1, 60_000).params(), "HUV-LOOP");
        assertEquals(6, loop.getRange().getStart().getLine(), loop::toString); // the back edge: the condition's jump
        List<DiagnosticRelatedInformation> related = loop.getRelatedInformation();
        assertEquals(1, related.size(), loop::toString);
        assertEquals(uri, related.get(0).getLocation().getUri());
        assertEquals(8, related.get(0).getLocation().getRange().getStart().getLine(), related::toString); // the loop's first instruction
        assertEquals("s += ctx->tsc;", LspHarness.text(text, related.get(0).getLocation().getRange()));
        assertTrue(related.get(0).getMessage().contains("header"), related::toString);
        assertEquals(null, loop.getData(), "the related information is not left in the data too");
    }

    @Test
    void anOutOfBoundsReadPointsAtWhereItsAddressWasLoadedAndAReadOnOneLineHasNoRelatedInformation() throws Exception {
        String text = """
                #include "hyperupcall.h"
                SEC("hyperupcall/vm_exit")
                long peek(struct hup_vm_exit_ctx *ctx)
                {
                    u64 p = ctx->guest_rip;
                    u64 q = p + 8;
                    u64 v = *(u64 *) q;
                    u64 w = *(u64 *) ctx->guest_cr3;
                    return (v ^ w) & 1;
                }
                """;
        String uri = ls.open("peek.huc", text);
        Diagnostic d = only(ls.await(uri, 1, 60_000).params(), "HUV-MEM-BOUNDS");
        assertEquals(6, d.getRange().getStart().getLine());
        assertEquals(1, d.getRelatedInformation().size(), d::toString);
        assertEquals("u64 p = ctx->guest_rip;", LspHarness.text(text, d.getRelatedInformation().get(0).getLocation().getRange()));
        String oneLine = text.replace("    u64 v = *(u64 *) q;\n", "    u64 v = q;\n");
        String uri2 = ls.open("peek-one-line.huc", oneLine);
        Diagnostic d2 = only(ls.await(uri2, 1, 60_000).params(), "HUV-MEM-BOUNDS");
        assertEquals(7, d2.getRange().getStart().getLine());
        assertTrue(d2.getRelatedInformation() == null || d2.getRelatedInformation().isEmpty(), d2::toString);
    }

    @Test
    void theRulesPointAtTheStatementThatChangesALoopsCounterAndAtTheFunctionsOfARecursion() throws Exception {
        String text = """
                #include "hyperupcall.h"
                static inline u64 ping(u64 n);
                static inline u64 pong(u64 n) { return ping(n + 1); }
                static inline u64 ping(u64 n) { return pong(n); }
                SEC("hyperupcall/vm_exit")
                long f(struct hup_vm_exit_ctx *ctx)
                {
                    u64 s = 0;
                    for (u32 i = 0; i < 10; i++) {
                        s += i;
                        i = i - 1;
                    }
                    return s == ping(1);
                }
                """;
        String uri = ls.open("rules-related.huc", text);
        PublishDiagnosticsParams p = ls.await(uri, 1, 60_000).params();
        Diagnostic loop = only(p, "HUC-LOOP");
        assertEquals(1, loop.getRelatedInformation().size(), loop::toString);
        assertEquals("i = i - 1", LspHarness.text(text, loop.getRelatedInformation().get(0).getLocation().getRange()));
        assertTrue(loop.getRelatedInformation().get(0).getMessage().contains("counter"), loop::toString);
        // the rule's diagnostic (the compiler, run too, reports the recursion in its own words, without a path)
        Diagnostic recursion = p.getDiagnostics().stream().filter(d -> "HUC-RECURSION".equals(d.getCode().getLeft())
                && d.getMessage().getLeft().startsWith("recursive call")).findFirst()
                .orElseThrow(() -> new AssertionError(p.toString()));
        assertTrue(recursion.getRelatedInformation() != null, p::toString);
        List<String> named = recursion.getRelatedInformation().stream()
                .map(r -> LspHarness.text(text, r.getLocation().getRange()) + "@" + r.getLocation().getRange().getStart().getLine()).sorted().toList();
        assertEquals(List.of("ping@3", "pong@2"), named, recursion::toString);
    }

    private static final String GOOD = """
            #include "hyperupcall.h"
            SEC("hyperupcall/vm_exit")
            long f(struct hup_vm_exit_ctx *ctx)
            {
                return ctx->vcpu == 1;
            }
            """;

    @Test
    void aBurstOfEditsIsPublishedOnceForTheLastTextAfterTheDebounceTime() throws Exception {
        String uri = ls.open("burst.huc", GOOD);
        assertEquals(List.of(), ls.await(uri, 1, 60_000).params().getDiagnostics());
        String[] errors = {"    u64 a = 1.5;\n", "    goto out;\n", "    asm(\"nop\");\n", "    long (*fp)(void);\n"};
        String[] codes = {"HUC-FLOAT", "HUC-GOTO", "HUC-ASM", "HUC-FUNCPTR"};
        long last = 0;
        for (int i = 0; i < errors.length; i++) {
            ls.change(uri, i + 2, GOOD.replace("{\n", "{\n" + errors[i]));
            last = System.nanoTime();
            Thread.sleep(20);
        }
        LspHarness.Published p = ls.await(uri, 2, 60_000);
        Thread.sleep(DEBOUNCE_MS * 3);
        assertEquals(2, ls.count(uri), () -> "one publication for the burst: " + ls.publications(uri));
        List<String> got = p.params().getDiagnostics().stream().map(d -> d.getCode().getLeft()).distinct().toList();
        assertTrue(got.contains(codes[codes.length - 1]), got::toString);
        for (int i = 0; i < codes.length - 1; i++) {
            assertTrue(!got.contains(codes[i]), () -> "diagnostics of an earlier text: " + got);
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(p.nanos() - last);
        assertTrue(waited >= DEBOUNCE_MS - 5, "published " + waited + " ms after the last edit");
    }

    @Test
    void theInstructionCountOfTheInlayHintFollowsEdits() throws Exception {
        String uri = ls.open("hint.huc", GOOD);
        ls.await(uri, 1, 60_000);
        int before = instructions(uri);
        ls.change(uri, 2, GOOD.replace("return ctx->vcpu == 1;", "u64 s = ctx->tsc;\n    s = s * 3 + ctx->vcpu;\n    s = s * 5 + ctx->exit_reason;\n"
                + "    return s == 1;"));
        ls.await(uri, 2, 60_000);
        int after = instructions(uri);
        assertTrue(after > before, before + " then " + after);
        ls.change(uri, 3, GOOD);
        ls.await(uri, 3, 60_000);
        assertEquals(before, instructions(uri));
    }

    private static int instructions(String uri) throws Exception {
        List<org.eclipse.lsp4j.InlayHint> hints = ls.server.getTextDocumentService().inlayHint(new org.eclipse.lsp4j.InlayHintParams(
                new TextDocumentIdentifier(uri), new org.eclipse.lsp4j.Range(new org.eclipse.lsp4j.Position(0, 0),
                        new org.eclipse.lsp4j.Position(20, 0)))).get(30, TimeUnit.SECONDS);
        assertEquals(1, hints.size(), hints::toString);
        String label = hints.get(0).getLabel().getLeft().trim();
        return Integer.parseInt(label.substring(0, label.indexOf(' ')));
    }

    @Test
    void aRequestRightAfterAnEditIsAnsweredOnTheEditedText() throws Exception {
        String uri = ls.open("request.huc", GOOD);
        ls.await(uri, 1, 60_000);
        String edited = GOOD.replace("SEC(", "static inline u64 fresh(u64 x) { return x; }\nSEC(");
        ls.change(uri, 2, edited);
        // asked before the debounce time is over: the waiting build runs first, so the outline has the new function
        List<Either<SymbolInformation, DocumentSymbol>> symbols = ls.server.getTextDocumentService()
                .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri))).get(30, TimeUnit.SECONDS);
        assertTrue(symbols.stream().anyMatch(s -> s.getRight().getName().equals("fresh")), symbols::toString);
        LspHarness.Published p = ls.await(uri, 2, 10_000);
        assertEquals(List.of(), p.params().getDiagnostics());
    }
}
