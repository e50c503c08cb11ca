package org.hyperupcall.launch.debug;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.core.model.IVariable;

/**
 * A variable of the stopped program as the adapter shows it (a register, a context field, a
 * registered range, a row of the stack) or one of its scopes: name, value, type, and children when
 * it has a variables reference. Read-only: the adapter does not set values.
 */
public final class HucVariable extends HucDebugElement implements IVariable {
    private final String name;
    private final HucValue value;
    private final String memoryReference;

    HucVariable(HucDebugTarget target, String name, String value, String type, int variablesReference, String memoryReference) {
        super(target);
        this.name = name;
        this.value = new HucValue(target, value, type, variablesReference);
        this.memoryReference = memoryReference;
    }

    /** Where the variable's memory starts ({@code 0x…}), for the memory view; null when it names no memory. */
    public String memoryReference() {
        return memoryReference;
    }

    @Override
    public HucValue getValue() {
        return value;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getReferenceTypeName() {
        return value.getReferenceTypeName();
    }

    @Override
    public boolean hasValueChanged() {
        return false;
    }

    @Override
    public void setValue(String expression) throws DebugException {
        throw HucDebugModel.failure("the debugger shows the program's state, it does not change it", null);
    }

    @Override
    public void setValue(IValue v) throws DebugException {
        setValue(v.getValueString());
    }

    @Override
    public boolean supportsValueModification() {
        return false;
    }

    @Override
    public boolean verifyValue(String expression) {
        return false;
    }

    @Override
    public boolean verifyValue(IValue v) {
        return false;
    }
}
