package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonPrimitive;

/** The language server, driven in-process through its LSP4J interface as a client would drive it. */
class LanguageServerTest {
    private static final String ROOT = "file:///tmp/huc-ls-test/";
    private static LanguageServerImpl server;
    private static final Map<String, CompletableFuture<PublishDiagnosticsParams>> diagnostics = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        org.hyperupcall.lang.ide.HucLanguageServer.InProcess started = org.hyperupcall.lang.ide.HucLanguageServer.inProcess(ROOT, null,
                p -> diagnostics.computeIfAbsent(p.getUri(), k -> new CompletableFuture<>()).complete(p));
        server = started.server();
        assertTrue(started.initialized().getCapabilities().getCompletionProvider() != null);
    }

    @AfterAll
    static void stop() throws Exception {
        server.shutdown().get(30, TimeUnit.SECONDS);
    }

    private static String open(String name, String text) throws Exception {
        String uri = ROOT + name;
        diagnostics.computeIfAbsent(uri, k -> new CompletableFuture<>());
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "huc", 1, text)));
        return uri;
    }

    private static List<String> codes(String uri) throws Exception {
        PublishDiagnosticsParams p = diagnostics.get(uri).get(60, TimeUnit.SECONDS);
        return p.getDiagnostics().stream().map(d -> d.getCode() == null ? "" : d.getCode().getLeft()).toList();
    }

    private static Position at(String text, String needle, int plus) {
        int i = text.indexOf(needle) + plus;
        String before = text.substring(0, i);
        int line = (int) before.chars().filter(c -> c == '\n').count();
        return new Position(line, i - before.lastIndexOf('\n') - 1);
    }

    @Test
    void rulesTheCompilerAndTheVerifierAllReportDiagnosticsWithTheirRuleIds() throws Exception {
        String uri = open("rules.huc", "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n"
                + "    u32 i = 0;\n    while (i < ctx->vcpu) { i++; }\n    long (*fp)(void);\n    return 0;\n}\n");
        List<String> c = codes(uri);
        assertTrue(c.contains("HUC-LOOP") && c.contains("HUC-FUNCPTR"), c::toString);
        assertFalse(c.contains("HUC-UNSUPPORTED"), () -> "a rule broken is reported once, by the rule, not again by the compiler: " + c);
        String verify = open("verify.huc", "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n"
                + "    u8 small = 300;\n    u64 v = *(u64 *) ctx->guest_rip;\n    return v == small;\n}\n");
        List<String> v = codes(verify);
        assertTrue(v.contains("HUV-MEM-BOUNDS") && v.contains("HUC-CONSTANT-CONVERSION"), v::toString);
        String big = open("big.huc", "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n"
                + "    u64 s = ctx->tsc;\n" + "    s = s * 3 + ctx->vcpu;\n".repeat(1400) + "    return s == 1;\n}\n");
        assertTrue(codes(big).contains("HUC-INSN-LIMIT"), () -> {
            try {
                return codes(big).toString();
            } catch (Exception e) {
                return e.toString();
            }
        });
    }

    private static final String RECLAIM = "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/page_reclaim\")\n"
            + "long r(struct hup_page_reclaim_ctx *ctx) {\n    u64 g = ctx->gfn;\n    hup_\n    return 0;\n}\n";

    @Test
    void completionOffersTheHelpersTheEventAllowsWithTheirPrototypes() throws Exception {
        String uri = open("complete.huc", RECLAIM);
        Either<List<CompletionItem>, CompletionList> r = server.getTextDocumentService()
                .completion(new CompletionParams(new TextDocumentIdentifier(uri), at(RECLAIM, "hup_\n", 4))).get(30, TimeUnit.SECONDS);
        List<CompletionItem> items = r.isLeft() ? r.getLeft() : r.getRight().getItems();
        Map<String, String> helpers = items.stream().filter(i -> i.getLabel().startsWith("hup_"))
                .collect(Collectors.toMap(CompletionItem::getLabel, i -> String.valueOf(i.getDetail()), (a, b) -> a));
        assertTrue(helpers.containsKey("hup_ktime_ns"), helpers::toString);
        assertTrue(helpers.get("hup_memcpy").contains("void *dst"), helpers::toString);
        assertFalse(helpers.containsKey("hup_flush_tlb_vcpu"), "a local-only helper in a global event: " + helpers);
    }

    @Test
    void completionAfterTheContextArrowOffersItsFields() throws Exception {
        String text = RECLAIM.replace("hup_\n", "u64 n = ctx->;\n");
        String uri = open("fields.huc", text);
        Either<List<CompletionItem>, CompletionList> r = server.getTextDocumentService()
                .completion(new CompletionParams(new TextDocumentIdentifier(uri), at(text, "ctx->;", 5))).get(30, TimeUnit.SECONDS);
        List<String> labels = (r.isLeft() ? r.getLeft() : r.getRight().getItems()).stream().map(CompletionItem::getLabel).toList();
        assertTrue(labels.containsAll(List.of("gfn", "nr_pages")), labels::toString);
    }

    @Test
    void hoverDescribesHelpersFieldsAndTheEntryPointsSize() throws Exception {
        String text = "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong trace(struct hup_vm_exit_ctx *ctx) {\n"
                + "    u64 t = hup_ktime_ns();\n    return ctx->exit_reason == HUP_EXIT_CPUID && t > 0;\n}\n";
        String uri = open("hover.huc", text);
        Hover helper = server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), at(text, "hup_ktime_ns", 3)))
                .get(30, TimeUnit.SECONDS);
        assertTrue(helper.getContents().getRight().getValue().contains("u64 hup_ktime_ns(void)"), helper.toString());
        Hover field = server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), at(text, "exit_reason", 2)))
                .get(30, TimeUnit.SECONDS);
        assertTrue(field.getContents().getRight().getValue().contains("offset 4"), field.toString());
        Hover entry = server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), at(text, "trace(", 1)))
                .get(30, TimeUnit.SECONDS);
        assertTrue(entry.getContents().getRight().getValue().matches("(?s).*\\d+ instructions \\(limit 4096\\).*"), entry.toString());
    }

    @Test
    void eachEntryPointGetsAnInlayHintWithItsInstructionCountAndDefinitionsAreFound() throws Exception {
        String text = "#include \"hyperupcall.h\"\n#define LIMIT 3\nstatic inline u32 twice(u32 x) { return x * 2; }\n"
                + "SEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n    u32 v = twice(ctx->vcpu);\n    return v > LIMIT;\n}\n";
        String uri = open("hints.huc", text);
        codes(uri);
        List<org.eclipse.lsp4j.InlayHint> hints = server.getTextDocumentService().inlayHint(new org.eclipse.lsp4j.InlayHintParams(
                new TextDocumentIdentifier(uri), new org.eclipse.lsp4j.Range(new Position(0, 0), new Position(9, 0)))).get(30, TimeUnit.SECONDS);
        assertEquals(1, hints.size(), hints::toString);
        assertTrue(hints.get(0).getLabel().getLeft().matches(" \\d+ / 4096 insns"), hints::toString);
        assertEquals(4, hints.get(0).getPosition().getLine());
        var twice = server.getTextDocumentService().definition(new org.eclipse.lsp4j.DefinitionParams(new TextDocumentIdentifier(uri),
                at(text, "twice(ctx", 2))).get(30, TimeUnit.SECONDS);
        assertEquals(2, twice.getLeft().get(0).getRange().getStart().getLine(), twice.toString());
        var limit = server.getTextDocumentService().definition(new org.eclipse.lsp4j.DefinitionParams(new TextDocumentIdentifier(uri),
                at(text, "LIMIT;", 1))).get(30, TimeUnit.SECONDS);
        assertEquals(1, limit.getLeft().get(0).getRange().getStart().getLine(), limit.toString());
        var local = server.getTextDocumentService().definition(new org.eclipse.lsp4j.DefinitionParams(new TextDocumentIdentifier(uri),
                at(text, "v > LIMIT", 0))).get(30, TimeUnit.SECONDS);
        assertEquals(5, local.getLeft().get(0).getRange().getStart().getLine(), local.toString());
    }

    @Test
    void quickFixesMakeAGlobalConstAndBoundAWhileLoop() throws Exception {
        String text = "#include \"hyperupcall.h\"\nu64 counter = 0;\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n"
                + "    u32 i = 0;\n    while (i < ctx->vcpu) { i++; }\n    return 0;\n}\n";
        String uri = open("fixes.huc", text);
        List<org.eclipse.lsp4j.Diagnostic> ds = diagnostics.get(uri).get(60, TimeUnit.SECONDS).getDiagnostics();
        var actions = server.getTextDocumentService().codeAction(new org.eclipse.lsp4j.CodeActionParams(new TextDocumentIdentifier(uri),
                new org.eclipse.lsp4j.Range(new Position(0, 0), new Position(8, 0)), new org.eclipse.lsp4j.CodeActionContext(ds)))
                .get(30, TimeUnit.SECONDS);
        List<String> titles = actions.stream().map(a -> a.isRight() ? a.getRight().getTitle() : a.getLeft().getTitle()).toList();
        assertTrue(titles.contains("Make it const"), titles::toString);
        assertTrue(titles.stream().anyMatch(t -> t.startsWith("Bound the loop")), titles::toString);
        String edit = actions.stream().filter(a -> a.isRight() && a.getRight().getTitle().equals("Make it const")).findFirst().orElseThrow()
                .getRight().getEdit().getChanges().values().iterator().next().get(0).getNewText();
        assertEquals("const ", edit);
    }

    @Test
    void aTenThousandLineFileAndAFileOfGarbageGetDiagnosticsAndTheServerKeepsAnswering() throws Exception {
        StringBuilder big = new StringBuilder("#include \"hyperupcall.h\"\n");
        for (int i = 0; i < 2000; i++) {
            big.append("static inline u64 h").append(i).append("(u64 a)\n{\n    u64 b = a * ").append(i + 3).append(";\n    return b ^ a;\n}\n");
        }
        big.append("SEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n    return h7(ctx->tsc) == 1;\n}\n");
        assertTrue(big.toString().lines().count() >= 10_000);
        String bigUri = open("tenthousand.huc", big.toString());
        assertEquals(List.of(), codes(bigUri).stream().filter(c -> !c.startsWith("HUV-RETURN")).toList());
        java.util.Random r = new java.util.Random(7);
        StringBuilder garbage = new StringBuilder();
        String alphabet = "{}()[];,.*&|^~!?:<>=+-/%#\"'\\ \nSECu64 while for return ctx->x 0x1f";
        for (int i = 0; i < 20_000; i++) {
            garbage.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        String junk = open("garbage.huc", garbage.toString());
        assertFalse(codes(junk).isEmpty(), "garbage gets diagnostics");
        // still answering
        Hover h = server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(junk), new Position(0, 1)))
                .get(30, TimeUnit.SECONDS);
        assertTrue(h == null || h.getContents() != null);
        List<Either<SymbolInformation, DocumentSymbol>> symbols = server.getTextDocumentService()
                .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(bigUri))).get(30, TimeUnit.SECONDS);
        assertEquals(2001, symbols.stream().filter(x -> x.isRight() && x.getRight().getKind() == org.eclipse.lsp4j.SymbolKind.Function).count());
    }

    @Test
    void theDocumentsEntryPointIsADocumentSymbol() throws Exception {
        String uri = open("symbols.huc", RECLAIM.replace("    hup_\n", ""));
        List<Either<SymbolInformation, DocumentSymbol>> symbols = server.getTextDocumentService()
                .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri))).get(30, TimeUnit.SECONDS);
        assertTrue(symbols.stream().anyMatch(s -> (s.isLeft() ? s.getLeft().getName() : s.getRight().getName()).equals("r")), symbols::toString);
    }

    @Test
    void commandsCompileDisassembleAndRunInTheSimulator() throws Exception {
        String text = "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n"
                + "    return ctx->exit_reason == 48;\n}\n";
        String uri = open("commands.huc", text);
        codes(uri);
        Object compiled = server.getWorkspaceService().executeCommand(new ExecuteCommandParams("huc.compile", List.of(new JsonPrimitive(uri))))
                .get(60, TimeUnit.SECONDS);
        assertTrue(String.valueOf(compiled).contains("instructions"), String.valueOf(compiled));
        Object listing = server.getWorkspaceService().executeCommand(new ExecuteCommandParams("huc.disassemble", List.of(new JsonPrimitive(uri))))
                .get(60, TimeUnit.SECONDS);
        assertTrue(String.valueOf(listing).contains("return ctx->exit_reason == 48;"), String.valueOf(listing));
        Object run = server.getWorkspaceService().executeCommand(new ExecuteCommandParams("huc.run",
                List.of(new JsonPrimitive(uri), new JsonPrimitive("protection")))).get(120, TimeUnit.SECONDS);
        assertNotNull(run);
        String s = String.valueOf(run);
        assertTrue(s.contains("findings") || s.contains("refus"), s);
    }

    @Test
    void eachEntryPointHasAVerifierLogLensWhoseCommandGivesTheLogAndTheVerdict() throws Exception {
        String text = "#include \"hyperupcall.h\"\nstatic long helper(long x) { return x + 1; }\n"
                + "SEC(\"hyperupcall/vm_exit\")\nlong on_exit(struct hup_vm_exit_ctx *ctx) {\n    return ctx->exit_reason == 48;\n}\n";
        String uri = open("lens.huc", text);
        codes(uri);
        List<? extends org.eclipse.lsp4j.CodeLens> lenses = server.getTextDocumentService()
                .codeLens(new org.eclipse.lsp4j.CodeLensParams(new TextDocumentIdentifier(uri))).get(30, TimeUnit.SECONDS);
        assertEquals(1, lenses.size(), "one lens, over the entry point only: " + lenses);
        org.eclipse.lsp4j.CodeLens lens = lenses.get(0);
        assertEquals(3, lens.getRange().getStart().getLine(), "on the entry point's name");
        assertEquals("verifier log", lens.getCommand().getTitle());
        Object log = server.getWorkspaceService().executeCommand(new ExecuteCommandParams(lens.getCommand().getCommand(),
                lens.getCommand().getArguments())).get(60, TimeUnit.SECONDS);
        String s = String.valueOf(log);
        assertTrue(s.contains("accepted=true") && s.contains("event=vm_exit") && s.contains("accepted: at most"), s);
        assertTrue(s.contains("r0"), "the abstract state of the registers at each instruction: " + s);
    }
}
