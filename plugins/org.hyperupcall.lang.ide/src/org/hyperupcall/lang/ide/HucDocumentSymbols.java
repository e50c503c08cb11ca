package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.hyperupcall.lang.huc.Declarator;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.Enumerator;
import org.hyperupcall.lang.huc.ExternDecl;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.Param;
import org.hyperupcall.lang.huc.StructDef;
import org.hyperupcall.lang.huc.TranslationUnit;

/**
 * The outline (documentSymbol): entry points (with their event) and functions with their parameters
 * and locals, structs and unions with their fields, #defines, enumerators, externs and typedefs; each
 * once, with its kind. Positions come from the parse's line breaks (linear in the file's size).
 */
final class HucDocumentSymbols {
    private HucDocumentSymbols() {
    }

    static List<org.eclipse.lsp4j.DocumentSymbol> of(Document doc, XtextResource resource) {
        List<org.eclipse.lsp4j.DocumentSymbol> out = new ArrayList<>();
        TranslationUnit unit = HucLanguageServerImpl.unit(resource);
        if (unit == null || NodeModelUtils.getNode(unit) == null) {
            return out;
        }
        Outline document = new Outline(doc.getContents(), NodeModelUtils.getNode(unit).getRootNode());
        for (org.hyperupcall.lang.huc.TopLevel t : unit.getItems()) {
            HucRequestManager.checkCanceled();
            if (t instanceof Function f && f.getName() != null) {
                org.eclipse.lsp4j.DocumentSymbol s = symbol(document, f, f.getName(), org.eclipse.lsp4j.SymbolKind.Function,
                        f.getSection() != null ? f.getSection().getName().replace("\"", "") : "inline function");
                if (s == null) {
                    continue;
                }
                List<org.eclipse.lsp4j.DocumentSymbol> children = new ArrayList<>();
                for (Param p : f.getParams()) {
                    if (p.getDeclarator() != null && p.getDeclarator().getName() != null) {
                        addIfPresent(children, symbol(document, p, p.getDeclarator().getName(), org.eclipse.lsp4j.SymbolKind.Variable, "parameter"));
                    }
                }
                for (Declarator d : EcoreUtil2.getAllContentsOfType(f, Declarator.class)) {
                    if (d.getName() != null) {
                        addIfPresent(children, symbol(document, d, d.getName(), org.eclipse.lsp4j.SymbolKind.Variable, "local"));
                    }
                }
                s.setChildren(children);
                out.add(s);
            } else if (t instanceof Define d) {
                addIfPresent(out, symbol(document, d, d.getName(), org.eclipse.lsp4j.SymbolKind.Constant, "#define"));
            } else if (t instanceof ExternDecl x && x.getDeclarator() != null) {
                addIfPresent(out, symbol(document, x, x.getDeclarator().getName(), org.eclipse.lsp4j.SymbolKind.Variable, "extern"));
            } else if (t instanceof org.hyperupcall.lang.huc.Typedef td && td.getDeclarator() != null) {
                addIfPresent(out, symbol(document, td, td.getDeclarator().getName(), org.eclipse.lsp4j.SymbolKind.TypeParameter, "typedef"));
            }
        }
        HucRequestManager.checkCanceled();
        for (StructDef sd : EcoreUtil2.getAllContentsOfType(unit, StructDef.class)) {
            if (sd.getName() == null) {
                continue;
            }
            org.eclipse.lsp4j.DocumentSymbol s = symbol(document, sd, sd.getName(), org.eclipse.lsp4j.SymbolKind.Struct, sd.getKind());
            if (s != null) {
                List<org.eclipse.lsp4j.DocumentSymbol> fields = new ArrayList<>();
                for (org.hyperupcall.lang.huc.FieldDeclarator fd : EcoreUtil2.getAllContentsOfType(sd, org.hyperupcall.lang.huc.FieldDeclarator.class)) {
                    addIfPresent(fields, symbol(document, fd, fd.getName(), org.eclipse.lsp4j.SymbolKind.Field, "member"));
                }
                s.setChildren(fields);
                out.add(s);
            }
        }
        for (Enumerator e : EcoreUtil2.getAllContentsOfType(unit, Enumerator.class)) {
            addIfPresent(out, symbol(document, e, e.getName(), org.eclipse.lsp4j.SymbolKind.EnumMember, "enumerator"));
        }
        return out;
    }


    private static void addIfPresent(List<org.eclipse.lsp4j.DocumentSymbol> to, org.eclipse.lsp4j.DocumentSymbol s) {
        if (s != null) {
            to.add(s);
        }
    }

    /**
     * A document's text and its parse's root node, whose line breaks (found once per parse) give
     * positions by binary search: Xtext's Document.getPosition counts from the start of the text
     * at every call, which made the outline of a 20,000-line file quadratic.
     */
    private record Outline(String text, org.eclipse.xtext.nodemodel.INode root) {
        Position position(int offset) {
            return HucNavigation.position(root, offset);
        }
    }

    private static org.eclipse.lsp4j.DocumentSymbol symbol(Outline document, EObject node, String name, org.eclipse.lsp4j.SymbolKind kind,
            String detail) {
        ICompositeNode n = NodeModelUtils.findActualNodeFor(node);
        if (n == null || name == null) {
            return null;
        }
        Range full = new Range(document.position(n.getOffset()), document.position(n.getEndOffset()));
        int at = find(document.text(), name, n.getOffset(), n.getEndOffset());
        Range selection = at < 0 ? full
                : new Range(document.position(at), document.position(at + name.length()));
        return new org.eclipse.lsp4j.DocumentSymbol(name, kind, full, selection, detail);
    }

    /** Where name first stands in text between from and to, or -1 (never looking past to). */
    private static int find(String text, String name, int from, int to) {
        for (int i = Math.max(0, from); i + name.length() <= Math.min(to, text.length()); i++) {
            if (text.startsWith(name, i)) {
                return i;
            }
        }
        return -1;
    }
}
