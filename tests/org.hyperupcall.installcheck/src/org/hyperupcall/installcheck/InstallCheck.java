package org.hyperupcall.installcheck;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ICoreRunnable;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.content.IContentType;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;

/**
 * The install check, run inside an Eclipse IDE into which org.hyperupcall.ui.feature was installed
 * with the p2 director, when the IDE starts with {@code -Dhyperupcall.installcheck=REPORT}:
 * <ol>
 * <li>each bundle of the feature is installed and resolved;</li>
 * <li>{@code *.huc} files have the HUC content type;</li>
 * <li>a project with the HUC nature gets {@code loop.huc}, an entry point with {@code while (1) {}};</li>
 * <li>the file opens in the generic editor, which shows an error annotation {@code … [HUC-LOOP]} on
 * the loop's line (the editor's live diagnostics);</li>
 * <li>the HUC builder puts a HUC-LOOP problem marker on that line, with the annotation's text;</li>
 * <li>each bundle of the feature starts.</li>
 * </ol>
 * It writes one line per check to REPORT ({@code ok: …} or {@code FAIL: …}), then {@code PASS} or
 * {@code FAIL} as the last line, saves a screenshot of the window to REPORT.png once the annotation
 * shows, and closes the workbench. It uses none of our classes: the same check runs (and fails at
 * the first step) in an installation without the feature.
 */
public class InstallCheck implements IStartup {
    static final String PROPERTY = "hyperupcall.installcheck";
    static final List<String> BUNDLES = List.of("org.hyperupcall.ebpf", "org.hyperupcall.abi", "org.hyperupcall.verifier",
            "org.hyperupcall.lang", "org.hyperupcall.lang.ide", "org.hyperupcall.debug", "org.hyperupcall.hypervisor", "org.hyperupcall.cli", "org.hyperupcall.ui",
            "org.hyperupcall.launch");
    static final String CONTENT_TYPE = "org.hyperupcall.ui.huc";
    static final String NATURE = "org.hyperupcall.ui.hucNature";
    static final String MARKER = "org.hyperupcall.ui.problem";
    static final String GENERIC_EDITOR = "org.eclipse.ui.genericeditor.GenericEditor";
    static final String ERROR_ANNOTATION = "org.eclipse.ui.workbench.texteditor.error";
    static final String RULE = "HUC-LOOP";
    static final String PROGRAM = """
            #include "hyperupcall.h"

            SEC("hyperupcall/vm_exit")
            long spin(struct hup_vm_exit_ctx *ctx)
            {
                while (1) {
                }
                return 0;
            }
            """;
    /** The loop's line, 1-based. */
    static final int LOOP_LINE = 6;
    static final long TIMEOUT_MS = 60_000;

    private final List<String> report = new ArrayList<>();
    private boolean failed;

    @Override
    public void earlyStartup() {
        String out = System.getProperty(PROPERTY, "");
        if (out.isBlank()) {
            return;
        }
        Job job = Job.create("Hyperupcall install check", (ICoreRunnable) monitor -> runAndClose(Path.of(out)));
        job.setSystem(true);
        job.schedule();
    }

    private void runAndClose(Path out) {
        try {
            check(out);
        } catch (Throwable t) {
            fail("the check stopped: " + t);
            t.printStackTrace();
        }
        report.add(failed ? "FAIL" : "PASS");
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("hyperupcall install check: cannot write " + out + ": " + e);
        }
        report.forEach(line -> System.out.println("installcheck: " + line));
        Display display = PlatformUI.getWorkbench().getDisplay();
        display.asyncExec(() -> {
            IWorkbench wb = PlatformUI.getWorkbench();
            for (IWorkbenchWindow w : wb.getWorkbenchWindows()) {
                for (IWorkbenchPage p : w.getPages()) {
                    p.closeAllEditors(false);
                }
            }
            wb.close();
        });
    }

    private void ok(String what) {
        report.add("ok: " + what);
    }

    private void fail(String what) {
        report.add("FAIL: " + what);
        failed = true;
    }

    private void check(Path out) throws CoreException, BadLocationException {
        // 1. the feature's bundles are installed and resolved
        BundleContext context = FrameworkUtil.getBundle(InstallCheck.class).getBundleContext();
        List<Bundle> ours = new ArrayList<>();
        for (String name : BUNDLES) {
            Bundle b = find(context, name);
            if (b == null) {
                fail(name + " is not installed");
            } else if ((b.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE)) == 0) {
                fail(name + " " + b.getVersion() + " is installed but does not resolve");
            } else {
                ok(name + " " + b.getVersion() + " resolved");
                ours.add(b);
            }
        }
        // 2. *.huc is HUC source
        IContentType type = Platform.getContentTypeManager().findContentTypeFor("loop.huc");
        if (type == null || !CONTENT_TYPE.equals(type.getId())) {
            fail("*.huc files have content type " + (type == null ? "none" : type.getId()) + ", not " + CONTENT_TYPE);
            return; // without it the IDE would hand the file to a system editor
        }
        ok("*.huc files have content type " + CONTENT_TYPE);

        // 3. a HUC project with an unbounded loop
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("installcheck");
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
        IProjectDescription desc = project.getDescription();
        desc.setNatureIds(new String[] {NATURE});
        project.setDescription(desc, null);
        IFile file = project.getFile("loop.huc");
        if (file.exists()) {
            file.delete(true, null);
        }
        file.create(new ByteArrayInputStream(PROGRAM.getBytes(StandardCharsets.UTF_8)), true, null);

        // 4. the editor shows the HUC-LOOP annotation on the loop's line
        IEditorPart part = ui(() -> {
            try {
                IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
                if (w == null) {
                    w = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
                }
                return IDE.openEditor(w.getActivePage(), file);
            } catch (CoreException e) {
                throw new IllegalStateException("cannot open " + file.getFullPath() + ": " + e.getMessage(), e);
            }
        });
        String editorId = ui(() -> part.getSite().getId());
        if (!(part instanceof ITextEditor editor) || !GENERIC_EDITOR.equals(editorId)) {
            fail("loop.huc opened in " + editorId + " (" + part + "), not the generic editor");
            return;
        }
        ok("loop.huc opened in " + editorId);
        String annotation = waitFor("an error annotation [" + RULE + "] in the editor", () -> loopAnnotation(editor));
        if (annotation == null) {
            fail("no " + RULE + " error annotation in the editor after " + TIMEOUT_MS / 1000 + " s; annotations: "
                    + ui(() -> annotations(editor)));
        } else if (!annotation.startsWith("line " + LOOP_LINE + ":")) {
            fail("the " + RULE + " annotation is not on the loop's line " + LOOP_LINE + ": " + annotation);
        } else {
            ok("the editor shows " + annotation);
            ui(() -> screenshot(Path.of(out + ".png")));
        }

        // 5. the builder's problem marker
        String marker = waitFor("a " + RULE + " problem marker", () -> loopMarker(file));
        if (marker == null) {
            fail("no " + RULE + " problem marker on loop.huc after " + TIMEOUT_MS / 1000 + " s");
        } else if (!marker.startsWith("line " + LOOP_LINE + ":")) {
            fail("the " + RULE + " marker is not on the loop's line " + LOOP_LINE + ": " + marker);
        } else {
            ok("the builder marks " + marker);
            if (annotation != null && !annotation.equals(marker)) {
                fail("the editor's annotation and the builder's marker differ: \"" + annotation + "\" and \"" + marker + "\"");
            }
        }

        // 6. the feature's bundles start
        for (Bundle b : ours) {
            try {
                b.start(Bundle.START_TRANSIENT);
                if (b.getState() == Bundle.ACTIVE) {
                    ok(b.getSymbolicName() + " active");
                } else {
                    fail(b.getSymbolicName() + " is in state " + b.getState() + " after start, not ACTIVE");
                }
            } catch (BundleException e) {
                fail(b.getSymbolicName() + " does not start: " + e);
            }
        }
    }

    private static Bundle find(BundleContext context, String name) {
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** "line N: text" of the editor's first HUC-LOOP error annotation, or null. */
    private static String loopAnnotation(ITextEditor editor) {
        IAnnotationModel model = ((ISourceViewer) editor.getAdapter(ITextOperationTarget.class)).getAnnotationModel();
        IDocument doc = editor.getDocumentProvider().getDocument(editor.getEditorInput());
        if (model == null || doc == null) {
            return null;
        }
        for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
            Annotation a = it.next();
            if (ERROR_ANNOTATION.equals(a.getType()) && a.getText() != null && a.getText().contains("[" + RULE + "]")) {
                Position p = model.getPosition(a);
                try {
                    return "line " + (p == null ? "?" : doc.getLineOfOffset(p.getOffset()) + 1) + ": " + a.getText();
                } catch (BadLocationException e) {
                    return "line ?: " + a.getText();
                }
            }
        }
        return null;
    }

    private static List<String> annotations(ITextEditor editor) {
        List<String> all = new ArrayList<>();
        IAnnotationModel model = ((ISourceViewer) editor.getAdapter(ITextOperationTarget.class)).getAnnotationModel();
        if (model != null) {
            for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
                Annotation a = it.next();
                all.add(a.getType() + " " + a.getText());
            }
        }
        return all;
    }

    /** "line N: message" of the file's first HUC-LOOP error marker, or null. */
    private static String loopMarker(IFile file) {
        try {
            for (IMarker m : file.findMarkers(MARKER, true, IResource.DEPTH_ZERO)) {
                if (RULE.equals(m.getAttribute("rule", "")) && m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR) {
                    return "line " + m.getAttribute(IMarker.LINE_NUMBER, -1) + ": " + m.getAttribute(IMarker.MESSAGE, "");
                }
            }
        } catch (CoreException e) {
            return null;
        }
        return null;
    }

    /** Polls the probe on the UI thread until it gives a value, or null after the timeout. */
    private static <T> T waitFor(String what, Supplier<T> probe) {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            T v = ui(probe);
            if (v != null) {
                return v;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        System.err.println("hyperupcall install check: timed out waiting for " + what);
        return null;
    }

    private static <T> T ui(Supplier<T> s) {
        AtomicReference<T> v = new AtomicReference<>();
        AtomicReference<RuntimeException> err = new AtomicReference<>();
        PlatformUI.getWorkbench().getDisplay().syncExec(() -> {
            try {
                v.set(s.get());
            } catch (RuntimeException e) {
                err.set(e);
            }
        });
        if (err.get() != null) {
            throw err.get();
        }
        return v.get();
    }

    private static Boolean screenshot(Path png) {
        IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        Shell shell = w != null ? w.getShell() : PlatformUI.getWorkbench().getWorkbenchWindows()[0].getShell();
        Display display = shell.getDisplay();
        while (display.readAndDispatch()) {
            // paint the squiggle first
        }
        Rectangle r = shell.getBounds();
        Image image = new Image(display, r.width, r.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, r.x, r.y);
        } finally {
            gc.dispose();
        }
        ImageLoader loader = new ImageLoader();
        loader.data = new ImageData[] {image.getImageData()};
        image.dispose();
        loader.save(png.toString(), SWT.IMAGE_PNG);
        return Boolean.TRUE;
    }
}
