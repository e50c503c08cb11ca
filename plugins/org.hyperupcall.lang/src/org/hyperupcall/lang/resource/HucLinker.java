package org.hyperupcall.lang.resource;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.diagnostics.IDiagnosticConsumer;
import org.eclipse.xtext.linking.ILinker;

/** Links nothing: HUC's grammar has no cross-references (Xtext's linker would walk every object and node to find none). */
public class HucLinker implements ILinker {
    @Override
    public void linkModel(EObject model, IDiagnosticConsumer diagnosticsConsumer) {
        // no cross-references
    }
}
