package org.hyperupcall.lang.compiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.abi.Struct;
import org.hyperupcall.lang.Includes;
import org.hyperupcall.lang.compiler.FunctionState.Local;
import org.hyperupcall.lang.huc.Block;
import org.hyperupcall.lang.huc.CallExpression;
import org.hyperupcall.lang.huc.Declarator;
import org.hyperupcall.lang.huc.EnumDef;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.ForStatement;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.GlobalVar;
import org.hyperupcall.lang.huc.InitDeclarator;
import org.hyperupcall.lang.huc.InitElement;
import org.hyperupcall.lang.huc.ListInit;
import org.hyperupcall.lang.huc.LocalDecl;
import org.hyperupcall.lang.huc.Param;
import org.hyperupcall.lang.huc.ParamDeclarator;
import org.hyperupcall.lang.huc.ParenExpression;
import org.hyperupcall.lang.huc.Statement;
import org.hyperupcall.lang.huc.StructDef;
import org.hyperupcall.lang.huc.SwitchCase;
import org.hyperupcall.lang.huc.TranslationUnit;
import org.hyperupcall.lang.huc.TypeSpec;
import org.hyperupcall.lang.huc.Typedef;

/**
 * What the compiler makes of the expressions and names of a translation unit, for the tools that
 * do not compile it (the IDE's hover, navigation and completion): the C type of an expression or
 * of a brace initializer, the struct or union a member access reaches, what a name denotes where
 * it stands. Computed by the compiler's own code: {@link Types} for declarations, its typing of
 * expressions without their code, over the scopes its functions have and the names its unit
 * collects, in its order of precedence (a call of a HUC function is typed by what the function
 * returns, without compiling its body).
 *
 * <p>Scopes are the compiler's: a function's parameters, a block, each case of a switch, a for
 * loop's declaration; a declarator is visible after its own initializer. Where the compiler would
 * report an error the answer is empty, except that a name the compiler knows but refuses where it
 * stands (a mutable global, a function used as a value) still denotes its declaration.
 *
 * <p>A typing reads its unit and the units it includes as they are when it is made; it is not
 * thread-safe.
 */
public final class Typing {
    /** What a name denotes: its kind, and the object whose name token declares it (null for hyperupcall.h's names). */
    public record Name(Kind kind, String name, EObject declaration) {
    }

    /**
     * The kinds of names: locals (a {@code Declarator}), parameters ({@code ParamDeclarator}),
     * {@code #define}s, externs and global variables (their {@code Declarator}; CONSTANT: a const
     * scalar with an initializer, GLOBAL: any other), enumerators (an {@code Enumerator}, or the
     * name C in "B = 5, C"), functions, typedefs (their {@code Declarator}), and hyperupcall.h's
     * constants, return codes and helpers.
     */
    public enum Kind {
        LOCAL, PARAMETER, DEFINE, EXTERN, CONSTANT, GLOBAL, ENUMERATOR, FUNCTION, TYPEDEF, ABI_CONSTANT, ABI_HELPER
    }

    private final List<TranslationUnit> units;
    private final Compiler.Unit unit;

    private Typing(List<TranslationUnit> units) {
        Compiler.Unit u;
        try {
            u = new Compiler.Unit(units);
        } catch (RuntimeException e) { // a unit too broken to read: only hyperupcall.h's names are known
            u = new Compiler.Unit(List.of());
        }
        this.units = units;
        this.unit = u;
    }

    /** The typing of a unit with the units it includes, as {@link Compiler#compile} sees them. */
    public static Typing of(TranslationUnit unit) {
        return new Typing(Includes.visible(unit));
    }

    /** The structure of hyperupcall.h that {@code struct tag} names, if any. */
    public static Optional<Struct> abiStruct(String tag) {
        return Types.abiStruct(tag);
    }

    // ---------------------------------------------------------------- types

    /** The type of an expression where it stands, before arrays decay to pointers (what {@code sizeof} sees). */
    public Optional<CType> typeOf(Expression x) {
        return typed(x, s -> s.expressions.objectType(x));
    }

    /**
     * The struct or union a member access reaches: with {@code arrow}, the one target points to
     * ({@code target->}, an array decaying to a pointer to its first element), else the one
     * target is ({@code target.}).
     */
    public Optional<CType.Aggregate> accessed(Expression target, boolean arrow) {
        Optional<CType> t = typed(target, s -> arrow ? s.expressions.typeOf(target) : s.expressions.objectType(target));
        return t.map(x -> !arrow ? x : x.isPointer() ? x.pointee() : null).filter(CType::isStruct).map(CType::aggregate);
    }

    /**
     * The array or struct a brace initializer fills: the declared variable's, or the element or
     * member of the enclosing list it stands for (by its designator, else by its position), as
     * the compiler fills it.
     */
    public Optional<CType> typeOf(ListInit init) {
        try {
            return Optional.ofNullable(listType(init));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The definition of a user's struct or union; empty for the structures of hyperupcall.h. */
    public Optional<StructDef> definition(CType.Aggregate a) {
        return Optional.ofNullable(unit.types.definition(a));
    }

    private CType listType(ListInit l) {
        EObject c = l.eContainer();
        if (c instanceof InitDeclarator id) {
            TypeSpec spec = id.eContainer() instanceof LocalDecl d ? d.getType() : id.eContainer() instanceof GlobalVar g ? g.getType() : null;
            return spec == null ? null : declared(spec, id);
        }
        if (!(c instanceof InitElement e) || !(e.eContainer() instanceof ListInit outer)) {
            return null;
        }
        CType t = listType(outer);
        if (t != null && t.isArray()) {
            return t.pointee();
        }
        if (t == null || !t.isStruct()) {
            return null;
        }
        // As Statements.listInit: a designator names its member, the others follow the previous one.
        List<CType.Member> members = t.aggregate().members();
        int position = 0;
        for (InitElement el : outer.getElements()) {
            if (el.getField() != null) {
                position = t.aggregate().member(el.getField()).map(members::indexOf).orElse(-1);
            }
            if (el == e) {
                return position >= 0 && position < members.size() ? members.get(position).type() : null;
            }
            position = position < 0 ? -1 : position + 1;
        }
        return null;
    }

    /** The type a declarator of a local or global gives its name ("[]" sized by its brace initializer, as Statements.declare does). */
    private CType declared(TypeSpec spec, InitDeclarator id) {
        Declarator d = id.getDeclarator();
        if (d.isFunctionPointer()) {
            throw CompileException.unsupported(d, "a function pointer variable");
        }
        CType t = unit.types.declared(spec, d);
        if (t.isArray() && t.count() < 0 && id.getInit() instanceof ListInit li) {
            t = CType.arrayOf(t.pointee(), Math.max(1, li.getElements().size()));
        }
        return t;
    }

    /** Runs a typing in a function state whose scope holds the locals visible at node. */
    private <T> Optional<T> typed(EObject node, java.util.function.Function<FunctionState, T> what) {
        try {
            Function f = EcoreUtil2.getContainerOfType(node, Function.class);
            FunctionState s = new FunctionState(unit, f, eventOf(f));
            s.typing = true;
            Map<String, Local> scope = new LinkedHashMap<>();
            for (Name n : locals(node)) {
                scope.putIfAbsent(n.name(), local(s, n));
            }
            s.scopes.push(scope);
            unit.forgetExpansions();
            return Optional.ofNullable(what.apply(s));
        } catch (RuntimeException e) { // what the compiler reports as an error, or a model too broken to type
            return Optional.empty();
        }
    }

    /** A local for typing: parameters in registers (as Calls.inline binds them), arrays and structs in memory. */
    private Local local(FunctionState s, Name n) {
        CType t;
        try {
            t = n.declaration() instanceof ParamDeclarator p ? Compiler.paramType(unit.types, (Param) p.eContainer())
                    : declared(((LocalDecl) n.declaration().eContainer().eContainer()).getType(), (InitDeclarator) n.declaration().eContainer());
        } catch (RuntimeException e) {
            t = CType.VOID; // the compiler rejects the declaration: uses of the name have no type
        }
        boolean inMemory = n.kind() == Kind.LOCAL && (t.isArray() || t.isStruct());
        return inMemory ? new Local(n.name(), t, -1, 8) : new Local(n.name(), t, s.ir.newReg(), 0);
    }

    /** The event an entry point is compiled for; for another function, a local event (whose helpers are all allowed). */
    private static Event eventOf(Function f) {
        if (f != null && f.getSection() != null) {
            Optional<Event> e = Event.bySection(Compiler.unquote(f.getSection().getName()));
            if (e.isPresent()) {
                return e.get();
            }
        }
        for (Event e : Event.values()) {
            if (!e.isGlobal()) {
                return e;
            }
        }
        return Event.values()[0];
    }

    // ---------------------------------------------------------------- names

    /**
     * The locals and parameters visible at a node, as the compiler's scopes hold them there:
     * innermost scope first, each scope's declarations in order (the first one of a name in the
     * list is the one a use of the name means). None at a call's target: the compiler calls a
     * function or helper by its name.
     */
    public List<Name> locals(EObject at) {
        List<Name> out = new ArrayList<>();
        if (isCallTarget(at)) {
            return out;
        }
        for (EObject c = at, child = null; c != null && !(child instanceof Function); child = c, c = c.eContainer()) {
            if (c instanceof LocalDecl d && child instanceof InitDeclarator i) {
                declarators(d.getDeclarators().subList(0, Math.max(0, d.getDeclarators().indexOf(i))), out);
            } else if (c instanceof Block b) {
                before(b.getStatements(), child, out);
            } else if (c instanceof SwitchCase k) {
                before(k.getStatements(), child, out); // each case is a scope of its own
            } else if (c instanceof ForStatement f && f.getInit() != null && child != f.getInit()) {
                declarators(f.getInit().getDeclarators(), out);
            } else if (c instanceof Function f && child != null && child == f.getBody()) {
                for (Param p : f.getParams()) {
                    ParamDeclarator d = p.getDeclarator();
                    if (d != null && d.getName() != null) {
                        out.add(new Name(Kind.PARAMETER, d.getName(), d));
                    }
                }
            }
        }
        return out;
    }

    private static void before(List<Statement> statements, EObject child, List<Name> out) {
        for (Statement s : statements.subList(0, Math.max(0, statements.indexOf(child)))) {
            if (s instanceof LocalDecl d) {
                declarators(d.getDeclarators(), out);
            }
        }
    }

    private static void declarators(List<InitDeclarator> ds, List<Name> out) {
        for (InitDeclarator i : ds) {
            if (i.getDeclarator() != null && i.getDeclarator().getName() != null) {
                out.add(new Name(Kind.LOCAL, i.getDeclarator().getName(), i.getDeclarator()));
            }
        }
    }

    /**
     * What name denotes at file scope of the unit and in hyperupcall.h, seen from a node (null:
     * from nowhere in particular): in the compiler's order, #defines, externs, global constants,
     * enumerators, hyperupcall.h's constants, other globals, then functions and helpers; at a
     * call's target (and at a function's own name) functions and helpers first.
     */
    public Optional<Name> global(String name, EObject at) {
        if (name == null) {
            return Optional.empty();
        }
        boolean callee = at instanceof Function || isCallTarget(at);
        Optional<Name> found = callee ? callable(name) : Optional.empty();
        if (found.isEmpty()) {
            found = value(name);
        }
        return found.isEmpty() && !callee ? callable(name) : found;
    }

    /** The typedef called name, if any. */
    public Optional<Name> typedef(String name) {
        Typedef td = name == null ? null : unit.types.typedef(name);
        return td == null ? Optional.empty() : Optional.of(new Name(Kind.TYPEDEF, name, td.getDeclarator()));
    }

    /** The definition ({@code StructDef} or {@code EnumDef}) a tag of kind struct, union or enum names in the units (the first one). */
    public Optional<EObject> tag(String kind, String tag) {
        if (!"enum".equals(kind)) {
            return Optional.ofNullable(unit.types.tag(kind, tag));
        }
        for (TranslationUnit u : units) {
            for (EnumDef e : EcoreUtil2.getAllContentsOfType(u, EnumDef.class)) {
                if (tag != null && tag.equals(e.getName())) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isCallTarget(EObject at) {
        EObject x = at;
        while (x != null && x.eContainer() instanceof ParenExpression p) {
            x = p;
        }
        return x instanceof Expression && x.eContainer() instanceof CallExpression c && c.getTarget() == x;
    }

    private Optional<Name> callable(String name) {
        Function f = unit.functions.get(name);
        if (f != null) {
            return Optional.of(new Name(Kind.FUNCTION, name, f));
        }
        return Helpers.byName(name).isPresent() ? Optional.of(new Name(Kind.ABI_HELPER, name, null)) : Optional.empty();
    }

    /** What a name denotes once no local has it, as {@link Compiler.Unit#meaning} resolves it for code generation. */
    private Optional<Name> value(String name) {
        return switch (unit.meaning(name)) {
            case DEFINE -> Optional.of(new Name(Kind.DEFINE, name, unit.defines.get(name)));
            case EXTERN -> Optional.of(new Name(Kind.EXTERN, name, unit.externs.get(name).getDeclarator()));
            case CONSTANT -> global(Kind.CONSTANT, name, unit.constants.get(name));
            case ENUMERATOR -> Optional.of(new Name(Kind.ENUMERATOR, name, unit.enumeratorNodes.get(name)));
            case ABI_CONSTANT -> Optional.of(new Name(Kind.ABI_CONSTANT, name, null));
            case REFUSED -> refused(name);
            case UNDECLARED -> Optional.empty();
        };
    }

    /** A name the compiler knows but refuses where it stands: an enumerator without a plain value, or a mutable global (the last one, as the unit keeps it). */
    private Optional<Name> refused(String name) {
        if (unit.enumeratorNodes.containsKey(name)) {
            return Optional.of(new Name(Kind.ENUMERATOR, name, unit.enumeratorNodes.get(name)));
        }
        Optional<Name> found = Optional.empty();
        for (TranslationUnit u : units) {
            for (org.hyperupcall.lang.huc.TopLevel t : u.getItems()) {
                if (t instanceof GlobalVar g && global(Kind.GLOBAL, name, g).isPresent()) {
                    found = global(Kind.GLOBAL, name, g);
                }
            }
        }
        return found;
    }

    private static Optional<Name> global(Kind kind, String name, GlobalVar g) {
        for (InitDeclarator i : g.getDeclarators()) {
            if (i.getDeclarator() != null && name.equals(i.getDeclarator().getName())) {
                return Optional.of(new Name(kind, name, i.getDeclarator()));
            }
        }
        return Optional.empty();
    }
}
