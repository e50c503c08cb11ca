package org.hyperupcall.studio;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.ICoreRunnable;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.hyperupcall.ui.editor.HucDiagnosticsStrategy;
import org.hyperupcall.ui.wizard.HucProjects;

/**
 * What {@code ./huc studio} asks of the studio at start-up, through system properties:
 * {@code hyperupcall.demo=true} creates the project "hyperupcalls" with the examples (if the
 * workspace lacks it), opens trace_exits.huc and types an unbounded loop into it, so the live
 * diagnostic shows; {@code hyperupcall.screenshot=FILE.png} waits for the editor's diagnostics,
 * saves a screenshot of the workbench window to FILE.png and closes the studio;
 * {@code hyperupcall.demoDebug=true} debugs the TLB example to a breakpoint instead ({@link DebugDemo}).
 */
public class StudioStartup implements IStartup {
    private static final String PROJECT = "hyperupcalls";
    private static final String FILE = "trace_exits.huc";
    private static final String LOOP = "    u32 spins = 0;\n    while (spins < ctx->vcpu)\n        spins++;\n";

    @Override
    public void earlyStartup() {
        boolean demo = Boolean.getBoolean("hyperupcall.demo");
        boolean debug = Boolean.getBoolean("hyperupcall.demoDebug");
        String shot = System.getProperty("hyperupcall.screenshot", "");
        if (!demo && !debug && shot.isEmpty()) {
            return;
        }
        Job.create("Hyperupcall Studio demo", (ICoreRunnable) monitor -> {
            IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
            if ((demo || debug) && !p.exists()) {
                HucProjects.create(PROJECT, null, monitor);
            }
            PlatformUI.getWorkbench().getDisplay().asyncExec(() -> {
                if (debug) {
                    DebugDemo.start(window(), p.getFile(DebugDemo.FILE), shot);
                } else {
                    openDemo(p, demo, shot);
                }
            });
        }).schedule();
    }

    private static IWorkbenchWindow window() {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        return window != null ? window : PlatformUI.getWorkbench().getWorkbenchWindows()[0];
    }

    private static void openDemo(IProject p, boolean demo, String shot) {
        IWorkbenchWindow window = window();
        IWorkbenchPage page = window.getActivePage();
        ITextEditor editor = null;
        IFile f = p.getFile(FILE);
        if (f.exists()) {
            try {
                page.showView("org.hyperupcall.ui.disassemblyView");
                editor = (ITextEditor) IDE.openEditor(page, f);
                if (demo) {
                    IDocument doc = editor.getDocumentProvider().getDocument(editor.getEditorInput());
                    int body = doc.get().indexOf('{', doc.get().indexOf("trace_exit(")) + 2;
                    doc.replace(body, 0, LOOP);
                    editor.selectAndReveal(body + LOOP.indexOf("while"), "while".length());
                }
            } catch (PartInitException | BadLocationException | ClassCastException e) {
                System.err.println("hyperupcall studio: cannot open the demo file: " + e);
            }
        }
        if (!shot.isEmpty()) {
            waitAndShoot(window.getShell(), editor, Path.of(shot), System.currentTimeMillis() + 60_000);
        }
    }

    /** Once the editor shows diagnostics (or after the deadline), saves the window and closes the studio. */
    private static void waitAndShoot(Shell shell, ITextEditor editor, Path out, long deadline) {
        Display display = shell.getDisplay();
        boolean ready = editor == null || !HucDiagnosticsStrategy.annotations(
                ((ISourceViewer) editor.getAdapter(ITextOperationTarget.class)).getAnnotationModel()).isEmpty();
        if (!ready && System.currentTimeMillis() < deadline) {
            display.timerExec(250, () -> waitAndShoot(shell, editor, out, deadline));
            return;
        }
        // one more second for the squiggles and the views to paint
        display.timerExec(1000, () -> shootAndClose(shell, out, () -> { }));
    }

    /** Saves the window to the file, then (after {@code beforeClose}) closes the editors unsaved and the studio. */
    static void shootAndClose(Shell shell, Path out, Runnable beforeClose) {
        try {
            save(shell, out);
            System.out.println("hyperupcall studio: screenshot " + out.toAbsolutePath());
        } catch (Exception e) {
            System.err.println("hyperupcall studio: screenshot failed: " + e);
        }
        beforeClose.run();
        // the demo's edit is not saved: close its editor unsaved, or the workbench would ask
        for (org.eclipse.ui.IWorkbenchWindow w : PlatformUI.getWorkbench().getWorkbenchWindows()) {
            for (IWorkbenchPage p : w.getPages()) {
                p.closeAllEditors(false);
            }
        }
        PlatformUI.getWorkbench().close();
    }

    private static void save(Shell shell, Path out) throws java.io.IOException {
        Display display = shell.getDisplay();
        Rectangle r = shell.getBounds();
        Image image = new Image(display, r.width, r.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, r.x, r.y);
        } finally {
            gc.dispose();
        }
        ImageData data = image.getImageData();
        image.dispose();
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        ImageLoader loader = new ImageLoader();
        loader.data = new ImageData[] {data};
        loader.save(out.toString(), SWT.IMAGE_PNG);
    }

}
