package org.hyperupcall.launch.debug;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.LineBreakpoint;

/**
 * A breakpoint on a line of a HUC file, with an optional condition over the registers and the
 * context ({@code ctx.target_vcpu == 3 && r0 != 0}, as {@code huc dap} reads conditions). Its
 * marker ({@link HucDebugModel#BREAKPOINT_MARKER}) persists with the workspace.
 */
public final class HucLineBreakpoint extends LineBreakpoint {

    /** For the breakpoint manager, which restores breakpoints from their markers. */
    public HucLineBreakpoint() {
    }

    /** A breakpoint on a line (1-based) of a file, registered with the breakpoint manager (which tells running sessions). */
    public HucLineBreakpoint(IResource file, int line) throws CoreException {
        run(getMarkerRule(file), monitor -> {
            IMarker marker = file.createMarker(HucDebugModel.BREAKPOINT_MARKER);
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put(IBreakpoint.ID, HucDebugModel.MODEL_ID);
            attributes.put(IBreakpoint.ENABLED, Boolean.TRUE);
            attributes.put(IMarker.LINE_NUMBER, line);
            attributes.put(IMarker.MESSAGE, "Line breakpoint: " + file.getName() + " [line: " + line + "]");
            marker.setAttributes(attributes);
            setMarker(marker);
        });
        DebugPlugin.getDefault().getBreakpointManager().addBreakpoint(this);
    }

    @Override
    public String getModelIdentifier() {
        return HucDebugModel.MODEL_ID;
    }

    /** The condition, "" when the breakpoint always stops. */
    public String getCondition() {
        IMarker m = getMarker();
        return m == null ? "" : m.getAttribute(HucDebugModel.ATTR_CONDITION, "");
    }

    /** Sets the condition ("" or null: always stop); running sessions get it at once. */
    public void setCondition(String condition) throws CoreException {
        setAttribute(HucDebugModel.ATTR_CONDITION, condition == null ? "" : condition.strip());
    }
}
