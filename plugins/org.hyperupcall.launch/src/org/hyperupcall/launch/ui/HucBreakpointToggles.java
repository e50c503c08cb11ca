package org.hyperupcall.launch.ui;

import java.util.Set;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.ui.actions.IToggleBreakpointsTarget;
import org.eclipse.debug.ui.actions.IToggleBreakpointsTargetFactory;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPart;
import org.hyperupcall.launch.debug.HucDebugModel;
import org.hyperupcall.launch.debug.HucLineBreakpoint;

/**
 * Line breakpoints in the editor of a .huc file: a double click in the ruler, Run &gt; Toggle
 * Breakpoint (Ctrl+Shift+B) add a {@link HucLineBreakpoint} on the line, or remove the one there.
 */
public class HucBreakpointToggles implements IToggleBreakpointsTargetFactory {
    /** The toggle target's id. */
    public static final String ID = "org.hyperupcall.launch.lineBreakpoints";

    @Override
    public Set<String> getToggleTargets(IWorkbenchPart part, ISelection selection) {
        return file(part) == null ? Set.of() : Set.of(ID);
    }

    @Override
    public String getDefaultToggleTarget(IWorkbenchPart part, ISelection selection) {
        return file(part) == null ? null : ID;
    }

    @Override
    public IToggleBreakpointsTarget createToggleTarget(String targetID) {
        return ID.equals(targetID) ? new LineBreakpoints() : null;
    }

    @Override
    public String getToggleTargetName(String targetID) {
        return "HUC Line Breakpoints";
    }

    @Override
    public String getToggleTargetDescription(String targetID) {
        return "Line breakpoints where the Hyperupcall debugger stops a hyperupcall";
    }

    /** The .huc workspace file of an editor, or null. */
    static IFile file(IWorkbenchPart part) {
        if (!(part instanceof IEditorPart editor)) {
            return null;
        }
        IFile f = Adapters.adapt(editor.getEditorInput(), IFile.class);
        return f != null && "huc".equals(f.getFileExtension()) ? f : null;
    }

    /** Toggles the breakpoint of the selection's first line. */
    static final class LineBreakpoints implements IToggleBreakpointsTarget {
        @Override
        public boolean canToggleLineBreakpoints(IWorkbenchPart part, ISelection selection) {
            return file(part) != null && selection instanceof ITextSelection;
        }

        @Override
        public void toggleLineBreakpoints(IWorkbenchPart part, ISelection selection) throws CoreException {
            IFile file = file(part);
            if (file == null || !(selection instanceof ITextSelection text)) {
                return;
            }
            int line = text.getStartLine() + 1;
            for (IBreakpoint b : DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(HucDebugModel.MODEL_ID)) {
                if (b instanceof HucLineBreakpoint h && h.getMarker() != null && file.equals(h.getMarker().getResource())
                        && h.getLineNumber() == line) {
                    h.delete();
                    return;
                }
            }
            new HucLineBreakpoint(file, line);
        }

        @Override
        public boolean canToggleMethodBreakpoints(IWorkbenchPart part, ISelection selection) {
            return false;
        }

        @Override
        public void toggleMethodBreakpoints(IWorkbenchPart part, ISelection selection) {
            // HUC's functions are inlined: no method breakpoints
        }

        @Override
        public boolean canToggleWatchpoints(IWorkbenchPart part, ISelection selection) {
            return false;
        }

        @Override
        public void toggleWatchpoints(IWorkbenchPart part, ISelection selection) {
            // no watchpoints
        }
    }
}
