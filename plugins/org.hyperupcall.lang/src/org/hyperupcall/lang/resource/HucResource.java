package org.hyperupcall.lang.resource;

import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.xtext.linking.lazy.LazyLinkingResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * A HUC file's resource. HUC's grammar has no cross-references (names are resolved by the
 * language's own C scope rules), so there is nothing to resolve lazily, and objects of an unloaded
 * resource need not become proxies that another resource could resolve again: Xtext's work for
 * both (a walk over every object, and a URI fragment computed for each) is skipped. The language
 * server unloads and reparses a document at every build, so this is time saved on every edit.
 */
public class HucResource extends LazyLinkingResource {
    @Override
    public void resolveLazyCrossReferences(CancelIndicator mon) {
        // no cross-references
    }

    @Override
    protected void unloaded(InternalEObject internalEObject) {
        internalEObject.eAdapters().clear();
    }
}
