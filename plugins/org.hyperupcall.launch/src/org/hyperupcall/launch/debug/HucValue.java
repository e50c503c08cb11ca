package org.hyperupcall.launch.debug;

import java.util.Arrays;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.core.model.IVariable;
import org.eclipse.lsp4j.debug.VariablesArguments;

/** The value of a {@link HucVariable}: the adapter's text and type, and its children (asked of the adapter once) when it has some. */
public final class HucValue extends HucDebugElement implements IValue {
    private final String value;
    private final String type;
    private final int variablesReference;
    private HucVariable[] children;

    HucValue(HucDebugTarget target, String value, String type, int variablesReference) {
        super(target);
        this.value = value == null ? "" : value;
        this.type = type == null ? "" : type;
        this.variablesReference = variablesReference;
    }

    @Override
    public String getReferenceTypeName() {
        return type;
    }

    @Override
    public String getValueString() {
        return value;
    }

    @Override
    public boolean isAllocated() {
        return true;
    }

    @Override
    public synchronized IVariable[] getVariables() throws DebugException {
        if (variablesReference <= 0) {
            return new IVariable[0];
        }
        if (children == null) {
            VariablesArguments args = new VariablesArguments();
            args.setVariablesReference(variablesReference);
            children = Arrays.stream(HucDebugModel.await(target().server().variables(args), "variables").getVariables())
                    .map(v -> new HucVariable(target(), v.getName(), v.getValue(), v.getType(), v.getVariablesReference(), v.getMemoryReference()))
                    .toArray(HucVariable[]::new);
        }
        return children.clone();
    }

    @Override
    public boolean hasVariables() {
        return variablesReference > 0;
    }
}
