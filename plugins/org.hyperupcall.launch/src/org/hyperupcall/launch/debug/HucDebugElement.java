package org.hyperupcall.launch.debug;

import org.eclipse.debug.core.model.DebugElement;
import org.eclipse.debug.core.model.IMemoryBlockRetrieval;
import org.eclipse.debug.core.model.IMemoryBlockRetrievalExtension;

/** An element of a Hyperupcall debug session: its model, its target, and the memory view through the target. */
abstract class HucDebugElement extends DebugElement {

    HucDebugElement(HucDebugTarget target) {
        super(target);
    }

    @Override
    public String getModelIdentifier() {
        return HucDebugModel.MODEL_ID;
    }

    HucDebugTarget target() {
        return (HucDebugTarget) getDebugTarget();
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter == IMemoryBlockRetrieval.class || adapter == IMemoryBlockRetrievalExtension.class) {
            return adapter.cast(target());
        }
        return super.getAdapter(adapter);
    }
}
