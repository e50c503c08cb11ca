package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentHighlightParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonPrimitive;

/**
 * A client that misbehaves or asks too much: requests on documents it never opened, commands
 * without the capability, a slow request racing an edit. The server answers every one of them
 * with a result or a proper error, and keeps publishing diagnostics.
 */
class HostileClientTest {
    private static final String GOOD = """
            #include "hyperupcall.h"
            SEC("hyperupcall/vm_exit")
            long f(struct hup_vm_exit_ctx *ctx)
            {
                return ctx->vcpu == 1;
            }
            """;

    /** The answer of a request, or the error it failed with. */
    private static Object answer(CompletableFuture<?> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void requestsOnADocumentNeverOpenedGetAnEmptyAnswerOrAnErrorNamingTheUriNeverAnInternalError() throws Exception {
        try (LspHarness ls = LspHarness.start("file:///tmp/huc-ls-unopened/", null)) {
            ls.openAndWait("opened.huc", GOOD);
            for (String uri : List.of(ls.root + "never-opened.huc", "file:///elsewhere/x.huc", "untitled:Untitled-1", "not a uri")) {
                TextDocumentIdentifier doc = new TextDocumentIdentifier(uri);
                Position p = new Position(3, 6);
                TextDocumentService s = ls.server.getTextDocumentService();
                Map<String, Supplier<CompletableFuture<?>>> requests = new LinkedHashMap<>();
                requests.put("hover", () -> s.hover(new HoverParams(doc, p)));
                requests.put("documentSymbol", () -> s.documentSymbol(new DocumentSymbolParams(doc)));
                requests.put("definition", () -> s.definition(new DefinitionParams(doc, p)));
                requests.put("references", () -> s.references(new ReferenceParams(doc, p, new ReferenceContext(true))));
                requests.put("documentHighlight", () -> s.documentHighlight(new DocumentHighlightParams(doc, p)));
                requests.put("codeLens", () -> s.codeLens(new CodeLensParams(doc)));
                requests.put("inlayHint", () -> s.inlayHint(new InlayHintParams(doc, new Range(new Position(0, 0), new Position(9, 0)))));
                requests.put("formatting", () -> s.formatting(new DocumentFormattingParams(doc, new FormattingOptions(4, true))));
                requests.put("foldingRange", () -> s.foldingRange(new FoldingRangeRequestParams(doc)));
                requests.put("completion", () -> s.completion(new CompletionParams(doc, p)));
                requests.put("signatureHelp", () -> s.signatureHelp(new SignatureHelpParams(doc, p)));
                requests.put("semanticTokens", () -> s.semanticTokensFull(new SemanticTokensParams(doc)));
                requests.put("codeAction", () -> s.codeAction(new CodeActionParams(doc, new Range(p, p), new CodeActionContext(List.of()))));
                requests.put("prepareRename", () -> s.prepareRename(new PrepareRenameParams(doc, p)));
                requests.put("rename", () -> s.rename(new RenameParams(doc, p, "y")));
                requests.put("huc.compile", () -> ls.server.getWorkspaceService()
                        .executeCommand(new ExecuteCommandParams("huc.compile", List.of(new JsonPrimitive(uri)))));
                List<String> wrong = new ArrayList<>();
                for (Map.Entry<String, Supplier<CompletableFuture<?>>> r : requests.entrySet()) {
                    Object a;
                    try {
                        a = answer(r.getValue().get());
                    } catch (RuntimeException e) {
                        a = e;
                    }
                    if (a instanceof ResponseErrorException e) {
                        int code = e.getResponseError().getCode();
                        // the message names the URI (one that is no URI at all cannot be named as the client wrote it)
                        if (code != ResponseErrorCode.InvalidParams.getValue() && code != ResponseErrorCode.RequestFailed.getValue()
                                || !e.getMessage().contains(uri) && uri.startsWith("file:")) {
                            wrong.add(r.getKey() + ": error " + code + " " + e.getMessage());
                        }
                    } else if (a instanceof Throwable t) {
                        wrong.add(r.getKey() + ": " + t);
                    } else if (a instanceof Map<?, ?> m && !String.valueOf(m.get("error")).contains(uri)) {
                        wrong.add(r.getKey() + ": " + m);
                    }
                }
                assertEquals(List.of(), wrong, "requests on " + uri);
            }
            // and the server still publishes
            String uri = ls.open("after.huc", GOOD.replace("return ctx->vcpu == 1;", "while (1) { }\n    return 0;"));
            List<Diagnostic> ds = ls.await(uri, 1, 60_000).params().getDiagnostics();
            assertTrue(ds.stream().anyMatch(d -> d.getCode() != null && "HUC-LOOP".equals(d.getCode().getLeft())), ds::toString);
        }
    }

    @Test
    void commandsWorkForAClientThatDeclaredNoCapabilities() throws Exception {
        try (LspHarness ls = LspHarness.startBare("file:///tmp/huc-ls-bare/")) {
            assertTrue(ls.initialized.getCapabilities().getExecuteCommandProvider() != null
                    && ls.initialized.getCapabilities().getExecuteCommandProvider().getCommands().contains("huc.compile"),
                    () -> "commands announced: " + ls.initialized.getCapabilities().getExecuteCommandProvider());
            String uri = ls.open("bare.huc", GOOD);
            ls.await(uri, 1, 60_000);
            Object compiled = ls.server.getWorkspaceService().executeCommand(new ExecuteCommandParams("huc.compile", List.of(new JsonPrimitive(uri))))
                    .get(60, TimeUnit.SECONDS);
            assertTrue(String.valueOf(compiled).contains("instructions"), String.valueOf(compiled));
        }
    }

    /** A request on big.huc answered, and how long after an edit of small.huc its diagnostics came, the edit sent while the request ran. */
    private record Race(String big, Object answer, long editMs) {
    }

    /**
     * Opens big.huc (20,000 lines) and small.huc; sends request on big.huc; after wait ms, an edit
     * of small.huc that adds an unbounded loop; waits for the edit's diagnostics (HUC-LOOP) and the
     * request's answer.
     */
    private static Race race(String root, java.util.function.BiFunction<TextDocumentService, String, CompletableFuture<?>> request, long wait)
            throws Exception {
        try (LspHarness ls = LspHarness.start(root, null)) {
            String big = LspMeasure.manyFunctions(20_000);
            ls.await(ls.open("big.huc", big), 1, 120_000);
            String small = ls.open("small.huc", GOOD);
            ls.await(small, 1, 60_000);
            CompletableFuture<?> running = request.apply(ls.server.getTextDocumentService(), big);
            Thread.sleep(wait);
            long t0 = System.nanoTime();
            ls.change(small, 2, GOOD.replace("return ctx->vcpu == 1;", "while (1) { }\n    return 0;"));
            LspHarness.Published p = ls.await(small, 2, 120_000);
            assertTrue(p.params().getDiagnostics().stream().anyMatch(d -> d.getCode() != null && "HUC-LOOP".equals(d.getCode().getLeft())),
                    p.params()::toString);
            Object answer = answer(running);
            // asked again once the edit is done, it is answered
            Object again = answer(request.apply(ls.server.getTextDocumentService(), big));
            assertTrue(again instanceof List<?>, () -> "asked again: " + again);
            return new Race(big, answer, (p.nanos() - t0) / 1_000_000);
        }
    }

    @Test
    void anEditMadeWhileADocumentSymbolRequestOnATwentyThousandLineFileRunsGetsItsDiagnosticsPromptly() throws Exception {
        Race r = race("file:///tmp/huc-ls-slow/",
                (s, big) -> s.documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier("file:///tmp/huc-ls-slow/big.huc"))), 100);
        // before: the edit waited for the outline of the big file (8 to 28 s)
        assertTrue(r.editMs() < 5_000, "the edit's diagnostics came " + r.editMs() + " ms after it");
        if (r.answer() instanceof List<?> l) {
            assertEquals((20_000 - 5) / 5 + 1, l.size(), "the functions of the big file and the entry point");
        } else if (!(r.answer() instanceof ResponseErrorException e && e.getResponseError().getCode() == ResponseErrorCode.ContentModified.getValue())) {
            fail("the outline or ContentModified, got " + r.answer());
        }
    }

    @Test
    void aReferencesRequestOverTwentyThousandLinesRunningWhenAnEditComesIsAnsweredContentModifiedAndTheEditIsNotHeldUp() throws Exception {
        // the references of h0: every identifier token of the big file resolved, seconds of work
        Race r = race("file:///tmp/huc-ls-superseded/", (s, big) -> s.references(new ReferenceParams(
                new TextDocumentIdentifier("file:///tmp/huc-ls-superseded/big.huc"), LspHarness.at(big, "h0(ctx", 1), new ReferenceContext(true))), 300);
        // Since the IDE resolves names through the compiler's Typing, the references of h0 may be found before the edit
        // comes (300 ms): then the answer is the right one; still running, it is superseded. Either way the edit is not held up.
        assertTrue(r.answer() instanceof ResponseErrorException e && e.getResponseError().getCode() == ResponseErrorCode.ContentModified.getValue()
                || r.answer() instanceof List<?> l && l.size() == 2,
                () -> "ContentModified for the superseded request, or its two references, got " + r.answer());
        assertTrue(r.editMs() < 5_000, "the edit's diagnostics came " + r.editMs() + " ms after it");
    }

    @Test
    void aClientWithoutAWorkspaceFolderIsServedAndItsFileGetsDiagnostics() throws Exception {
        // VS Code with a lone file, Neovim outside a project: rootUri null, no workspace folders (was Internal error at initialize)
        try (LspHarness ls = LspHarness.start(null, null)) {
            assertTrue(ls.initialized.getCapabilities().getTextDocumentSync() != null);
            String uri = "file:///tmp/huc-ls-lone/loop.huc";
            ls.server.getTextDocumentService().didOpen(new org.eclipse.lsp4j.DidOpenTextDocumentParams(
                    new org.eclipse.lsp4j.TextDocumentItem(uri, "huc", 1, GOOD.replace("return ctx->vcpu == 1;", "while (1) { }\n    return 0;"))));
            List<Diagnostic> ds = ls.await(uri, 1, 60_000).params().getDiagnostics();
            assertTrue(ds.stream().anyMatch(d -> d.getCode() != null && "HUC-LOOP".equals(d.getCode().getLeft())), ds::toString);
            assertTrue(answer(ls.server.getTextDocumentService().documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri))))
                    instanceof List<?> l && !l.isEmpty());
        }
    }

    @Test
    void fourHundredOutlinesWithoutAnEditKeepNoAnswerInTheHeap() throws Exception {
        try (LspHarness ls = LspHarness.start("file:///tmp/huc-ls-outlines/", null)) {
            String uri = ls.open("outlines.huc", LspMeasure.manyFunctions(2_000));
            ls.await(uri, 1, 60_000);
            DocumentSymbolParams outline = new DocumentSymbolParams(new TextDocumentIdentifier(uri));
            ls.server.getTextDocumentService().documentSymbol(outline).get(60, TimeUnit.SECONDS);
            double before = LspMeasure.usedMb();
            for (int i = 0; i < 400; i++) {
                ls.server.getTextDocumentService().documentSymbol(outline).get(60, TimeUnit.SECONDS);
            }
            double after = LspMeasure.usedMb();
            // each answer is about 250 KB: kept until the next edit, 400 of them were about 100 MB
            assertTrue(after - before < 30, "heap " + before + " MB before the outlines, " + after + " MB after");
        }
    }
}
