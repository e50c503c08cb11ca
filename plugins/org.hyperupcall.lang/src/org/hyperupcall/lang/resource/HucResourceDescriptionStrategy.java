package org.hyperupcall.lang.resource;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IReferenceDescription;
import org.eclipse.xtext.resource.impl.DefaultResourceDescriptionStrategy;
import org.eclipse.xtext.util.IAcceptor;
import org.hyperupcall.lang.huc.Declarator;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.EnumDef;
import org.hyperupcall.lang.huc.Enumerator;
import org.hyperupcall.lang.huc.ExternDecl;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.GlobalVar;
import org.hyperupcall.lang.huc.InitDeclarator;
import org.hyperupcall.lang.huc.StructDef;
import org.hyperupcall.lang.huc.TranslationUnit;
import org.hyperupcall.lang.huc.Typedef;

/**
 * What Xtext's index holds of a HUC file: its file-scope names (functions, #defines, structs,
 * enums and their enumerators, typedefs, externs, globals; what workspace/symbol lists), and no
 * references (the grammar has none). Xtext's default exports every object with a name feature,
 * each use of a variable included, and walks every object for references.
 */
public class HucResourceDescriptionStrategy extends DefaultResourceDescriptionStrategy {
    @Override
    public boolean createEObjectDescriptions(EObject o, IAcceptor<IEObjectDescription> acceptor) {
        if (o instanceof TranslationUnit || o instanceof Typedef || o instanceof ExternDecl || o instanceof GlobalVar
                || o instanceof InitDeclarator) {
            return true; // their declarators are the names
        }
        if (o instanceof Function || o instanceof Define || o instanceof StructDef || o instanceof Enumerator || o instanceof Declarator) {
            super.createEObjectDescriptions(o, acceptor);
            return false;
        }
        if (o instanceof EnumDef) {
            super.createEObjectDescriptions(o, acceptor);
            return true; // its enumerators
        }
        return false;
    }

    @Override
    public boolean createReferenceDescriptions(EObject from, URI exportedContainerURI, IAcceptor<IReferenceDescription> acceptor) {
        return false;
    }
}
