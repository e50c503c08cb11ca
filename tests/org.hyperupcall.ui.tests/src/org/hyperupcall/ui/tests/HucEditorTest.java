package org.hyperupcall.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.ui.builder.HucBuilder;
import org.hyperupcall.ui.builder.HucNature;
import org.hyperupcall.ui.editor.HucAnnotation;
import org.hyperupcall.ui.editor.HucDiagnosticsStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HUC editor in a real workbench, driven as a user would: open, type, save, ask for completions. */
class HucEditorTest {
    static final String PROGRAM = """
            #include "hyperupcall.h"

            SEC("hyperupcall/vm_exit")
            long on_exit(struct hup_vm_exit_ctx *ctx)
            {
                u32 n = 0;
                return n;
            }
            """;
    private IProject project;

    @BeforeEach
    void createProject() throws CoreException {
        project = hucProject("editor");
    }

    @AfterEach
    void closeEditorsAndDeleteProject() throws CoreException {
        closeEditorsAndDelete(project);
    }

    /** A new open project with the HUC nature, named for what uses it. */
    static IProject hucProject(String prefix) throws CoreException {
        IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject(prefix + System.nanoTime());
        p.create(null);
        p.open(null);
        HucNature.add(p);
        return p;
    }

    static void closeEditorsAndDelete(IProject p) throws CoreException {
        page().closeAllEditors(false);
        p.delete(true, true, null);
    }

    static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    static IFile file(IProject project, String name, String text) throws CoreException {
        IFile f = project.getFile(name);
        f.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
        return f;
    }

    static ITextEditor open(IFile f) throws CoreException {
        IEditorPart part = IDE.openEditor(page(), f);
        assertTrue(part instanceof ITextEditor, () -> "a text editor opens a .huc file, not " + part);
        assertEquals("org.eclipse.ui.genericeditor.GenericEditor", part.getSite().getId());
        return (ITextEditor) part;
    }

    static IDocument document(ITextEditor editor) {
        return editor.getDocumentProvider().getDocument(editor.getEditorInput());
    }

    static ISourceViewer viewer(ITextEditor editor) {
        return (ISourceViewer) editor.getAdapter(ITextOperationTarget.class);
    }

    /** Runs the event loop until the condition holds; fails after the timeout naming what it waited for. */
    static void waitUntil(String what, BooleanSupplier condition, long timeoutMs) {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            if (!display.readAndDispatch()) {
                display.timerExec(20, () -> {
                });
                display.sleep();
            }
        }
    }

    static <T> T waitFor(String what, Supplier<T> value, long timeoutMs) {
        Object[] got = new Object[1];
        waitUntil(what, () -> (got[0] = value.get()) != null, timeoutMs);
        @SuppressWarnings("unchecked")
        T t = (T) got[0];
        return t;
    }

    static List<String> annotationRules(ITextEditor editor) {
        return HucDiagnosticsStrategy.annotations(viewer(editor).getAnnotationModel()).stream().map(HucAnnotation::rule).toList();
    }

    static List<IMarker> markers(IFile f) {
        try {
            return Arrays.asList(f.findMarkers(HucBuilder.MARKER, true, IResource.DEPTH_ZERO));
        } catch (CoreException e) {
            throw new AssertionError(e);
        }
    }

    static void waitForBuild() {
        try {
            Job.getJobManager().join(ResourcesPlugin.FAMILY_AUTO_BUILD, null);
            Job.getJobManager().join(ResourcesPlugin.FAMILY_MANUAL_BUILD, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        while (Display.getCurrent().readAndDispatch()) {
            // let the UI catch up
        }
    }

    @Test
    void typingAnUnboundedLoopShowsTheDiagnosticWhileTypingAndAProblemMarkerAfterSaving() throws Exception {
        IFile f = file(project, "loop.huc", PROGRAM);
        waitForBuild();
        assertTrue(markers(f).isEmpty(), () -> "a correct program has no markers: " + markers(f));
        assertTrue(HucBuilder.objectOf(f).exists(), "the builder wrote loop.o");
        ITextEditor editor = open(f);
        IDocument doc = document(editor);
        int at = doc.get().indexOf("    return n;");
        doc.replace(at, 0, "    while (n < ctx->vcpu) {\n        n++;\n    }\n");
        waitUntil("the HUC-LOOP annotation in the editor", () -> annotationRules(editor).contains("HUC-LOOP"), 60_000);
        assertTrue(markers(f).isEmpty(), "no marker before the file is saved");
        assertTrue(editor.isDirty());

        editor.doSave(null);
        waitForBuild();
        List<IMarker> after = markers(f);
        IMarker loop = after.stream().filter(m -> "HUC-LOOP".equals(m.getAttribute(HucBuilder.RULE, ""))).findFirst()
                .orElseThrow(() -> new AssertionError("a HUC-LOOP problem marker after saving: " + after));
        assertEquals(IMarker.SEVERITY_ERROR, loop.getAttribute(IMarker.SEVERITY, -1));
        assertEquals(7, loop.getAttribute(IMarker.LINE_NUMBER, -1), "the marker is on the loop's line");
        assertTrue(loop.getAttribute(IMarker.MESSAGE, "").contains("[HUC-LOOP]"), loop.getAttribute(IMarker.MESSAGE, ""));
        assertFalse(HucBuilder.objectOf(f).exists(), "a file that does not compile leaves no stale object behind");

        // fixing it removes both
        doc.set(PROGRAM);
        waitUntil("the annotations to go", () -> annotationRules(editor).isEmpty(), 60_000);
        editor.doSave(null);
        waitForBuild();
        assertTrue(markers(f).isEmpty(), () -> "markers after the fix: " + markers(f));
    }

    @Test
    void aVerifierRejectionAppearsInTheEditorWithItsRuleId() throws Exception {
        IFile f = file(project, "oob.huc", """
                #include "hyperupcall.h"

                SEC("hyperupcall/vm_exit")
                long f(struct hup_vm_exit_ctx *ctx)
                {
                    u64 v = *(u64 *) ctx->guest_rip;
                    return v;
                }
                """);
        ITextEditor editor = open(f);
        List<String> rules = waitFor("a verifier diagnostic", () -> {
            List<String> r = annotationRules(editor);
            return r.contains("HUV-MEM-BOUNDS") ? r : null;
        }, 60_000);
        assertEquals(List.of("HUV-MEM-BOUNDS"), rules, "only the verifier's rejection");
    }

    @Test
    void contentAssistOffersTheHelpersTheEntryPointsEventAllows() throws Exception {
        IFile f = file(project, "assist.huc", """
                #include "hyperupcall.h"

                SEC("hyperupcall/page_reclaim")
                long f(struct hup_page_reclaim_ctx *ctx)
                {
                    return 0;
                }
                """);
        ITextEditor editor = open(f);
        IDocument doc = document(editor);
        int at = doc.get().indexOf("    return 0;");
        doc.replace(at, 0, "    hup_\n");
        editor.selectAndReveal(at + "    hup_".length(), 0);
        ITextViewer viewer = viewer(editor);
        ((ITextOperationTarget) viewer).doOperation(ISourceViewer.CONTENTASSIST_PROPOSALS);
        List<String> shown = waitFor("the content assist popup", () -> {
            List<String> items = proposals();
            return items.stream().anyMatch(s -> s.startsWith("hup_")) ? items : null;
        }, 30_000);
        assertTrue(shown.stream().anyMatch(s -> s.startsWith("hup_memcpy")), shown::toString);
        List<String> localOnly = Helpers.all().stream().filter(h -> h.localOnly()).map(h -> h.name()).toList();
        assertFalse(localOnly.isEmpty());
        for (String name : localOnly) {
            assertTrue(shown.stream().noneMatch(s -> s.startsWith(name + " ") || s.equals(name)),
                    () -> name + " is not allowed in page_reclaim, a global event, yet offered: " + shown);
        }
    }

    /** The rows of every table in an open popup shell (the content assist list). */
    static List<String> proposals() {
        List<String> out = new ArrayList<>();
        for (Shell s : Display.getCurrent().getShells()) {
            collect(s, out);
            for (Shell child : s.getShells()) {
                collect(child, out);
            }
        }
        return out;
    }

    private static void collect(Control c, List<String> out) {
        if (c.isDisposed() || !c.isVisible()) {
            return;
        }
        if (c instanceof Table t) {
            for (TableItem i : t.getItems()) {
                out.add(i.getText());
            }
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                collect(child, out);
            }
        }
    }

    @Test
    void eachEntryPointShowsItsInstructionCountAgainstItsLimitAboveIt() throws Exception {
        IFile f = file(project, "count.huc", PROGRAM);
        ITextEditor editor = open(f);
        IDocument doc = document(editor);
        org.hyperupcall.ui.editor.HucCodeMinings provider = new org.hyperupcall.ui.editor.HucCodeMinings();
        List<? extends org.eclipse.jface.text.codemining.ICodeMining> minings = waitFor("the instruction count", () -> {
            try {
                var m = provider.provideCodeMinings(viewer(editor), new org.eclipse.core.runtime.NullProgressMonitor())
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
                return m.isEmpty() ? null : m;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, 30_000);
        assertEquals(1, minings.size());
        assertTrue(minings.get(0).getLabel().matches("\\d+ / 4096 instructions"), minings.get(0).getLabel());
        assertEquals(doc.getLineOffset(3), minings.get(0).getPosition().getOffset(), "above the line of on_exit's signature");
    }

    @Test
    void goToDefinitionOfAHelperOpensTheBuiltInHeaderAtItsDeclaration() throws Exception {
        IFile f = file(project, "definition.huc", PROGRAM.replace("    return n;", "    return hup_vcpu_is_running(0);"));
        ITextEditor editor = open(f);
        IDocument doc = document(editor);
        int at = doc.get().indexOf("hup_vcpu_is_running") + 2;
        org.eclipse.jface.text.hyperlink.IHyperlink[] links = waitFor("a definition", () -> new org.hyperupcall.ui.editor.HucHyperlinks()
                .detectHyperlinks(viewer(editor), new org.eclipse.jface.text.Region(at, 0), false), 30_000);
        links[0].open();
        IEditorPart header = page().getActiveEditor();
        assertEquals("hyperupcall.h", header.getEditorInput().getName());
        ITextEditor te = (ITextEditor) header;
        org.eclipse.jface.text.ITextSelection sel = (org.eclipse.jface.text.ITextSelection) te.getSelectionProvider().getSelection();
        assertEquals("hup_vcpu_is_running", sel.getText(), "the helper's name on its declaring line is selected");
        assertFalse(te.isEditable(), "the built-in header is read-only");
    }

    @Test
    void hoverOverAHelperShowsItsDocumentation() throws Exception {
        IFile f = file(project, "hover.huc", PROGRAM.replace("    return n;", "    return hup_vcpu_is_running(0);"));
        ITextEditor editor = open(f);
        IDocument doc = document(editor);
        int at = doc.get().indexOf("hup_vcpu_is_running") + 3;
        org.hyperupcall.ui.editor.HucTextHover hover = new org.hyperupcall.ui.editor.HucTextHover();
        waitForBuild();
        Object service = org.eclipse.xtext.resource.IResourceServiceProvider.Registry.INSTANCE
                .getResourceServiceProvider(org.eclipse.emf.common.util.URI.createURI("x.huc"))
                .get(org.eclipse.xtext.ide.server.hover.IHoverService.class);
        assertEquals("HucHover", service.getClass().getSimpleName(), "the registered HUC language has the IDE services");
        String text = waitFor("the hover of hup_vcpu_is_running", () -> {
            String t = hover.getHoverInfo(viewer(editor), hover.getHoverRegion(viewer(editor), at));
            return t != null && t.contains("hup_vcpu_is_running") ? t : null;
        }, 30_000);
        assertTrue(text.contains("hup_vcpu_is_running"), text);
        assertTrue(text.contains(Helpers.byName("hup_vcpu_is_running").orElseThrow().doc().split("\\.")[0]), text);
    }
}
