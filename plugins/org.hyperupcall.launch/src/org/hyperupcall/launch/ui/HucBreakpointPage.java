package org.hyperupcall.launch.ui;

import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.PropertyPage;
import org.hyperupcall.launch.debug.HucLineBreakpoint;

/**
 * Breakpoint Properties of a HUC line breakpoint (Breakpoints view): its condition, which the
 * debugger checks where the breakpoint is placed (a condition it cannot read leaves the breakpoint
 * unplaced, with the reason in the console).
 */
public class HucBreakpointPage extends PropertyPage {
    private Text condition;

    @Override
    protected Control createContents(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(1).applyTo(c);
        Label help = new Label(c, SWT.WRAP);
        help.setText("Stop only where this holds (empty: always). Registers r0..r10, context fields ctx.NAME and integers,\n"
                + "compared with == != < <= > >= and joined by && and ||, e.g. ctx.target_vcpu == 3 && r0 != 0");
        condition = new Text(c, SWT.BORDER | SWT.SINGLE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(condition);
        HucLineBreakpoint b = breakpoint();
        condition.setText(b == null ? "" : b.getCondition());
        return c;
    }

    private HucLineBreakpoint breakpoint() {
        return Adapters.adapt(getElement(), HucLineBreakpoint.class);
    }

    @Override
    public boolean performOk() {
        HucLineBreakpoint b = breakpoint();
        if (b != null && !condition.getText().strip().equals(b.getCondition())) {
            try {
                b.setCondition(condition.getText());
            } catch (CoreException e) {
                setErrorMessage(e.getStatus().getMessage());
                return false;
            }
        }
        return true;
    }
}
