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
import org.hyperupcall.abi.Struct;
import org.hyperupcall.lang.Includes;
import org.hyperupcall.lang.huc.BaseType;
import org.hyperupcall.lang.huc.Block;
import org.hyperupcall.lang.huc.CallExpression;
import org.hyperupcall.lang.huc.CastExpression;
import org.hyperupcall.lang.huc.Declarator;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.EnumDef;
import org.hyperupcall.lang.huc.Enumerator;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.ExternDecl;
import org.hyperupcall.lang.huc.FieldDecl;
import org.hyperupcall.lang.huc.FieldDeclarator;
import org.hyperupcall.lang.huc.ForStatement;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.GlobalVar;
import org.hyperupcall.lang.huc.IndexExpression;
import org.hyperupcall.lang.huc.InitDeclarator;
import org.hyperupcall.lang.huc.InitElement;
import org.hyperupcall.lang.huc.InlineType;
import org.hyperupcall.lang.huc.ListInit;
import org.hyperupcall.lang.huc.LocalDecl;
import org.hyperupcall.lang.huc.MemberExpression;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.Param;
import org.hyperupcall.lang.huc.ParamDeclarator;
import org.hyperupcall.lang.huc.ParenExpression;
import org.hyperupcall.lang.huc.Statement;
import org.hyperupcall.lang.huc.StructDef;
import org.hyperupcall.lang.huc.SwitchCase;
import org.hyperupcall.lang.huc.SwitchStatement;
import org.hyperupcall.lang.huc.TaggedType;
import org.hyperupcall.lang.huc.TopLevel;
import org.hyperupcall.lang.huc.TranslationUnit;
import org.hyperupcall.lang.huc.TypeSpec;
import org.hyperupcall.lang.huc.Typedef;
import org.hyperupcall.lang.huc.TypedefRef;
import org.hyperupcall.lang.huc.UnaryExpression;

/**
 * Names in HUC source resolved by C's rules of scope, over the identifier tokens of the node model
 * (so comments and strings never count). Ordinary identifiers are looked up from the innermost
 * enclosing block outwards (declarations of a block count from their declarator on; a {@code for}
 * loop's declaration is visible in the loop; a function's parameters in its body), then at file
 * scope in the file and the files it includes (functions, {@code #define}s, enumerators, externs,
 * const globals, typedefs), then in hyperupcall.h (helpers, constants, return codes). Struct,
 * union and enum tags have their own name space; a member after {@code .} or {@code ->} resolves
 * in the struct its left side has (through variables, parameters, fields, casts, indexing,
 * {@code *}, {@code &} and calls of functions whose type is known), as does the field of a
 * designated initializer {@code .field = …}. Two occurrences are the same symbol when they resolve
 * to the same declaration: a {@link Symbol}'s key.
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

    private final Renaming renaming;
    private final Map<TranslationUnit, Map<String, Symbol>> fileScopes = new HashMap<>();
    private final Map<TranslationUnit, Map<String, Symbol>> tagScopes = new HashMap<>();

    HucSymbols() {
        this(null);
    }

    /** Resolves names as they would resolve with {@code renaming} applied (null: as they are). */
    HucSymbols(Renaming renaming) {
        this.renaming = renaming;
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
        String feature = a.getFeature();
        String name = leaf.getText();
        int offset = leaf.getOffset();
        Symbol s = null;
        boolean declaration = false;
        switch (feature) {
            case "name" -> {
                if (owner instanceof NameExpression) {
                    s = ordinary(unit, name, owner, offset);
                } else if (owner instanceof TypedefRef) {
                    s = fileScope(unit, name);
                    if (s != null && s.kind() != Kind.TYPEDEF) {
                        s = null;
                    }
                } else {
                    s = declared(owner);
                    declaration = s != null;
                }
            }
            case "tag" -> s = owner instanceof TaggedType ? tag(unit, name) : null;
            case "member" -> s = owner instanceof MemberExpression m ? field(structOf(m.getTarget(), unit), name) : null;
            case "field" -> s = owner instanceof InitElement e && e.eContainer() instanceof ListInit l ? field(structOf(l, unit), name) : null;
            default -> s = null;
        }
        return new Occurrence(unit, offset, leaf.getLength(), name, s, declaration);
    }

    // ---------------------------------------------------------------- declarations

    /** The symbol an object declares by its name feature, or null. */
    Symbol declared(EObject o) {
        TranslationUnit home = org.eclipse.xtext.EcoreUtil2.getContainerOfType(o, TranslationUnit.class);
        if (o instanceof Function f && f.getName() != null) {
            return function(home, f.getName());
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

    /** A function's symbol: keyed by name (its prototypes and its definition are one function), declared by the definition if there is one. */
    private Symbol function(TranslationUnit from, String name) {
        Function best = null;
        TranslationUnit home = null;
        for (TranslationUnit u : Includes.visible(from)) {
            for (TopLevel t : u.getItems()) {
                if (t instanceof Function f && name.equals(f.getName()) && (best == null || best.getBody() == null && f.getBody() != null)) {
                    best = f;
                    home = u;
                }
            }
        }
        return best == null ? null : new Symbol("function " + name, name, Kind.FUNCTION, best, home);
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

    // ---------------------------------------------------------------- ordinary names

    /** What an ordinary identifier denotes at offset, context being the object it occurs in. */
    Symbol ordinary(TranslationUnit unit, String name, EObject context, int offset) {
        for (EObject c = context, child = null; c != null; child = c, c = c.eContainer()) {
            Symbol s = null;
            if (c instanceof Block b) {
                s = inStatements(b.getStatements(), name, offset);
            } else if (c instanceof SwitchStatement sw) {
                List<Statement> all = new ArrayList<>();
                for (SwitchCase k : sw.getCases()) {
                    all.addAll(k.getStatements());
                }
                s = inStatements(all, name, offset);
            } else if (c instanceof ForStatement f && f.getInit() != null && child != f.getInit()) {
                s = inStatements(List.of(f.getInit()), name, offset);
            } else if (c instanceof Function f) {
                for (Param p : f.getParams()) {
                    Symbol d = p.getDeclarator() == null ? null : declared(p.getDeclarator());
                    if (d != null && name.equals(effectiveName(d))) {
                        s = d;
                    }
                }
            }
            if (s != null) {
                return s;
            }
        }
        return fileScope(unit, name);
    }

    /** The last declarator named name among the declarations in statements that starts before offset. */
    private Symbol inStatements(List<? extends Statement> statements, String name, int offset) {
        Symbol found = null;
        for (Statement st : statements) {
            if (!(st instanceof LocalDecl d)) {
                continue;
            }
            for (InitDeclarator i : d.getDeclarators()) {
                Declarator decl = i.getDeclarator();
                INode n = decl == null ? null : nameNode(decl);
                if (n == null || n.getOffset() > offset) {
                    continue;
                }
                Symbol s = declared(decl);
                if (s != null && name.equals(effectiveName(s))) {
                    found = s;
                }
            }
        }
        return found;
    }

    /** What a name denotes at file scope of unit (its includes seen too), then in hyperupcall.h. */
    Symbol fileScope(TranslationUnit unit, String name) {
        if (renaming != null && renaming.symbol().kind().fileScope()) {
            if (name.equals(renaming.newName())) {
                return renaming.symbol();
            }
            if (name.equals(renaming.symbol().name())) {
                return abi(name);
            }
        }
        Symbol s = fileScopes.computeIfAbsent(unit, this::buildFileScope).get(name);
        return s != null ? s : abi(name);
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
                    out.putIfAbsent(f.getName(), function(unit, f.getName()));
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

    /** A struct, union or enum tag seen from unit, then hyperupcall.h's structures. */
    Symbol tag(TranslationUnit unit, String name) {
        if (renaming != null && renaming.symbol().kind() == Kind.TAG) {
            if (name.equals(renaming.newName())) {
                return renaming.symbol();
            }
            if (name.equals(renaming.symbol().name())) {
                return abiStruct(name);
            }
        }
        Symbol s = tagScopeOf(unit).get(name);
        return s != null ? s : abiStruct(name);
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

    private static Symbol abiStruct(String name) {
        return HucAbiNames.abiStruct(name).isPresent() ? new Symbol("abi struct " + name, name, Kind.ABI_STRUCT, null, null) : null;
    }

    /** The member named name of a struct (a StructDef or an ABI Struct), or null. */
    static Symbol field(Object struct, String name) {
        if (struct instanceof StructDef sd) {
            TranslationUnit home = org.eclipse.xtext.EcoreUtil2.getContainerOfType(sd, TranslationUnit.class);
            for (FieldDecl fd : sd.getFields()) {
                for (FieldDeclarator d : fd.getDeclarators()) {
                    if (name.equals(d.getName())) {
                        return new Symbol(d, name, Kind.FIELD, d, home);
                    }
                }
            }
        } else if (struct instanceof Struct s && s.field(name).isPresent()) {
            return new Symbol("abi field " + s.name() + "." + name, name, Kind.ABI_FIELD, null, null);
        }
        return null;
    }

    /** The struct (StructDef or ABI Struct) an expression's value is, points to or is an array of; null when unknown. */
    Object structOf(Expression e, TranslationUnit unit) {
        if (e instanceof ParenExpression p) {
            return structOf(p.getInner(), unit);
        }
        if (e instanceof IndexExpression i) {
            return structOf(i.getTarget(), unit);
        }
        if (e instanceof UnaryExpression u && ("*".equals(u.getOp()) || "&".equals(u.getOp()))) {
            return structOf(u.getOperand(), unit);
        }
        if (e instanceof CastExpression c && c.getType() != null) {
            return structOfBase(c.getType().getBase(), unit, 0);
        }
        if (e instanceof CallExpression c && c.getTarget() instanceof NameExpression n) {
            Symbol s = ordinary(unit, n.getName(), n, offsetOf(n));
            return s != null && s.declaration() instanceof Function f ? structOfType(f.getType(), unit) : null;
        }
        if (e instanceof NameExpression n) {
            Symbol s = ordinary(unit, n.getName(), n, offsetOf(n));
            return s == null ? null : structOfDeclaration(s.declaration(), unit);
        }
        if (e instanceof MemberExpression m) {
            Symbol f = field(structOf(m.getTarget(), unit), m.getMember() == null ? "" : m.getMember());
            return f == null ? null : structOfDeclaration(f.declaration(), unit);
        }
        return null;
    }

    /** The struct of a list initializer: the declared variable's type, or the member a nested designator names. */
    Object structOf(ListInit l, TranslationUnit unit) {
        EObject c = l.eContainer();
        if (c instanceof InitDeclarator i) {
            return structOfDeclaration(i.getDeclarator(), unit);
        }
        if (c instanceof InitElement e && e.eContainer() instanceof ListInit outer) {
            Object parent = structOf(outer, unit);
            if (e.getField() != null) {
                Symbol f = field(parent, e.getField());
                return f == null ? null : structOfDeclaration(f.declaration(), unit);
            }
            return parent; // an element of an array of structs
        }
        return null;
    }

    private Object structOfDeclaration(EObject d, TranslationUnit unit) {
        if (d instanceof ParamDeclarator p && p.eContainer() instanceof Param param) {
            return structOfType(param.getType(), unit);
        }
        if (d instanceof FieldDeclarator f && f.eContainer() instanceof FieldDecl fd) {
            return structOfType(fd.getType(), unit);
        }
        if (d instanceof Declarator x) {
            EObject c = x.eContainer() instanceof InitDeclarator i ? i.eContainer() : x.eContainer();
            if (c instanceof LocalDecl l) {
                return structOfType(l.getType(), unit);
            }
            if (c instanceof GlobalVar g) {
                return structOfType(g.getType(), unit);
            }
            if (c instanceof ExternDecl ex) {
                return structOfType(ex.getType(), unit);
            }
        }
        return null;
    }

    private Object structOfType(TypeSpec t, TranslationUnit unit) {
        return t == null ? null : structOfBase(t.getBase(), unit, 0);
    }

    private Object structOfBase(BaseType b, TranslationUnit unit, int depth) {
        if (depth > 8) {
            return null;
        }
        if (b instanceof TaggedType t && t.getTag() != null) {
            Symbol s = tag(unit, t.getTag());
            if (s != null && s.declaration() instanceof StructDef sd) {
                return sd;
            }
            return HucAbiNames.abiStruct(t.getTag()).orElse(null);
        }
        if (b instanceof InlineType i && i.getDefinition() instanceof StructDef sd) {
            return sd;
        }
        if (b instanceof TypedefRef r && r.getName() != null) {
            Symbol s = fileScope(unit, r.getName());
            if (s != null && s.declaration() instanceof Declarator d && d.eContainer() instanceof Typedef td && td.getType() != null) {
                return structOfBase(td.getType().getBase(), unit, depth + 1);
            }
        }
        return null;
    }

    private static int offsetOf(EObject o) {
        INode n = NodeModelUtils.findActualNodeFor(o);
        return n == null ? 0 : n.getOffset();
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
