package org.hyperupcall.lang.ide;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.Field;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.abi.HelperSpec;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.abi.Struct;
import org.hyperupcall.lang.compiler.CType;
import org.hyperupcall.lang.compiler.Typing;
import org.hyperupcall.lang.huc.Declarator;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.Enumerator;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.ExternDecl;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.InitElement;
import org.hyperupcall.lang.huc.ListInit;
import org.hyperupcall.lang.huc.MemberExpression;
import org.hyperupcall.lang.huc.Param;
import org.hyperupcall.lang.huc.TranslationUnit;

/**
 * Completion: after {@code x.} and {@code x->} the members of the struct or union the compiler
 * types x with (after the {@code .} of a designator, of the one its brace list fills); elsewhere, besides the grammar's keywords,
 * the helpers the enclosing entry point's event allows (with their prototypes), locals and
 * parameters, constants of the file and of hyperupcall.h, externs and the guest's symbols.
 */
public class HucProposals extends IdeContentProposalProvider {
    private static final int PRIORITY = 600;
    /** The integer types of HUC (hyperupcall.h's and the C and stdint spellings). */
    private static final String[] TYPES = {"u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "bool", "void", "int", "long",
        "char", "short", "unsigned", "signed", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "int8_t", "int16_t", "int32_t",
        "int64_t", "size_t"};

    @Override
    public void createProposals(Collection<ContentAssistContext> contexts, IIdeContentProposalAcceptor acceptor) {
        if (contexts.isEmpty()) {
            return;
        }
        // Xtext gives a context per way to read the text before the cursor, in no fixed order: after
        // "hup_" one that completes the identifier (prefix "hup_") and one that follows it as a
        // finished token (prefix ""); after "->" one that completes "->" and one after it. What is
        // completed is the identifier being typed (maybe empty): the contexts of that prefix only
        // (from one of the others a client would get items that do not replace what was typed).
        ContentAssistContext any = contexts.iterator().next();
        String word = identifierBefore(any.getRootNode() == null ? "" : any.getRootNode().getText(), any.getOffset());
        Collection<ContentAssistContext> typed = contexts.stream().filter(c -> word.equals(c.getPrefix() == null ? "" : c.getPrefix())).toList();
        if (!typed.isEmpty()) {
            contexts = typed;
        }
        ContentAssistContext context = contexts.iterator().next();
        String text = context.getRootNode() == null ? "" : context.getRootNode().getText();
        int offset = context.getOffset();
        String prefix = context.getPrefix() == null ? "" : context.getPrefix();
        EObject root = context.getRootModel();
        TranslationUnit unit = root instanceof TranslationUnit t ? t : null;
        Optional<Event> event = HucAbiNames.eventAt(unit, text, offset);
        if (unit != null && members(acceptor, prefix, unit, text, offset - prefix.length())) {
            return; // after . or -> only members make sense
        }
        super.createProposals(contexts, acceptor);
        Set<String> seen = new HashSet<>();
        for (String type : TYPES) {
            seen.add(type);
            add(acceptor, prefix, type, "type", "", ContentAssistEntry.KIND_KEYWORD);
        }
        for (TranslationUnit u : HucAbiNames.visible(unit)) {
            for (org.hyperupcall.lang.huc.Typedef td : EcoreUtil2.getAllContentsOfType(u, org.hyperupcall.lang.huc.Typedef.class)) {
                if (td.getDeclarator() != null && td.getDeclarator().getName() != null && seen.add(td.getDeclarator().getName())) {
                    add(acceptor, prefix, td.getDeclarator().getName(), "typedef", "", ContentAssistEntry.KIND_CLASS);
                }
            }
        }
        for (HelperSpec h : Helpers.all()) {
            if (event.isPresent() && h.localOnly() && event.get().isGlobal()) {
                continue; // not allowed in this entry point's event
            }
            add(acceptor, prefix, h.name(), h.prototype(), h.doc() + (h.localOnly() ? " (local events only)" : ""),
                    ContentAssistEntry.KIND_FUNCTION);
            seen.add(h.name());
        }
        Function f = HucAbiNames.functionAt(unit, offset);
        if (f != null) {
            for (Param p : f.getParams()) {
                if (p.getDeclarator() != null && p.getDeclarator().getName() != null && seen.add(p.getDeclarator().getName())) {
                    add(acceptor, prefix, p.getDeclarator().getName(), "parameter", "", ContentAssistEntry.KIND_VARIABLE);
                }
            }
            for (Declarator d : EcoreUtil2.getAllContentsOfType(f, Declarator.class)) {
                if (d.getName() != null && seen.add(d.getName())) {
                    add(acceptor, prefix, d.getName(), "local", "", ContentAssistEntry.KIND_VARIABLE);
                }
            }
        }
        for (TranslationUnit u : HucAbiNames.visible(unit)) {
            for (Define d : EcoreUtil2.getAllContentsOfType(u, Define.class)) {
                if (seen.add(d.getName())) {
                    add(acceptor, prefix, d.getName(), "#define", "", ContentAssistEntry.KIND_VALUE);
                }
            }
            for (Enumerator e : EcoreUtil2.getAllContentsOfType(u, Enumerator.class)) {
                if (seen.add(e.getName())) {
                    add(acceptor, prefix, e.getName(), "enumerator", "", ContentAssistEntry.KIND_VALUE);
                }
            }
            for (ExternDecl x : EcoreUtil2.getAllContentsOfType(u, ExternDecl.class)) {
                if (x.getDeclarator() != null && seen.add(x.getDeclarator().getName())) {
                    add(acceptor, prefix, x.getDeclarator().getName(), "extern", "guest memory", ContentAssistEntry.KIND_VARIABLE);
                }
            }
            for (Function g : EcoreUtil2.getAllContentsOfType(u, Function.class)) {
                if (g.getSection() == null && seen.add(g.getName())) {
                    add(acceptor, prefix, g.getName(), "function of this file", "", ContentAssistEntry.KIND_FUNCTION);
                }
            }
        }
        for (Constants.Constant c : Constants.ALL) {
            if (seen.add(c.name())) {
                add(acceptor, prefix, c.name(), String.valueOf(c.value()), c.doc(), ContentAssistEntry.KIND_VALUE);
            }
        }
        event.ifPresent(e -> e.returnCodes().values().forEach(c -> {
            if (seen.add(c.name())) {
                add(acceptor, prefix, c.name(), String.valueOf(c.value()), "return code of " + e.id() + ": " + c.doc(),
                        ContentAssistEntry.KIND_VALUE);
            }
        }));
        for (GuestLayout.Symbol s : GuestLayout.defaults().symbols()) {
            if (seen.add(s.name())) {
                add(acceptor, prefix, s.name(), "guest symbol (declare it extern)", s.doc(), ContentAssistEntry.KIND_REFERENCE);
            }
        }
    }

    /**
     * After {@code x.} or {@code x->} at offset at (and after the {@code .} of a designator), the
     * members of the struct or union the compiler types x with (that the brace list fills); false
     * when no such operator precedes at.
     */
    private static boolean members(IIdeContentProposalAcceptor acceptor, String prefix, TranslationUnit unit, String text, int at) {
        int i = Math.min(at, text.length());
        while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        boolean arrow = i >= 2 && text.startsWith("->", i - 2);
        ICompositeNode root = NodeModelUtils.getNode(unit);
        if (!arrow && (i < 1 || text.charAt(i - 1) != '.') || root == null) {
            return false;
        }
        ILeafNode op = NodeModelUtils.findLeafNodeAtOffset(root.getRootNode(), i - (arrow ? 2 : 1));
        if (op == null || !(op.getGrammarElement() instanceof Keyword)) {
            return false; // the . of a number
        }
        Typing typing = Typing.of(unit);
        EObject owner = NodeModelUtils.findActualSemanticObjectFor(op);
        int j = op.getOffset();
        while (j > 0 && Character.isWhitespace(text.charAt(j - 1))) {
            j--;
        }
        ILeafNode before = j == 0 ? null : NodeModelUtils.findLeafNodeAtOffset(root.getRootNode(), j - 1);
        EObject previous = before == null ? null : NodeModelUtils.findActualSemanticObjectFor(before);
        Optional<CType.Aggregate> a;
        if (owner instanceof MemberExpression m && m.getTarget() != null) {
            a = typing.accessed(m.getTarget(), arrow);
        } else if (owner instanceof InitElement e && e.eContainer() instanceof ListInit l) {
            a = typing.typeOf(l).filter(CType::isStruct).map(CType::aggregate);
        } else if (!arrow && previous instanceof ListInit l && before.getGrammarElement() instanceof Keyword) {
            a = typing.typeOf(l).filter(CType::isStruct).map(CType::aggregate); // a designator that did not parse: "{ ." or ", ."
        } else if (previous instanceof Expression x) {
            a = typing.accessed(x, arrow); // no member expression was made of the text: the expression before the operator
        } else {
            return false;
        }
        a.ifPresent(x -> {
            Optional<Struct> abi = typing.definition(x).isPresent() ? Optional.empty() : Typing.abiStruct(x.name());
            for (CType.Member m : x.members()) {
                Optional<Field> f = abi.flatMap(s -> s.field(m.name()));
                add(acceptor, prefix, m.name(), (f.isPresent() ? f.get().cType() : m.type()) + " " + m.name(), f.isPresent()
                        ? HucAbiNames.describe(abi.get(), f.get())
                        : (x.union() ? "union " : "struct ") + x.name() + ", offset " + m.offset() + ", " + m.type().size() + " bytes",
                        ContentAssistEntry.KIND_FIELD);
            }
        });
        return true;
    }

    /** The grammar's names of features (name, value, label...) are no proposals: names come from the file and the ABI. */
    @Override
    protected void _createProposals(org.eclipse.xtext.Assignment assignment, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        if (assignment.getTerminal() instanceof org.eclipse.xtext.RuleCall rc && rc.getRule() instanceof org.eclipse.xtext.TerminalRule) {
            return;
        }
        super._createProposals(assignment, context, acceptor);
    }

    /** The C identifier characters just before offset. */
    private static String identifierBefore(String text, int offset) {
        int start = Math.min(offset, text.length());
        while (start > 0 && (Character.isLetterOrDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '_')) {
            start--;
        }
        return text.substring(start, Math.min(offset, text.length()));
    }

    private static void add(IIdeContentProposalAcceptor acceptor, String prefix, String name, String detail, String doc, String kind) {
        if (!name.startsWith(prefix)) {
            return;
        }
        ContentAssistEntry e = new ContentAssistEntry();
        e.setPrefix(prefix);
        e.setProposal(name);
        e.setLabel(name);
        e.setDescription(detail);
        e.setDocumentation(doc);
        e.setKind(kind);
        acceptor.accept(e, PRIORITY);
    }
}
