package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.RuleCall;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.lang.Includes;
import org.hyperupcall.lang.compiler.CType;
import org.hyperupcall.lang.compiler.Typing;
import org.hyperupcall.lang.huc.Block;
import org.hyperupcall.lang.huc.Declarator;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.EnumDef;
import org.hyperupcall.lang.huc.Enumerator;
import org.hyperupcall.lang.huc.ExternDecl;
import org.hyperupcall.lang.huc.FieldDecl;
import org.hyperupcall.lang.huc.FieldDeclarator;
import org.hyperupcall.lang.huc.ForStatement;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.GlobalVar;
import org.hyperupcall.lang.huc.InitDeclarator;
import org.hyperupcall.lang.huc.InitElement;
import org.hyperupcall.lang.huc.ListInit;
import org.hyperupcall.lang.huc.LocalDecl;
import org.hyperupcall.lang.huc.MemberExpression;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.Param;
import org.hyperupcall.lang.huc.ParamDeclarator;
import org.hyperupcall.lang.huc.Statement;
import org.hyperupcall.lang.huc.StructDef;
import org.hyperupcall.lang.huc.SwitchCase;
import org.hyperupcall.lang.huc.SwitchStatement;
import org.hyperupcall.lang.huc.TaggedType;
import org.hyperupcall.lang.huc.TopLevel;
import org.hyperupcall.lang.huc.TranslationUnit;
import org.hyperupcall.lang.huc.Typedef;
import org.hyperupcall.lang.huc.TypedefRef;

/**
 * Names in HUC source resolved over the identifier tokens of the node model (so comments and
 * strings never count), as the compiler resolves them ({@link Typing}): an ordinary identifier
 * among the locals and parameters of the compiler's scopes where it stands, then at file scope of
 * the file and the files it includes and in hyperupcall.h, in the compiler's order; struct, union
 * and enum tags and typedef names as the compiler's types name them; a member after {@code .} or
 * {@code ->} in the struct the compiler types the left side with, and the field of a designated
 * initializer {@code .field = …} in the struct its brace list fills. Two occurrences are the same
 * symbol when they resolve to the same declaration: a {@link Symbol}'s key. What only the IDE needs
 * is here: occurrences and their symbols, names resolved as they would be after a rename, the
 * declarations that share a scope.
 */
final class HucSymbols {
    enum Kind {
        LOCAL("local variable"), PARAMETER("parameter"), FUNCTION("function"), DEFINE("#define"), ENUMERATOR("enumerator"),
        EXTERN("extern"), GLOBAL("global constant"), TYPEDEF("typedef"), TAG("struct tag"), FIELD("member"),
        ABI_HELPER("helper of hyperupcall.h"), ABI_CONSTANT("constant of hyperupcall.h"), ABI_STRUCT("structure of hyperupcall.h"),
        ABI_FIELD("member of a hyperupcall.h structure");

        final String description;

        Kind(String description) {
            this.description = description;
        }

        boolean abi() {
            return this == ABI_HELPER || this == ABI_CONSTANT || this == ABI_STRUCT || this == ABI_FIELD;
        }

        boolean fileScope() {
            return this == FUNCTION || this == DEFINE || this == ENUMERATOR || this == EXTERN || this == GLOBAL || this == TYPEDEF;
        }
    }

    /**
     * What a name denotes. {@code key} identifies it (the declaring object, or for functions and
     * ABI names a string, since a function may be declared several times); {@code declaration} is
     * the object whose name token declares it (null for ABI names), {@code home} its file.
     */
    record Symbol(Object key, String name, Kind kind, EObject declaration, TranslationUnit home) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Symbol s && s.key.equals(key);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }
    }

    /** An identifier token of a unit and what it denotes (null when it names nothing known). */
    record Occurrence(TranslationUnit unit, int offset, int length, String name, Symbol symbol, boolean declaration) {
    }

    /** A name being renamed, for asking how names would resolve after the rename. */
    record Renaming(Symbol symbol, String newName) {
    }

    private static final String ABI_FIELD_KEY = "abi field ";

    private final Renaming renaming;
    private final Map<TranslationUnit, Typing> typings = new HashMap<>();
    private final Map<TranslationUnit, Map<String, Symbol>> fileScopes = new HashMap<>();
    private final Map<TranslationUnit, Map<String, Symbol>> tagScopes = new HashMap<>();

    HucSymbols() {
        this(null);
    }

    /** Resolves names as they would resolve with {@code renaming} applied (null: as they are). */
    HucSymbols(Renaming renaming) {
        this.renaming = renaming;
    }

    /** The compiler's typing of a unit, made once per unit. */
    Typing typing(TranslationUnit unit) {
        return typings.computeIfAbsent(unit, Typing::of);
    }

    // ---------------------------------------------------------------- tokens

    /** Whether a leaf is an identifier token assigned to a feature (not a keyword, comment or string). */
    static boolean isIdentifier(ILeafNode leaf) {
        return !leaf.isHidden() && leaf.getGrammarElement() instanceof RuleCall rc && rc.getRule() instanceof TerminalRule t
                && "ID".equals(t.getName()) && GrammarUtil.containingAssignment(rc) != null;
    }

    /** Every identifier token of the unit between from and to (offsets), resolved. */
    List<Occurrence> occurrences(TranslationUnit unit, int from, int to) {
        List<Occurrence> out = new ArrayList<>();
        ICompositeNode root = NodeModelUtils.getNode(unit);
        if (root == null) {
            return out;
        }
        for (ILeafNode leaf : root.getRootNode().getLeafNodes()) {
            if (leaf.getEndOffset() < from || leaf.getOffset() > to || !isIdentifier(leaf)) {
                continue;
            }
            HucRequestManager.checkCanceled();
            Occurrence o = occurrence(unit, leaf);
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    /** Every identifier token of the unit, resolved. */
    List<Occurrence> occurrences(TranslationUnit unit) {
        return occurrences(unit, 0, Integer.MAX_VALUE);
    }

    /** The identifier token at offset (touching it at either end), resolved; null when there is none. */
    Occurrence at(TranslationUnit unit, int offset) {
        ILeafNode leaf = leafAt(unit, offset);
        return leaf == null ? null : occurrence(unit, leaf);
    }

    /** The identifier token at or just before offset, or null. */
    static ILeafNode leafAt(TranslationUnit unit, int offset) {
        ICompositeNode root = NodeModelUtils.getNode(unit);
        if (root == null) {
            return null;
        }
        ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(root.getRootNode(), offset);
        if (leaf != null && isIdentifier(leaf)) {
            return leaf;
        }
        if (offset > 0) {
            ILeafNode before = NodeModelUtils.findLeafNodeAtOffset(root.getRootNode(), offset - 1);
            if (before != null && isIdentifier(before) && before.getEndOffset() == offset) {
                return before;
            }
        }
        return null;
    }

    private Occurrence occurrence(TranslationUnit unit, ILeafNode leaf) {
        Assignment a = GrammarUtil.containingAssignment(leaf.getGrammarElement());
        EObject owner = NodeModelUtils.findActualSemanticObjectFor(leaf);
        if (a == null || owner == null) {
            return null;
        }
        String name = leaf.getText();
        Symbol s = null;
        boolean declaration = false;
        switch (a.getFeature()) {
            case "name" -> {
                if (owner instanceof NameExpression) {
                    s = ordinary(unit, name, owner);
                    declaration = s != null && s.declaration() == owner; // C of an enum's "B = 5, C"
                } else if (owner instanceof TypedefRef) {
                    s = typedef(unit, name);
                } else {
                    s = declared(owner);
                    declaration = s != null;
                }
            }
            case "tag" -> s = owner instanceof TaggedType t ? tag(unit, t.getKind(), name) : null;
            case "member" -> s = owner instanceof MemberExpression m ? member(unit, typing(unit).accessed(m.getTarget(), m.isArrow()), name) : null;
            case "field" -> s = owner instanceof InitElement e && e.eContainer() instanceof ListInit l
                    ? member(unit, typing(unit).typeOf(l).filter(CType::isStruct).map(CType::aggregate), name) : null;
            default -> s = null;
        }
        return new Occurrence(unit, leaf.getOffset(), leaf.getLength(), name, s, declaration);
    }

    // ---------------------------------------------------------------- declarations

    /** The symbol an object declares by its name feature, or null. */
    Symbol declared(EObject o) {
        TranslationUnit home = org.eclipse.xtext.EcoreUtil2.getContainerOfType(o, TranslationUnit.class);
        if (o instanceof Function f && f.getName() != null) {
            // prototypes and the definition are one function: the one the compiler calls
            return typing(home).global(f.getName(), f).map(this::symbol).orElse(null);
        }
        if (o instanceof Define d && d.getName() != null) {
            return new Symbol(d, d.getName(), Kind.DEFINE, d, home);
        }
        if (o instanceof Enumerator e && e.getName() != null) {
            return new Symbol(e, e.getName(), Kind.ENUMERATOR, e, home);
        }
        if ((o instanceof StructDef || o instanceof EnumDef) && nameOf(o) != null) {
            return new Symbol(o, nameOf(o), Kind.TAG, o, home);
        }
        if (o instanceof FieldDeclarator f && f.getName() != null) {
            return new Symbol(f, f.getName(), Kind.FIELD, f, home);
        }
        if (o instanceof ParamDeclarator p && p.getName() != null && p.eContainer() instanceof Param param
                && param.eContainer() instanceof Function) {
            return new Symbol(p, p.getName(), Kind.PARAMETER, p, home);
        }
        if (o instanceof Declarator d && d.getName() != null) {
            EObject c = d.eContainer();
            Kind k = c instanceof ExternDecl ? Kind.EXTERN : c instanceof Typedef ? Kind.TYPEDEF
                    : c instanceof InitDeclarator i && i.eContainer() instanceof GlobalVar ? Kind.GLOBAL
                    : c instanceof InitDeclarator i2 && i2.eContainer() instanceof LocalDecl ? Kind.LOCAL : null;
            return k == null ? null : new Symbol(d, d.getName(), k, d, home);
        }
        return null;
    }

    /** The symbol of what the compiler's typing says a name denotes. */
    private Symbol symbol(Typing.Name n) {
        EObject d = n.declaration();
        TranslationUnit home = d == null ? null : org.eclipse.xtext.EcoreUtil2.getContainerOfType(d, TranslationUnit.class);
        return switch (n.kind()) {
            case FUNCTION -> new Symbol("function " + n.name(), n.name(), Kind.FUNCTION, d, home);
            case ABI_CONSTANT, ABI_HELPER -> abi(n.name());
            case ENUMERATOR -> new Symbol(d, n.name(), Kind.ENUMERATOR, d, home);
            default -> declared(d);
        };
    }

    static String nameOf(EObject o) {
        EStructuralFeature f = o.eClass().getEStructuralFeature("name");
        return f != null && o.eGet(f) instanceof String s ? s : null;
    }

    /** The name token of a declaring object, or its whole node. */
    static INode nameNode(EObject o) {
        EStructuralFeature f = o.eClass().getEStructuralFeature("name");
        if (f != null) {
            List<INode> nodes = NodeModelUtils.findNodesForFeature(o, f);
            if (!nodes.isEmpty()) {
                return nodes.get(0);
            }
        }
        return NodeModelUtils.findActualNodeFor(o);
    }

    /** The name a symbol's declaration has, with the renaming applied. */
    private String effectiveName(Symbol s) {
        return renaming != null && renaming.symbol().equals(s) ? renaming.newName() : s.name();
    }

    /** Whether the renaming (of a symbol of one of the kinds) renames something to or from name. */
    private boolean renames(String name, java.util.function.Predicate<Kind> kinds) {
        return renaming != null && kinds.test(renaming.symbol().kind())
                && (name.equals(renaming.newName()) || name.equals(renaming.symbol().name()));
    }

    // ---------------------------------------------------------------- ordinary names

    /** What an ordinary identifier denotes where context (the object it occurs in) stands. */
    Symbol ordinary(TranslationUnit unit, String name, EObject context) {
        for (Typing.Name n : typing(unit).locals(context)) {
            Symbol s = symbol(n);
            if (s != null && name.equals(effectiveName(s))) {
                return s;
            }
        }
        return fileScope(unit, name, context);
    }

    /** What a name denotes at file scope of unit (its includes seen too), then in hyperupcall.h. */
    Symbol fileScope(TranslationUnit unit, String name) {
        return fileScope(unit, name, null);
    }

    private Symbol fileScope(TranslationUnit unit, String name, EObject context) {
        if (renames(name, Kind::fileScope)) {
            return name.equals(renaming.newName()) ? renaming.symbol() : abi(name);
        }
        // a typedef name where a value stands (sizeof(my_t)) still leads to the typedef
        Typing t = typing(unit);
        return t.global(name, context).or(() -> t.typedef(name)).map(this::symbol).orElse(null);
    }

    /** What a name used as a type denotes: a typedef, or null. */
    Symbol typedef(TranslationUnit unit, String name) {
        Symbol s = renames(name, Kind::fileScope) ? fileScope(unit, name) : typing(unit).typedef(name).map(this::symbol).orElse(null);
        return s != null && s.kind() == Kind.TYPEDEF ? s : null;
    }

    /** The file-scope declarations seen from a unit, by name. */
    Map<String, Symbol> fileScopeOf(TranslationUnit unit) {
        return fileScopes.computeIfAbsent(unit, this::buildFileScope);
    }

    private Map<String, Symbol> buildFileScope(TranslationUnit unit) {
        Map<String, Symbol> out = new LinkedHashMap<>();
        for (TranslationUnit u : Includes.visible(unit)) {
            for (TopLevel t : u.getItems()) {
                if (t instanceof Function f && f.getName() != null) {
                    Symbol s = declared(f);
                    if (s != null) {
                        out.putIfAbsent(f.getName(), s);
                    }
                } else if (t instanceof Define d) {
                    put(out, declared(d));
                } else if (t instanceof ExternDecl x && x.getDeclarator() != null) {
                    put(out, declared(x.getDeclarator()));
                } else if (t instanceof GlobalVar g) {
                    for (InitDeclarator i : g.getDeclarators()) {
                        if (i.getDeclarator() != null) {
                            put(out, declared(i.getDeclarator()));
                        }
                    }
                } else if (t instanceof Typedef td && td.getDeclarator() != null) {
                    put(out, declared(td.getDeclarator()));
                }
            }
            for (Enumerator e : org.eclipse.xtext.EcoreUtil2.getAllContentsOfType(u, Enumerator.class)) {
                put(out, declared(e));
            }
        }
        return out;
    }

    private static void put(Map<String, Symbol> out, Symbol s) {
        if (s != null) {
            out.put(s.name(), s); // a later file's declaration wins over an included one
        }
    }

    /** A helper, constant or return code of hyperupcall.h, or null. */
    static Symbol abi(String name) {
        if (Helpers.byName(name).isPresent()) {
            return new Symbol("abi " + name, name, Kind.ABI_HELPER, null, null);
        }
        if (HucAbiNames.constant(name).isPresent()) {
            return new Symbol("abi " + name, name, Kind.ABI_CONSTANT, null, null);
        }
        return null;
    }

    // ---------------------------------------------------------------- tags and members

    /** What a struct, union or enum tag names: the unit's definition, then hyperupcall.h's structure. */
    Symbol tag(TranslationUnit unit, String kind, String name) {
        if (renames(name, k -> k == Kind.TAG)) {
            return name.equals(renaming.newName()) ? renaming.symbol() : abiStruct(kind, name);
        }
        return typing(unit).tag(kind, name).map(this::declared).orElseGet(() -> abiStruct(kind, name));
    }

    Map<String, Symbol> tagScopeOf(TranslationUnit unit) {
        return tagScopes.computeIfAbsent(unit, u -> {
            Map<String, Symbol> out = new LinkedHashMap<>();
            for (TranslationUnit v : Includes.visible(u)) {
                for (StructDef sd : org.eclipse.xtext.EcoreUtil2.getAllContentsOfType(v, StructDef.class)) {
                    put(out, declared(sd));
                }
                for (EnumDef ed : org.eclipse.xtext.EcoreUtil2.getAllContentsOfType(v, EnumDef.class)) {
                    put(out, declared(ed));
                }
            }
            return out;
        });
    }

    private static Symbol abiStruct(String kind, String name) {
        return "struct".equals(kind) && Typing.abiStruct(name).isPresent()
                ? new Symbol("abi struct " + name, name, Kind.ABI_STRUCT, null, null) : null;
    }

    /** The member called name of a struct or union the compiler typed (the unit's own, or one of hyperupcall.h's), or null. */
    private Symbol member(TranslationUnit unit, Optional<CType.Aggregate> a, String name) {
        if (a.isEmpty() || a.get().member(name).isEmpty()) {
            return null;
        }
        Optional<StructDef> definition = typing(unit).definition(a.get());
        if (definition.isEmpty()) {
            return new Symbol(ABI_FIELD_KEY + a.get().name() + "." + name, name, Kind.ABI_FIELD, null, null);
        }
        for (FieldDecl fd : definition.get().getFields()) {
            for (FieldDeclarator d : fd.getDeclarators()) {
                if (name.equals(d.getName())) {
                    return declared(d);
                }
            }
        }
        return null;
    }

    /** The structure of hyperupcall.h whose member an ABI_FIELD symbol is. */
    static String abiStructOf(Symbol field) {
        String key = String.valueOf(field.key());
        return key.substring(ABI_FIELD_KEY.length(), key.lastIndexOf('.'));
    }

    // ---------------------------------------------------------------- scopes for renaming

    /**
     * The other declarations that share the scope of a symbol's declaration (a redeclaration there
     * under the same name is an error): the block's declarations (with the parameters for a
     * function's outermost block), the parameters and the body's outermost declarations, the
     * file-scope names of every file that sees the declaration, the tags, the members of a struct.
     */
    List<Symbol> sameScope(Symbol s, List<TranslationUnit> units) {
        List<Symbol> out = new ArrayList<>();
        EObject d = s.declaration();
        switch (s.kind()) {
            case LOCAL -> {
                EObject decl = d.eContainer() == null ? null : d.eContainer().eContainer(); // LocalDecl
                EObject scope = decl == null ? null : decl.eContainer();
                if (scope instanceof Block b) {
                    addDeclarators(out, b.getStatements());
                    if (b.eContainer() instanceof Function f) {
                        addParams(out, f);
                    }
                } else if (scope instanceof SwitchCase k && k.eContainer() instanceof SwitchStatement sw) {
                    for (SwitchCase c : sw.getCases()) {
                        addDeclarators(out, c.getStatements());
                    }
                } else if (scope instanceof ForStatement f && f.getInit() != null) {
                    addDeclarators(out, List.of(f.getInit()));
                }
            }
            case PARAMETER -> {
                Function f = org.eclipse.xtext.EcoreUtil2.getContainerOfType(d, Function.class);
                if (f != null) {
                    addParams(out, f);
                    if (f.getBody() instanceof Block b) {
                        addDeclarators(out, b.getStatements());
                    }
                }
            }
            case FIELD -> {
                StructDef sd = org.eclipse.xtext.EcoreUtil2.getContainerOfType(d, StructDef.class);
                if (sd != null) {
                    for (FieldDecl fd : sd.getFields()) {
                        for (FieldDeclarator x : fd.getDeclarators()) {
                            add(out, declared(x));
                        }
                    }
                }
            }
            case TAG -> {
                for (TranslationUnit u : units) {
                    out.addAll(tagScopeOf(u).values());
                }
            }
            default -> {
                for (TranslationUnit u : units) {
                    out.addAll(fileScopeOf(u).values());
                }
            }
        }
        out.removeIf(x -> x.equals(s));
        return out;
    }

    private void addDeclarators(List<Symbol> out, List<? extends Statement> statements) {
        for (Statement st : statements) {
            if (st instanceof LocalDecl l) {
                for (InitDeclarator i : l.getDeclarators()) {
                    if (i.getDeclarator() != null) {
                        add(out, declared(i.getDeclarator()));
                    }
                }
            }
        }
    }

    private void addParams(List<Symbol> out, Function f) {
        for (Param p : f.getParams()) {
            if (p.getDeclarator() != null) {
                add(out, declared(p.getDeclarator()));
            }
        }
    }

    private static void add(List<Symbol> out, Symbol s) {
        if (s != null) {
            out.add(s);
        }
    }

    /** The line (1-based) of a symbol's declaration, or 0. */
    static int line(Symbol s) {
        INode n = s.declaration() == null ? null : nameNode(s.declaration());
        return n == null ? 0 : n.getStartLine();
    }

    static Optional<String> describe(Symbol s) {
        return s == null ? Optional.empty() : Optional.of(s.kind().description + " '" + s.name() + "'");
    }
}
