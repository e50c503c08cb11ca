package org.hyperupcall.studio;

import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IVariable;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.IDebugView;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.TextSelection;
import org.eclipse.jface.viewers.AbstractTreeViewer;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.hyperupcall.launch.debug.HucDebugModel;
import org.hyperupcall.launch.debug.HucDebugTarget;
import org.hyperupcall.launch.ui.HucLaunchShortcut;

/**
 * {@code ./huc studio --demo-debug}: the TLB example paused at a breakpoint, as a user gets there:
 * the Debug perspective, tlb_shootdown.huc in the HUC editor, a breakpoint toggled on the merge of
 * deferred flushes, Debug As &gt; Hyperupcall; once the hyperupcall stops there, the Variables view
 * shows the context. With a screenshot file it saves the window then and closes the studio.
 */
final class DebugDemo {
    static final String FILE = "tlb_shootdown.huc";
    private static final String LINE = "if (ts->pending_flush_end != 0)";

    private DebugDemo() {
    }

    static void start(IWorkbenchWindow window, IFile file, String shot) {
        // the whole screen: the Debug perspective has three columns of views
        window.getShell().setBounds(window.getShell().getDisplay().getPrimaryMonitor().getClientArea());
        try {
            PlatformUI.getWorkbench().showPerspective(IDebugUIConstants.ID_DEBUG_PERSPECTIVE, window);
            IWorkbenchPage page = window.getActivePage();
            ITextEditor editor = (ITextEditor) IDE.openEditor(page, file);
            DebugPlugin.getDefault().getBreakpointManager().removeBreakpoints(
                    DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(HucDebugModel.MODEL_ID), true);
            IDocument doc = editor.getDocumentProvider().getDocument(editor.getEditorInput());
            TextSelection line = new TextSelection(doc, doc.get().indexOf(LINE), 0);
            DebugUITools.getToggleBreakpointsTargetManager().getToggleBreakpointsTarget(editor, line).toggleLineBreakpoints(editor, line);
            DebugUITools.launch(HucLaunchShortcut.configurationFor(file), ILaunchManager.DEBUG_MODE);
        } catch (CoreException | ClassCastException | NullPointerException e) {
            System.err.println("hyperupcall studio: cannot start the debug demo: " + e);
            return;
        }
        waitForStop(window, shot.isEmpty() ? null : Path.of(shot), System.currentTimeMillis() + 120_000);
    }

    /** Once the hyperupcall is stopped (or after the deadline): the locals and the context expanded, then the screenshot. */
    private static void waitForStop(IWorkbenchWindow window, Path shot, long deadline) {
        Display display = window.getShell().getDisplay();
        IThread stopped = stoppedThread();
        if (stopped == null && System.currentTimeMillis() < deadline) {
            display.timerExec(250, () -> waitForStop(window, shot, deadline));
            return;
        }
        // a moment for the Debug view to select the frame and the Variables view to fill, then the context
        display.timerExec(1500, () -> {
            expandScopes(window.getActivePage(), stopped);
            if (shot != null) {
                display.timerExec(1500, () -> StudioStartup.shootAndClose(window.getShell(), shot, DebugDemo::terminateAll));
            }
        });
    }

    private static void terminateAll() {
        for (ILaunch l : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
            try {
                l.terminate();
            } catch (DebugException e) {
                System.err.println("hyperupcall studio: cannot terminate " + l + ": " + e);
            }
        }
    }

    private static IThread stoppedThread() {
        for (IDebugTarget t : DebugPlugin.getDefault().getLaunchManager().getDebugTargets()) {
            if (t instanceof HucDebugTarget h && h.isSuspended()) {
                return h.getThreads()[0];
            }
        }
        return null;
    }

    /** Expands the Locals and Context scopes in the Variables view. */
    private static void expandScopes(IWorkbenchPage page, IThread thread) {
        if (thread == null || !(page.findView(IDebugUIConstants.ID_VARIABLE_VIEW) instanceof IDebugView view)
                || !(view.getViewer() instanceof AbstractTreeViewer tree)) {
            return;
        }
        try {
            IStackFrame frame = thread.getTopStackFrame();
            Arrays.stream(frame.getVariables()).filter(v -> name(v).startsWith("Locals") || name(v).startsWith("Context"))
                    .forEach(scope -> tree.expandToLevel(scope, 1));
        } catch (DebugException e) {
            System.err.println("hyperupcall studio: cannot read the variables: " + e);
        }
    }

    private static String name(IVariable v) {
        try {
            return v.getName();
        } catch (DebugException e) {
            return "";
        }
    }
}
