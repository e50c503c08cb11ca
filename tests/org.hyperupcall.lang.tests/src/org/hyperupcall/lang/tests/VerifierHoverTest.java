package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verifier's knowledge in the editor, through the language server as a client sees it: the
 * hover on a line and on a variable, the code lenses over an entry point and over a rejection,
 * the path to the failure with context values, and "run it" showing the fault happen.
 */
class VerifierHoverTest {
    private static LspHarness lsp;
    private static LanguageServerImpl server;
    /** The first diagnostics of each document opened. */
    private static final Map<String, PublishDiagnosticsParams> diagnostics = new ConcurrentHashMap<>();

    /** Reads a 4-byte field, masks it, reads an 8-byte one: accepted. */
    private static final String MASKED = "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong on_exit(struct hup_vm_exit_ctx *ctx)\n{\n"
            + "    u32 slot = ctx->vcpu & 7;\n    u64 rip = ctx->guest_rip;\n    return rip == slot;\n}\n";

    /** Reads guest memory at the guest's rip, but only when the exit reason is 48: rejected on that path. */
    private static final String REJECTED = "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong on_exit(struct hup_vm_exit_ctx *ctx)\n{\n"
            + "    u64 v = 0;\n    if (ctx->exit_reason == 48) {\n        v = *(u64 *) ctx->guest_rip;\n    }\n    return v == 1;\n}\n";

    @BeforeAll
    static void start() throws Exception {
        lsp = LspHarness.start("file:///tmp/huc-verifier-hover-test/", null);
        server = lsp.server;
    }

    @AfterAll
    static void stop() throws Exception {
        lsp.close();
    }

    private static String open(String name, String text) throws Exception {
        PublishDiagnosticsParams p = lsp.openAndWait(name, text);
        diagnostics.put(p.getUri(), p);
        return p.getUri();
    }

    private static String hover(String uri, String text, String needle, int plus) throws Exception {
        Hover h = server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), LspHarness.at(text, needle, plus)))
                .get(30, TimeUnit.SECONDS);
        assertNotNull(h, "a hover at '" + needle + "'");
        return h.getContents().getRight().getValue();
    }

    private static List<? extends CodeLens> lenses(String uri) throws Exception {
        return server.getTextDocumentService().codeLens(new CodeLensParams(new TextDocumentIdentifier(uri))).get(30, TimeUnit.SECONDS);
    }

    private static String execute(CodeLens lens) throws Exception {
        return String.valueOf(server.getWorkspaceService().executeCommand(new ExecuteCommandParams(lens.getCommand().getCommand(),
                lens.getCommand().getArguments())).get(120, TimeUnit.SECONDS));
    }

    @Test
    void hoveringALineShowsTheRegistersItWritesAndWhyItsLoadIsInBounds() throws Exception {
        String uri = open("line.huc", MASKED);
        // in the indentation before the statement: no word, the line's code
        String md = hover(uri, MASKED, "    u32 slot", 1);
        assertTrue(md.contains("**Verifier, after line 5** (`on_exit`, vm_exit)"), md);
        assertTrue(md.matches("(?s).*- `r\\d`: scalar in \\[0, 7\\].*"), md);
        assertTrue(md.contains("- load 4 bytes at ctx+0 (vcpu): in bounds (the context is 40 bytes)"), md);
        assertTrue(md.contains("`r1` (read): pointer to the context, offset 0"), md);
    }

    @Test
    void hoveringAVariableShowsWhereTheCompilerKeepsItAndItsRange() throws Exception {
        String uri = open("variable.huc", MASKED);
        String md = hover(uri, MASKED, "slot =", 1);
        assertTrue(md.matches("(?s).*\n`slot` \\(u32, in `r\\d`\\): scalar in \\[0, 7\\]\n.*"), md);
        String use = hover(uri, MASKED, "slot;", 1);
        assertTrue(use.matches("(?s).*\n`slot` \\(u32, in `r\\d`\\): scalar in \\[0, 7\\], where this line reads it \\(its last use\\)\n.*"), use);
        String context = hover(uri, MASKED, "ctx->vcpu", 1);
        assertTrue(context.matches("(?s).*\n`ctx` \\(struct hup_vm_exit_ctx \\*, in `r1`\\): pointer to the context, offset 0.*"), context);
    }

    @Test
    void hoveringAWordKeepsItsOwnHoverAndAddsTheVerifiersBelow() throws Exception {
        String uri = open("word.huc", MASKED);
        String md = hover(uri, MASKED, "guest_rip", 2);
        assertTrue(md.startsWith("`u64 guest_rip`") || md.contains("offset 16"), md);
        int rule = md.indexOf("---");
        assertTrue(rule > 0 && md.indexOf("offset 16") < rule && md.indexOf("**Verifier, after line 6**") > rule, md);
        assertTrue(md.contains("load 8 bytes at ctx+16 (guest_rip): in bounds (the context is 40 bytes)"), md);
    }

    @Test
    void aGuestPointerIsShownAsAnAddressIntoItsRegionWithItsOffsets() throws Exception {
        String text = Files.readString(Path.of(System.getProperty("hyperupcall.repo", "../..")).resolve("examples/huc/tlb_shootdown.huc"));
        String uri = open("tlb_shootdown.huc", text);
        String md = hover(uri, text, "struct tlb_state *ts", 1);
        assertTrue(md.matches("(?s).*`r\\d`: address into cpu_tlbstate, offset \\[0, \\d+\\].*"), md);
        String lazy = hover(uri, text, "if (ts->is_lazy)", 0);
        assertTrue(lazy.matches("(?s).*load \\d bytes? at cpu_tlbstate\\+\\[\\d+, \\d+\\]: in bounds \\(cpu_tlbstate is \\d+ bytes; \\d+ \\+ \\d <= \\d+\\).*"),
                lazy);
    }

    @Test
    void anAcceptedEntryPointHasOnlyItsVerifierLogLens() throws Exception {
        String uri = open("accepted.huc", MASKED);
        List<? extends CodeLens> lenses = lenses(uri);
        assertEquals(List.of("verifier log"), lenses.stream().map(l -> l.getCommand().getTitle()).toList());
    }

    @Test
    void aRejectionGetsThePathToItWithTheContextThatTakesItAndRunItShowsTheFault() throws Exception {
        String uri = open("rejected.huc", REJECTED);
        List<String> codes = diagnostics.get(uri).getDiagnostics().stream().map(d -> d.getCode().getLeft()).toList();
        assertEquals(List.of("HUV-MEM-BOUNDS"), codes);
        List<? extends CodeLens> lenses = lenses(uri);
        assertEquals(3, lenses.size(), lenses::toString);
        CodeLens path = lenses.get(1);
        assertEquals(6, path.getRange().getStart().getLine(), "over the rejected line (line 7)");
        assertEquals("path to the failure: line 6 → 7; exit_reason = 48", path.getCommand().getTitle());
        String answer = execute(path);
        assertTrue(answer.contains("rule=HUV-MEM-BOUNDS") && answer.contains("context={exit_reason=48"), answer);
        assertTrue(answer.contains("1. line 6: `if (ctx->exit_reason == 48) {` → line 7"), answer);
        CodeLens run = lenses.get(2);
        assertEquals("run it", run.getCommand().getTitle());
        String ran = execute(run);
        assertTrue(ran.contains("faultInsn=") && ran.contains("faultLine=7") && ran.contains("faultsWhereRejected=true"), ran);
        assertTrue(ran.contains("Ran on_exit (vm_exit) once in the simulator with exit_reason = 48 (other fields 0): it faults at insn"), ran);
    }

    @Test
    void theHoverOnTheRejectedLineSaysWhyAndGivesThePath() throws Exception {
        String uri = open("rejected-hover.huc", REJECTED);
        String md = hover(uri, REJECTED, "        v = *(u64", 2);
        assertTrue(md.contains("load 8 bytes at 0x0 .. 0xffffffffffffffff: not proven in bounds:"), md);
        assertTrue(md.contains("**Rejected here:**"), md);
        assertTrue(md.contains("**Path to the failure** (HUV-MEM-BOUNDS at line 7)"), md);
        assertTrue(md.contains("Context that takes it: exit_reason = 48 (other fields 0)."), md);
    }

    @Test
    void aRejectionsQuickFixIsRunIt() throws Exception {
        String uri = open("rejected-action.huc", REJECTED);
        List<org.eclipse.lsp4j.Diagnostic> ds = diagnostics.get(uri).getDiagnostics();
        var actions = server.getTextDocumentService().codeAction(new org.eclipse.lsp4j.CodeActionParams(new TextDocumentIdentifier(uri),
                ds.get(0).getRange(), new org.eclipse.lsp4j.CodeActionContext(ds))).get(30, TimeUnit.SECONDS);
        assertEquals(1, actions.size(), actions::toString);
        org.eclipse.lsp4j.CodeAction a = actions.get(0).getRight();
        assertEquals("Run it with exit_reason = 48 (shows the fault in the simulator)", a.getTitle());
        assertEquals("huc.runRejection", a.getCommand().getCommand());
        assertFalse(a.getCommand().getArguments().isEmpty());
    }

    @Test
    void aLineNoPathReachesSaysSo() throws Exception {
        String text = MASKED.replace("    return rip == slot;\n", "    if (slot > 9)\n        rip = 5;\n    return rip == slot;\n");
        String uri = open("dead.huc", text);
        String md = hover(uri, text, "        rip = 5", 2);
        assertTrue(md.contains("No path the verifier followed reaches this line (code no run reaches)."), md);
    }

    @Test
    void aPositionWithoutCodeHasNoVerifierSection() throws Exception {
        String uri = open("blank.huc", MASKED);
        Hover h = server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(3, 0)))
                .get(30, TimeUnit.SECONDS);
        assertTrue(h == null || h.getContents() == null || !h.getContents().getRight().getValue().contains("Verifier"), String.valueOf(h));
    }
}
