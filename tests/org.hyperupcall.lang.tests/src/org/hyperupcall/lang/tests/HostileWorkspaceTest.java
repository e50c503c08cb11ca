package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.hyperupcall.lang.HucChecker;
import org.hyperupcall.lang.SourceDiagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace root holding hostile .huc files: the language server reads every .huc file under
 * the root at initialize, and one file nested thousands deep (which overflowed the 1 MB stack of
 * Xtext's request thread, failing initialize with a StackOverflowError) must not stop it.
 */
class HostileWorkspaceTest {
    private static final int DEPTH = 10_000;

    private static final String LOOP = """
            #include "hyperupcall.h"

            SEC("hyperupcall/vm_exit")
            long spin(struct hup_vm_exit_ctx *ctx)
            {
                u64 n = ctx->vcpu;
                while (n > 1)
                    n = n / 2;
                return HUP_DEFAULT;
            }
            """;

    /** An entry point returning an expression inside DEPTH nested parentheses. */
    static String nestedParentheses(int depth) {
        return "#include \"hyperupcall.h\"\n\nSEC(\"hyperupcall/vm_exit\")\nlong deep(struct hup_vm_exit_ctx *ctx)\n{\n    return "
                + "(".repeat(depth) + "ctx->vcpu & 1" + ")".repeat(depth) + ";\n}\n";
    }

    /** An entry point whose return statement sits in DEPTH nested blocks. */
    static String nestedBraces(int depth) {
        return "#include \"hyperupcall.h\"\n\nSEC(\"hyperupcall/vm_exit\")\nlong blocks(struct hup_vm_exit_ctx *ctx)\n{\n"
                + "{".repeat(depth) + " return ctx->vcpu & 1; " + "}".repeat(depth) + "\n}\n";
    }

    private static List<String> errors(LspHarness.Published p) {
        return p.params().getDiagnostics().stream().filter(d -> d.getSeverity() == DiagnosticSeverity.Error)
                .map(d -> (d.getCode() == null ? "" : d.getCode().getLeft()) + " " + d.getMessage()).toList();
    }

    @Test
    void aWorkspaceRootWithFilesOfTenThousandNestedParenthesesAndBracesInitializesAndChecksEveryFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("parens.huc"), nestedParentheses(DEPTH));
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("sub/deeper/braces.huc"), nestedBraces(DEPTH));
        Files.writeString(dir.resolve("loop.huc"), LOOP);
        String root = dir.toUri().toString();
        try (LspHarness ls = LspHarness.start(root.endsWith("/") ? root : root + "/", null)) {
            assertNotNull(ls.initialized.getCapabilities().getCompletionProvider(), "initialize answered with the capabilities");
            // the workspace's files are checked and their diagnostics published without being opened
            LspHarness.Published loop = ls.await(ls.root + "loop.huc", 1, 120_000);
            List<Diagnostic> loopDiags = loop.params().getDiagnostics();
            assertTrue(loopDiags.stream().anyMatch(d -> d.getCode() != null && "HUC-LOOP".equals(d.getCode().getLeft())), loopDiags::toString);
            // the deep files parse and check (a correct program each) on the server's large-stack threads
            assertEquals(List.of(), errors(ls.await(ls.root + "parens.huc", 1, 120_000)));
            assertEquals(List.of(), errors(ls.await(ls.root + "sub/deeper/braces.huc", 1, 120_000)));
            // and the server still answers: a file opened now gets its diagnostics
            List<Diagnostic> opened = ls.openAndWait("opened.huc", LOOP).getDiagnostics();
            assertTrue(opened.stream().anyMatch(d -> d.getCode() != null && "HUC-LOOP".equals(d.getCode().getLeft())), opened::toString);
        }
    }

    @Test
    void aFileNestedTenThousandDeepIsCheckedEvenFromAThreadWithASmallStack() throws Exception {
        HucChecker.check("warm.huc", "");   // the injector, created on this thread's stack
        AtomicReference<Object> result = new AtomicReference<>();
        // a thread with a small stack: the checker runs the front end on a stack of its own
        Thread t = new Thread(null, () -> {
            try {
                result.set(HucChecker.check("deep.huc", nestedParentheses(DEPTH)));
            } catch (Throwable e) {
                result.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join(120_000);
        assertEquals(List.of(), result.get());
    }

    @Test
    void aFileNestedBeyondTheLimitIsOneErrorAtTheLineWhereItCrossesIt() {
        List<SourceDiagnostic> ds = HucChecker.check("deep.huc", nestedParentheses(50_000));
        assertEquals(1, ds.size(), ds::toString);
        SourceDiagnostic d = ds.get(0);
        assertEquals("HUC-LIMIT", d.rule());
        assertEquals(6, d.line());
        assertTrue(d.error());
        assertTrue(d.message().startsWith("nesting deeper than 12000 levels"), d.message());
    }

    @Test
    void theLanguageServerPublishesAtMostAHundredAndOneErrorsForAGarbageFileAndSkipsAByteOrderMark(@TempDir Path dir) throws Exception {
        String root = dir.toUri().toString();
        try (LspHarness ls = LspHarness.start(root.endsWith("/") ? root : root + "/", null)) {
            List<Diagnostic> garbage = ls.openAndWait("garbage.huc", "@@ $$ garbage ;;; }\n".repeat(5_000)).getDiagnostics();
            assertEquals(101, garbage.size());
            Diagnostic last = garbage.get(100);
            assertEquals("HUC-LIMIT", last.getCode().getLeft());
            assertTrue(last.getMessage().getLeft().matches("\\d+ more errors not shown \\(huc reports the first 100 of a file\\)"), last.getMessage().getLeft());
            assertEquals(List.of(), ls.openAndWait("bom.huc", "\ufeff" + LOOP.replace("while (n > 1)", "if (n > 1)")).getDiagnostics().stream()
                    .filter(d -> d.getSeverity() == DiagnosticSeverity.Error).toList());
        }
    }

    private static List<String> codes(LspHarness.Published p) {
        return p.params().getDiagnostics().stream().map(d -> d.getCode() == null ? "" : d.getCode().getLeft()).toList();
    }

    @Test
    void aHeaderOnDiskThatTheEditorNeverOpenedIsCheckedAsHucCheckReadsItAndAgainWhenItChanges(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x.h"), "static inline u64 twice(u64 x)\n{\n    return x * 2;\n}\n");
        String text = "#include \"hyperupcall.h\"\n#include \"x.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx)\n{\n"
                + "    return twice(ctx->vcpu) == 1;\n}\n";
        // a.huc is a new file of the editor's, not saved yet: its one publication is the editor's text's
        assertEquals(List.of(), HucChecker.check(dir.resolve("a.huc").toString(), text), "huc check");
        String root = dir.toUri().toString();
        try (LspHarness ls = LspHarness.start(root.endsWith("/") ? root : root + "/", null)) {
            String uri = ls.open("a.huc", text);
            // before: HUC-CALL, 'twice' is neither a function of this file nor a helper
            LspHarness.Published first = ls.await(uri, 1, 60_000);
            assertEquals(List.of(), errors(first), "the server, as huc check");
            // the header changes on disk: twice is gone; the client says so
            Files.writeString(dir.resolve("x.h"), "static inline u64 thrice(u64 x)\n{\n    return x * 3;\n}\n");
            ls.server.getWorkspaceService().didChangeWatchedFiles(new org.eclipse.lsp4j.DidChangeWatchedFilesParams(List.of(
                    new org.eclipse.lsp4j.FileEvent(root.endsWith("/") ? root + "x.h" : root + "/x.h", org.eclipse.lsp4j.FileChangeType.Changed))));
            LspHarness.Published after = ls.await(uri, 2, 60_000);
            assertTrue(codes(after).contains("HUC-CALL"), () -> "after the header changed: " + codes(after));
        }
    }
}
