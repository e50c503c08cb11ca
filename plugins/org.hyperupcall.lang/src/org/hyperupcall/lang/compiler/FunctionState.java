package org.hyperupcall.lang.compiler;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.lang.HucRule;
import org.hyperupcall.abi.Event;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.NameExpression;

/**
 * What the parts of a {@link FunctionCompiler} share while they compile one entry point: the
 * {@link Ir}, the scopes of locals, where break and continue jump, the functions being inlined, the
 * stack frame, caches and warnings; the values they pass one another; and the parts themselves.
 */
final class FunctionState {
    /**
     * A value: in a register ({@code reg}), or a compile-time constant ({@code k}, already
     * normalized to the type). {@code owned}: a temporary the consumer may overwrite. {@code dirty}:
     * only the low 32 bits are right (a 32-bit signed result not yet sign-extended).
     */
    record Val(int reg, CType type, boolean isConst, long k, boolean owned, boolean dirty, boolean zeroOne) {
        /** The value of a void expression. */
        static final Val VOID = new Val(-1, CType.VOID, false, 0, false, false);

        Val(int reg, CType type, boolean isConst, long k, boolean owned, boolean dirty) {
            this(reg, type, isConst, k, owned, dirty, false);
        }

        static Val constant(long k, CType t) {
            return new Val(-1, t, true, t.normalize(k), false, false);
        }

        static Val temp(int reg, CType t) {
            return new Val(reg, t, false, 0, true, false);
        }

        Val as(CType t) {
            return new Val(reg, t, isConst, isConst ? t.normalize(k) : k, owned, dirty, zeroOne);
        }

        boolean isVoid() {
            return type.kind() == CType.Kind.VOID;
        }
    }

    /** A local: a scalar in a virtual register, or an array or struct at r10 - offset. */
    record Local(String name, CType type, int reg, int offset, Val constant) {
        Local(String name, CType type, int reg, int offset) {
            this(name, type, reg, offset, null);
        }

        boolean inMemory() {
            return reg < 0 && constant == null;
        }
    }

    /** A place in memory: base register plus constant offset, or an extern symbol plus offset. */
    record Addr(int base, long offset, String extern, CType type) {
        Addr plus(long more, CType t) {
            return new Addr(base, offset + more, extern, t);
        }
    }

    /** Something assignable: a register local, or memory. */
    record LValue(Local local, Addr addr, CType type) {
    }

    /** A named local as declared: the scope of lines it is visible in (for the debugger's variable locations). */
    record Declared(Local local, int firstLine, int lastLine) {
    }

    /** A HUC function being inlined: its return type, its result register and where its returns jump. */
    record Inline(Function function, CType returnType, int result, Ir.Label end) {
    }

    final Compiler.Unit unit;
    final Function function;
    final Event event;
    final Ir ir = new Ir();
    CType returnType;
    Deque<Map<String, Local>> scopes = new ArrayDeque<>();
    Deque<Ir.Label> breaks = new ArrayDeque<>();
    Deque<Ir.Label> continues = new ArrayDeque<>();
    final Deque<Inline> inlines = new ArrayDeque<>();
    final Set<String> expanding = new HashSet<>();
    /** The use of a #define being expanded that is not itself in a #define's expansion (where a too large expansion is reported). */
    NameExpression expansionSite;
    /** Types of expressions found in the current statement (see {@link Expressions#typeOf}). */
    final Map<Expression, CType> typeCache = new HashMap<>();
    /** Bytes of stack used by local arrays and structs. */
    int frame;
    Ir.Label outOfBounds;
    /** The entry point's context parameter (never assigned). */
    Local context;
    /** Inlining a function of another file: its instructions keep the caller's line (the line info names one file). */
    int foreign;
    /** The calls inlined so far, in order: {@link Ir.Insn#site} indexes this. */
    final java.util.List<InlineSite> sites = new java.util.ArrayList<>();
    /** The named locals declared so far, in order, for {@link VariableLocation}s. */
    final java.util.List<Declared> declared = new java.util.ArrayList<>();
    final java.util.Set<FunctionCompiler.Warning> warnings = new java.util.LinkedHashSet<>();
    /** Above 0 while generating code only to learn a type: no warnings then. */
    int dryDepth;
    /** Only types are wanted ({@link Typing}): a call of a HUC function has the type it returns, its body is not compiled. */
    boolean typing;

    final Statements statements;
    final Conversions conversions;
    final Expressions expressions;
    final Conditions conditions;
    final Addressing addressing;
    final Assignments assignments;
    final Calls calls;

    FunctionState(Compiler.Unit unit, Function function, Event event) {
        this.unit = unit;
        this.function = function;
        this.event = event;
        statements = new Statements(this);
        conversions = new Conversions(this);
        expressions = new Expressions(this);
        conditions = new Conditions(this);
        addressing = new Addressing(this);
        assignments = new Assignments(this);
        calls = new Calls(this);
        for (FunctionPart p : java.util.List.of(statements, conversions, expressions, conditions, addressing, assignments, calls)) {
            p.link();
        }
    }

    /** The source line of what is emitted next: the node's. */
    void at(EObject node) {
        if (foreign == 0) {
            ir.line = Compiler.line(node);
        }
    }

    Local lookup(String name) {
        for (Map<String, Local> s : scopes) {
            Local l = s.get(name);
            if (l != null) {
                return l;
            }
        }
        return null;
    }

    /**
     * Records a named local visible from {@code node}'s line to {@code lastLine}, when its code is
     * kept: not while generating code to learn a type, nor in a function of another file (its
     * instructions carry the caller's lines).
     */
    void declared(Local local, EObject node, int lastLine) {
        if (dryDepth == 0 && foreign == 0 && !typing) {
            declared.add(new Declared(local, Compiler.line(node), lastLine));
        }
    }

    void warn(EObject node, HucRule rule, String message) {
        if (dryDepth == 0) {
            warnings.add(new FunctionCompiler.Warning(node, rule, message));
        }
    }
}
