package org.hyperupcall.launch.ui;

import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.core.sourcelookup.containers.LocalFileStorage;
import org.eclipse.debug.ui.IDebugModelPresentation;
import org.eclipse.debug.ui.IValueDetailListener;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.ide.FileStoreEditorInput;
import org.eclipse.ui.part.FileEditorInput;
import org.hyperupcall.launch.debug.HucDebugTarget;
import org.hyperupcall.launch.debug.HucLineBreakpoint;
import org.hyperupcall.launch.debug.HucStackFrame;
import org.hyperupcall.launch.debug.HucThread;

/**
 * How the Debug, Variables and Breakpoints views show a Hyperupcall debug session, and where its
 * source opens: the HUC file (workspace or disk) in the HUC editor (the generic editor), at the
 * frame's line.
 */
public class HucModelPresentation extends LabelProvider implements IDebugModelPresentation {
    /** The HUC editor: the platform's generic editor with HUC's services (org.hyperupcall.ui). */
    static final String EDITOR_ID = "org.eclipse.ui.genericeditor.GenericEditor";

    @Override
    public String getText(Object element) {
        try {
            if (element instanceof HucDebugTarget t) {
                return t.getName() + (t.isTerminated() ? " <terminated>" : "");
            }
            if (element instanceof HucThread t) {
                return t.getName() + " (" + state(t) + ")";
            }
            if (element instanceof HucStackFrame f) {
                return f.getName() + " line: " + f.getLineNumber();
            }
            if (element instanceof HucLineBreakpoint b) {
                String condition = b.getCondition();
                return b.getMarker().getResource().getName() + " [line: " + b.getLineNumber() + "]"
                        + (condition.isEmpty() ? "" : " if " + condition);
            }
        } catch (CoreException e) {
            return null; // the element went away: the default label
        }
        return null; // variables and values: the views' name and value columns
    }

    /** Running, stepping, or why it is suspended: at a breakpoint (its line), after a step, at a fault (its message). */
    static String state(HucThread t) throws DebugException {
        if (t.isTerminated()) {
            return "Terminated";
        }
        if (!t.isSuspended()) {
            return t.isStepping() ? "Stepping" : "Running";
        }
        String reason = t.stopReason();
        String description = t.stopDescription();
        return switch (reason) {
            case "breakpoint" -> "Suspended: breakpoint at line " + t.getTopStackFrame().getLineNumber();
            case "exception" -> "Suspended: fault: " + description;
            case "step" -> "Suspended" + (description == null ? "" : ": " + description);
            default -> "Suspended: " + (description == null ? reason : description);
        };
    }

    @Override
    public void computeDetail(IValue value, IValueDetailListener listener) {
        String detail;
        try {
            detail = value.getValueString();
        } catch (DebugException e) {
            detail = e.getStatus().getMessage();
        }
        listener.detailComputed(value, detail);
    }

    @Override
    public void setAttribute(String attribute, Object value) {
        // no options
    }

    @Override
    public IEditorInput getEditorInput(Object element) {
        if (element instanceof HucLineBreakpoint b && b.getMarker() != null && b.getMarker().getResource() instanceof IFile f) {
            return new FileEditorInput(f);
        }
        if (element instanceof IFile f) {
            return new FileEditorInput(f);
        }
        if (element instanceof LocalFileStorage s) {
            return new FileStoreEditorInput(EFS.getLocalFileSystem().fromLocalFile(s.getFile()));
        }
        return null;
    }

    @Override
    public String getEditorId(IEditorInput input, Object element) {
        return EDITOR_ID;
    }
}
