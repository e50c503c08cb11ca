package org.hyperupcall.lang.tests;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

import com.google.gson.JsonObject;

/**
 * Measurements of the language server through the in-process harness (not a test: timings and
 * heap figures vary with the machine). From the repository root, after a build:
 *
 * <pre>
 * java -cp dist/target/huc.jar:tests/org.hyperupcall.lang.tests/target/classes org.hyperupcall.lang.tests.LspMeasure outline 20000
 * java -cp dist/target/huc.jar:tests/org.hyperupcall.lang.tests/target/classes org.hyperupcall.lang.tests.LspMeasure heap 10000
 * </pre>
 *
 * {@code outline N}: the time of documentSymbol on a file of N lines (5 runs). {@code outlines N}: N
 * documentSymbol requests on a 2,000-line file without an edit, and the heap every N/10. {@code heap N}: N
 * didChange edits of a 200-line document, each waited for until its diagnostics are published
 * (debounceMs 0: one build an edit), and the heap in use after a full collection every N/10 edits.
 */
public final class LspMeasure {
    private LspMeasure() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "heap";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        JsonObject options = new JsonObject();
        options.addProperty("debounceMs", 0);
        try (LspHarness ls = LspHarness.start("file:///tmp/huc-ls-measure/", options)) {
            if ("outline".equals(what)) {
                outline(ls, n);
            } else if ("reads".equals(what)) {
                reads(ls, n);
            } else if ("outlines".equals(what)) {
                outlines(ls, n);
            } else {
                heap(ls, n);
            }
        }
        System.exit(0);
    }

    private static void outline(LspHarness ls, int lines) throws Exception {
        String text = manyFunctions(lines);
        String uri = ls.open("outline.huc", text);
        ls.await(uri, 1, 600_000);
        for (int run = 0; run < 5; run++) {
            long t0 = System.nanoTime();
            List<Either<SymbolInformation, DocumentSymbol>> symbols = ls.server.getTextDocumentService()
                    .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri))).get(600, TimeUnit.SECONDS);
            System.out.printf("documentSymbol, %d lines: %d symbols in %d ms%n", text.split("\n").length, symbols.size(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static void reads(LspHarness ls, int lines) throws Exception {
        String text = manyFunctions(lines);
        String uri = ls.open("reads.huc", text);
        ls.await(uri, 1, 600_000);
        org.eclipse.lsp4j.services.TextDocumentService s = ls.server.getTextDocumentService();
        TextDocumentIdentifier doc = new TextDocumentIdentifier(uri);
        org.eclipse.lsp4j.Position h0 = LspHarness.at(text, "h0(ctx", 1);
        org.eclipse.lsp4j.Position local = LspHarness.at(text, "u64 b", 5);
        java.util.Map<String, java.util.function.Supplier<java.util.concurrent.CompletableFuture<?>>> requests = new java.util.LinkedHashMap<>();
        requests.put("documentSymbol", () -> s.documentSymbol(new DocumentSymbolParams(doc)));
        requests.put("hover", () -> s.hover(new org.eclipse.lsp4j.HoverParams(doc, h0)));
        requests.put("definition", () -> s.definition(new org.eclipse.lsp4j.DefinitionParams(doc, h0)));
        requests.put("references", () -> s.references(new org.eclipse.lsp4j.ReferenceParams(doc, h0, new org.eclipse.lsp4j.ReferenceContext(true))));
        requests.put("documentHighlight", () -> s.documentHighlight(new org.eclipse.lsp4j.DocumentHighlightParams(doc, local)));
        requests.put("rename", () -> s.rename(new org.eclipse.lsp4j.RenameParams(doc, local, "c")));
        requests.put("foldingRange", () -> s.foldingRange(new org.eclipse.lsp4j.FoldingRangeRequestParams(doc)));
        requests.put("semanticTokens", () -> s.semanticTokensFull(new org.eclipse.lsp4j.SemanticTokensParams(doc)));
        requests.put("inlayHint", () -> s.inlayHint(new org.eclipse.lsp4j.InlayHintParams(doc,
                new org.eclipse.lsp4j.Range(new org.eclipse.lsp4j.Position(0, 0), new org.eclipse.lsp4j.Position(lines, 0)))));
        requests.put("formatting", () -> s.formatting(new org.eclipse.lsp4j.DocumentFormattingParams(doc, new org.eclipse.lsp4j.FormattingOptions(4, true))));
        requests.put("completion", () -> s.completion(new org.eclipse.lsp4j.CompletionParams(doc, local)));
        for (int run = 0; run < 2; run++) {
            for (var r : requests.entrySet()) {
                long t0 = System.nanoTime();
                r.getValue().get().get(600, TimeUnit.SECONDS);
                System.out.printf("%s, %d lines: %d ms%n", r.getKey(), lines, (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    /** n documentSymbol requests on a 2,000-line file and no edit: the heap every n/10. */
    private static void outlines(LspHarness ls, int requests) throws Exception {
        String uri = ls.open("outlines.huc", manyFunctions(2_000));
        ls.await(uri, 1, 60_000);
        System.out.printf("outlines %6d: heap %6.1f MB%n", 0, usedMb());
        for (int i = 1; i <= requests; i++) {
            ls.server.getTextDocumentService().documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri))).get(60, TimeUnit.SECONDS);
            if (i % Math.max(1, requests / 10) == 0) {
                System.out.printf("outlines %6d: heap %6.1f MB%n", i, usedMb());
            }
        }
    }

    private static void heap(LspHarness ls, int edits) throws Exception {
        String text = manyFunctions(200);
        String uri = ls.open("heap.huc", text);
        ls.await(uri, 1, 60_000);
        int every = Math.max(1, edits / 10);
        System.out.printf("edits %6d: heap %6.1f MB%n", 0, usedMb());
        for (int i = 1; i <= edits; i++) {
            ls.forget(uri); // the harness keeps no publication: the heap is the server's
            ls.change(uri, i + 1, text.replace("a * 3;", "a * " + (i % 1000 + 3) + ";"));
            ls.await(uri, 1, 60_000);
            if (i % every == 0) {
                System.out.printf("edits %6d: heap %6.1f MB%n", i, usedMb());
            }
        }
    }

    /** A file of lines lines: (lines - 5) / 5 small functions, each with a parameter and a local, and an entry point. */
    static String manyFunctions(int lines) {
        StringBuilder b = new StringBuilder("#include \"hyperupcall.h\"\n");
        for (int i = 0; i < (lines - 5) / 5; i++) {
            b.append("static inline u64 h").append(i).append("(u64 a)\n{\n    u64 b = a * ").append(i + 3).append(";\n    return b ^ a;\n}\n");
        }
        return b.append("SEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n    return h0(ctx->tsc) == 1;\n}\n").toString();
    }

    static double usedMb() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
    }
}
