package org.hyperupcall.ui.tests;

import static org.hyperupcall.ui.tests.HucEditorTest.document;
import static org.hyperupcall.ui.tests.HucEditorTest.file;
import static org.hyperupcall.ui.tests.HucEditorTest.open;
import static org.hyperupcall.ui.tests.HucEditorTest.viewer;
import static org.hyperupcall.ui.tests.HucEditorTest.waitFor;
import static org.hyperupcall.ui.tests.HucEditorTest.waitForBuild;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.codemining.ICodeMining;
import org.eclipse.ui.texteditor.ITextEditor;
import org.hyperupcall.ui.HucUi;
import org.hyperupcall.ui.editor.HucCodeMinings;
import org.hyperupcall.ui.editor.HucCommandResults;
import org.hyperupcall.ui.editor.HucDocuments;
import org.hyperupcall.ui.editor.HucTextHover;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier's knowledge in the Eclipse editor: the hover on a line, and on a rejected line the
 * path to the failure and "run it" as code minings above it, whose command shows the fault.
 */
class VerifierInEditorTest {
    private static final String REJECTED = """
            #include "hyperupcall.h"
            SEC("hyperupcall/vm_exit")
            long on_exit(struct hup_vm_exit_ctx *ctx)
            {
                u64 v = 0;
                if (ctx->exit_reason == 48) {
                    v = *(u64 *) ctx->guest_rip;
                }
                return v == 1;
            }
            """;
    private IProject project;

    @BeforeEach
    void createProject() throws CoreException {
        project = HucEditorTest.hucProject("verifier");
    }

    @AfterEach
    void closeEditorsAndDeleteProject() throws CoreException {
        HucEditorTest.closeEditorsAndDelete(project);
    }

    @Test
    void hoveringALineShowsWhatTheVerifierKnowsAfterItAndOnTheRejectedLineWhy() throws Exception {
        IFile f = file(project, "hover.huc", REJECTED);
        ITextEditor editor = open(f);
        IDocument doc = document(editor);
        waitForBuild();
        HucTextHover hover = new HucTextHover();
        int line5 = doc.getLineOffset(4) + 1; // in the indentation of "u64 v = 0;"
        String five = waitFor("the hover of line 5", () -> {
            String t = hover.getHoverInfo(viewer(editor), hover.getHoverRegion(viewer(editor), line5));
            return t != null && t.contains("Verifier") ? t : null;
        }, 30_000);
        assertTrue(five.contains("Verifier, after line 5") && five.contains(": scalar 0"), five);
        int line7 = doc.getLineOffset(6) + 2;
        String seven = hover.getHoverInfo(viewer(editor), hover.getHoverRegion(viewer(editor), line7));
        assertTrue(seven.contains("Rejected here") && seven.contains("Context that takes it: exit_reason = 48"), seven);
    }

    @Test
    void aRejectedLineHasThePathAndRunItAboveItAndRunItShowsTheFault() throws Exception {
        IFile f = file(project, "rejected.huc", REJECTED);
        ITextEditor editor = open(f);
        IDocument doc = document(editor);
        HucCodeMinings provider = new HucCodeMinings();
        List<? extends ICodeMining> minings = waitFor("the minings of the rejection", () -> {
            try {
                List<? extends ICodeMining> m = provider.provideCodeMinings(viewer(editor), new org.eclipse.core.runtime.NullProgressMonitor())
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
                return m.size() == 3 ? m : null;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, 30_000);
        assertTrue(minings.get(0).getLabel().matches("\\d+ / 4096 instructions"), minings.get(0).getLabel());
        assertEquals("path to the failure: line 6 → 7; exit_reason = 48", minings.get(1).getLabel());
        assertEquals("run it", minings.get(2).getLabel());
        assertEquals(6, doc.getLineOfOffset(minings.get(2).getPosition().getOffset()), "above the rejected line (line 7)");
        assertTrue(minings.get(2).getAction() != null, "a click runs it");
        // what the click runs, without its dialog
        String uri = HucDocuments.uri(doc);
        org.eclipse.lsp4j.Command run = HucUi.session().codeLenses(uri).stream().map(org.eclipse.lsp4j.CodeLens::getCommand)
                .filter(c -> c.getTitle().equals("run it")).findFirst().orElseThrow();
        String text = HucCommandResults.text(HucUi.session().execute(run));
        assertTrue(text.contains("with exit_reason = 48 (other fields 0): it faults at insn") && text.contains("(line 7)"), text);
    }
}
