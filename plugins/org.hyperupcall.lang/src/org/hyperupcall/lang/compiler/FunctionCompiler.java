package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.HelperSpec;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.lang.huc.AssignmentExpression;
import org.hyperupcall.lang.huc.BinaryExpression;
import org.hyperupcall.lang.huc.Block;
import org.hyperupcall.lang.huc.BoolLiteral;
import org.hyperupcall.lang.huc.BreakStatement;
import org.hyperupcall.lang.huc.CallExpression;
import org.hyperupcall.lang.huc.CastExpression;
import org.hyperupcall.lang.huc.CharLiteral;
import org.hyperupcall.lang.huc.CommaExpression;
import org.hyperupcall.lang.huc.ConditionalExpression;
import org.hyperupcall.lang.huc.ContinueStatement;
import org.hyperupcall.lang.huc.Declarator;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.DoStatement;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.ExpressionInit;
import org.hyperupcall.lang.huc.ExpressionStatement;
import org.hyperupcall.lang.huc.ExternDecl;
import org.hyperupcall.lang.huc.ForStatement;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.IfStatement;
import org.hyperupcall.lang.huc.IndexExpression;
import org.hyperupcall.lang.huc.InitDeclarator;
import org.hyperupcall.lang.huc.InitElement;
import org.hyperupcall.lang.huc.Initializer;
import org.hyperupcall.lang.huc.ListInit;
import org.hyperupcall.lang.huc.LocalDecl;
import org.hyperupcall.lang.huc.MemberExpression;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.NumberLiteral;
import org.hyperupcall.lang.huc.Param;
import org.hyperupcall.lang.huc.ParenExpression;
import org.hyperupcall.lang.huc.PostfixExpression;
import org.hyperupcall.lang.huc.Qualifier;
import org.hyperupcall.lang.huc.ReturnStatement;
import org.hyperupcall.lang.huc.SizeofExpression;
import org.hyperupcall.lang.huc.Statement;
import org.hyperupcall.lang.huc.StringLiteral;
import org.hyperupcall.lang.huc.SwitchCase;
import org.hyperupcall.lang.huc.SwitchStatement;
import org.hyperupcall.lang.huc.UnaryExpression;
import org.hyperupcall.lang.huc.WhileStatement;

/**
 * Compiles one entry point to {@link Ir}: every scalar local and every intermediate value gets a
 * virtual register (the {@link Backend} allocates machine registers); arrays and structs that are
 * locals live on the stack. Constants are folded as they are met, with C's types, and used as
 * immediates. HUC functions are inlined. An index into an array of declared size is checked: out
 * of bounds, the hyperupcall ends with the event's default return code (0).
 *
 * <p>Integers in registers are normalized to their C type (zero- or sign-extended to 64 bits),
 * except results of 32-bit signed arithmetic, which are marked dirty and sign-extended only where
 * a 64-bit view of them is needed.
 */
final class FunctionCompiler {
    /**
     * A value: in a register ({@code reg}), or a compile-time constant ({@code k}, already
     * normalized to the type). {@code owned}: a temporary the consumer may overwrite. {@code dirty}:
     * only the low 32 bits are right (a 32-bit signed result not yet sign-extended).
     */
    private record Val(int reg, CType type, boolean isConst, long k, boolean owned, boolean dirty, boolean zeroOne) {
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

    private static final Val VOID = new Val(-1, CType.VOID, false, 0, false, false);

    /** A local: a scalar in a virtual register, or an array or struct at r10 - offset. */
    private record Local(String name, CType type, int reg, int offset, Val constant) {
        Local(String name, CType type, int reg, int offset) {
            this(name, type, reg, offset, null);
        }

        boolean inMemory() {
            return reg < 0 && constant == null;
        }
    }

    /** A place in memory: base register plus constant offset, or an extern symbol plus offset. */
    private record Addr(int base, long offset, String extern, CType type) {
        Addr plus(long more, CType t) {
            return new Addr(base, offset + more, extern, t);
        }
    }

    /** Something assignable: a register local, or memory. */
    private record LValue(Local local, Addr addr, CType type) {
    }

    /** A HUC function being inlined: its return type, its result register and where its returns jump. */
    private record Inline(Function function, CType returnType, int result, Ir.Label end) {
    }

    private final Compiler.Unit unit;
    private final Function function;
    private final Event event;
    private final Ir ir = new Ir();
    private CType returnType;
    private Deque<Map<String, Local>> scopes = new ArrayDeque<>();
    private Deque<Ir.Label> breaks = new ArrayDeque<>();
    private Deque<Ir.Label> continues = new ArrayDeque<>();
    private final Deque<Inline> inlines = new ArrayDeque<>();
    private final Set<String> expanding = new HashSet<>();
    /** The use of a #define being expanded that is not itself in a #define's expansion (where a too large expansion is reported). */
    private NameExpression expansionSite;
    /** Types of expressions found in the current statement (see {@link #typeOf}). */
    private final Map<Expression, CType> typeCache = new HashMap<>();
    /** Bytes of stack used by local arrays and structs. */
    private int frame;
    private Ir.Label outOfBounds;
    /** The entry point's context parameter (never assigned). */
    private Local context;
    private Map<Integer, String> externs = Map.of();

    FunctionCompiler(Compiler.Unit unit, Function function, Event event) {
        this.unit = unit;
        this.function = function;
        this.event = event;
    }

    org.hyperupcall.ebpf.isa.Program compile() {
        at(function);
        returnType = unit.types.of(function.getType(), function.getPointers());
        if (!returnType.isArithmetic()) {
            throw CompileException.type(function, "an entry point returns an integer (long), not " + returnType);
        }
        scopes.push(new LinkedHashMap<>());
        List<Param> params = Compiler.params(function);
        if (params.size() > 1) {
            throw CompileException.type(params.get(1), "an entry point takes one parameter, the context pointer (struct "
                    + event.context().name() + " *)");
        }
        if (params.size() == 1) {
            Param p = params.get(0);
            CType t = Compiler.paramType(unit.types, p);
            boolean isVoidPtr = t.isPointer() && t.pointee().kind() == CType.Kind.VOID;
            boolean isCtx = t.isPointer() && t.pointee().isStruct() && t.pointee().aggregate().name().equals(event.context().name());
            if (!isVoidPtr && !isCtx) {
                throw CompileException.type(p, "the parameter of a " + event.id() + " entry point is its context: struct "
                        + event.context().name() + " *, not " + t);
            }
            String name = Compiler.paramName(p);
            if (name != null) {
                int r = ir.newReg();
                ir.mov(r, 1);
                context = new Local(name, t, r, 0);
                scopes.peek().put(name, context);
            }
        }
        block(function.getBody());
        if (ir.reachable()) {
            ir.line = Compiler.endLine(function);
            ir.movImm(0, 0);
            ir.exit();
        }
        if (outOfBounds != null) {
            ir.bind(outOfBounds);
            ir.movImm(0, 0);
            ir.exit();
        }
        Backend.Output out = new Backend(function.getName(), ir, frame, STACK_FRAME_SIZE).run();
        externs = out.externs();
        return out.program();
    }

    /** The lddw slots of the compiled program that load extern addresses. */
    Map<Integer, String> externs() {
        return externs;
    }

    // ---------------------------------------------------------------- statements

    private void block(Block b) {
        scopes.push(new LinkedHashMap<>());
        for (Statement s : b.getStatements()) {
            statement(s);
        }
        scopes.pop();
    }

    private void statement(Statement s) {
        at(s);
        withinBudget(s);
        typeCache.clear();
        if (s instanceof Block b) {
            block(b);
        } else if (s instanceof LocalDecl d) {
            declare(d);
        } else if (s instanceof ExpressionStatement x) {
            if (x.getExpression() != null) {
                expr(x.getExpression());
            }
        } else if (s instanceof IfStatement i) {
            Ir.Label otherwise = new Ir.Label();
            branch(i.getCondition(), otherwise, false);
            scoped(i.getThen());
            if (i.getElse() != null) {
                Ir.Label end = new Ir.Label();
                ir.jump(end);
                ir.bind(otherwise);
                scoped(i.getElse());
                ir.bind(end);
            } else {
                ir.bind(otherwise);
            }
        } else if (s instanceof ForStatement f) {
            scopes.push(new LinkedHashMap<>());
            if (f.getInit() != null) {
                declare(f.getInit());
            } else if (f.getInitExpression() != null) {
                expr(f.getInitExpression());
            }
            loop(f.getCondition(), f.getBody(), f.getStep(), staticallyTrueAtEntry(f), false);
            scopes.pop();
        } else if (s instanceof WhileStatement w) {
            loop(w.getCondition(), w.getBody(), null, false, false);
        } else if (s instanceof DoStatement d) {
            loop(d.getCondition(), d.getBody(), null, true, true);
        } else if (s instanceof SwitchStatement sw) {
            switchStatement(sw);
        } else if (s instanceof BreakStatement) {
            if (breaks.isEmpty()) {
                throw CompileException.type(s, "break outside a loop or switch");
            }
            ir.jump(breaks.peek());
        } else if (s instanceof ContinueStatement) {
            if (continues.isEmpty()) {
                throw CompileException.type(s, "continue outside a loop");
            }
            ir.jump(continues.peek());
        } else if (s instanceof ReturnStatement r) {
            returnStatement(r);
        } else {
            throw CompileException.unsupported(s, Compiler.construct(s));
        }
    }

    /** Inlining a function of another file: its instructions keep the caller's line (the line info names one file). */
    private int foreign;

    /** The source line of what is emitted next: the node's. */
    private void at(EObject node) {
        if (foreign == 0) {
            ir.line = Compiler.line(node);
        }
    }

    /** A statement that is the body of an if, else or loop: a scope of its own, as in C. */
    private void scoped(Statement s) {
        scopes.push(new LinkedHashMap<>());
        statement(s);
        scopes.pop();
    }

    private void returnStatement(ReturnStatement r) {
        if (!inlines.isEmpty()) {
            Inline in = inlines.peek();
            if (r.getValue() != null) {
                Val v = expr(r.getValue());
                if (in.result >= 0) {
                    moveTo(in.result, clean(implicit(v, in.returnType, r.getValue())));
                }
            } else if (in.result >= 0) {
                throw CompileException.type(r, "'return;' in function '" + in.function.getName() + "' that returns " + in.returnType);
            }
            ir.jump(in.end);
            return;
        }
        if (r.getValue() == null) {
            ir.movImm(0, 0);
        } else {
            moveTo(0, clean(implicit(value(r.getValue()), returnType, r.getValue())));
        }
        ir.exit();
    }

    /**
     * A loop: {@code for (;cond;step) body}, while, or do-while. When the condition is known to
     * hold on entry (a counted loop from a constant below its bound) or the loop is a do-while, the
     * test comes only at the bottom; otherwise at the top.
     */
    private void loop(Expression cond, Statement body, Expression step, boolean trueAtEntry, boolean doWhile) {
        Ir.Label exit = new Ir.Label();
        Ir.Label next = new Ir.Label();
        Ir.Label top = new Ir.Label();
        breaks.push(exit);
        continues.push(next);
        if (trueAtEntry || doWhile || cond == null) {
            ir.bind(top);
            scoped(body);
            ir.bind(next);
            if (step != null) {
                at(step);
                expr(step);
            }
            if (cond == null) {
                ir.jump(top);
            } else {
                at(cond);
                branch(cond, top, true);
            }
        } else {
            ir.bind(top);
            at(cond);
            branch(cond, exit, false);
            scoped(body);
            ir.bind(next);
            if (step != null) {
                at(step);
                expr(step);
            }
            ir.jump(top);
        }
        ir.bind(exit);
        breaks.pop();
        continues.pop();
    }

    /** Whether a for loop's condition holds before its first iteration: "for (T i = K; i < N; ...)" with K before N. */
    private boolean staticallyTrueAtEntry(ForStatement f) {
        if (f.getInit() == null || f.getInit().getDeclarators().size() != 1 || !(strip(f.getCondition()) instanceof BinaryExpression b)) {
            return false;
        }
        InitDeclarator d = f.getInit().getDeclarators().get(0);
        if (!(d.getInit() instanceof ExpressionInit init) || !(strip(b.getLeft()) instanceof NameExpression n)
                || !n.getName().equals(d.getDeclarator().getName())) {
            return false;
        }
        Long k = ConstantFolder.fold(init.getValue(), unit);
        Long bound = ConstantFolder.fold(b.getRight(), unit);
        if (k == null || bound == null || k < 0 || bound < 0 || k > Integer.MAX_VALUE || bound > Integer.MAX_VALUE) {
            return false;
        }
        return switch (b.getOp()) {
            case "<" -> k < bound;
            case "<=" -> k <= bound;
            case ">" -> k > bound;
            case ">=" -> k >= bound;
            case "!=" -> k.longValue() != bound.longValue();
            default -> false;
        };
    }

    private void switchStatement(SwitchStatement sw) {
        Val v = value(sw.getValue());
        if (!v.type.isArithmetic()) {
            throw CompileException.type(sw.getValue(), "switch needs an integer, not " + v.type);
        }
        CType t = v.type.promoted();
        v = clean(convert(v, t, sw));
        if (v.isConst) {
            int r = ir.newReg();
            ir.movImm(r, v.k);
            v = Val.temp(r, t);
        }
        Ir.Label end = new Ir.Label();
        Ir.Label otherwise = end;
        List<Ir.Label> bodies = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (SwitchCase c : sw.getCases()) {
            Ir.Label body = new Ir.Label();
            bodies.add(body);
            for (Expression x : c.getValues()) {
                Long k = ConstantFolder.fold(x, unit);
                if (k == null) {
                    throw CompileException.type(x, "a case label must be a constant expression");
                }
                long n = t.normalize(k);
                if (!seen.add(n)) {
                    throw CompileException.type(x, "duplicate case value " + k);
                }
                compareJump("==", v, Val.constant(n, t), body, x);
            }
            if (c.isDefault()) {
                otherwise = body;
            }
        }
        ir.jump(otherwise);
        breaks.push(end);
        for (int i = 0; i < sw.getCases().size(); i++) {
            ir.bind(bodies.get(i));
            scopes.push(new LinkedHashMap<>());
            for (Statement s : sw.getCases().get(i).getStatements()) {
                statement(s);
            }
            scopes.pop();
        }
        breaks.pop();
        ir.bind(end);
    }

    // ---------------------------------------------------------------- declarations

    private void declare(LocalDecl d) {
        for (Qualifier q : d.getType().getQualifiers()) {
            if (!q.getValue().equals("const") && !q.getValue().equals("volatile") && !q.getValue().equals("register")) {
                throw CompileException.unsupported(q, "a '" + q.getValue() + "' local variable");
            }
        }
        for (InitDeclarator id : d.getDeclarators()) {
            Declarator decl = id.getDeclarator();
            if (decl.isFunctionPointer()) {
                throw CompileException.unsupported(decl, "a function pointer variable");
            }
            CType t = unit.types.declared(d.getType(), decl);
            if (t.kind() == CType.Kind.VOID) {
                throw CompileException.type(decl, "variable '" + decl.getName() + "' declared void");
            }
            if (t.isArray() && t.count() < 0) {
                if (id.getInit() instanceof ListInit li) {
                    t = CType.arrayOf(t.pointee(), Math.max(1, li.getElements().size()));
                } else {
                    throw CompileException.type(decl, "array '" + decl.getName() + "' needs a size or an initializer list");
                }
            }
            if (scopes.peek().containsKey(decl.getName())) {
                throw CompileException.type(decl, "'" + decl.getName() + "' is already declared in this scope");
            }
            Local local;
            if (t.isArray() || t.isStruct()) {
                frame = (frame + t.size() + 7) / 8 * 8;
                if (frame > STACK_FRAME_SIZE) {
                    throw new CompileException(decl, "HUC-STACK", "local '" + decl.getName() + "' (" + t.size()
                            + " bytes) does not fit in the " + STACK_FRAME_SIZE + "-byte stack frame");
                }
                local = new Local(decl.getName(), t, -1, frame);
                if (id.getInit() != null) {
                    initialize(new Addr(FRAME_POINTER, -frame, null, t), id.getInit());
                }
            } else {
                Val init = null;
                if (id.getInit() != null) {
                    Expression x = id.getInit() instanceof ExpressionInit ei ? ei.getValue() : single(id.getInit());
                    init = clean(implicit(value(x), t, x));
                }
                if (init != null && init.isConst && !assignedIn(d.eContainer(), decl.getName())) {
                    local = new Local(decl.getName(), t, -1, 0, init); // never assigned: a named constant
                } else {
                    local = new Local(decl.getName(), t, ir.newReg(), 0);
                    if (init == null) {
                        ir.movImm(local.reg, 0);
                    } else {
                        moveTo(local.reg, init);
                    }
                }
            }
            scopes.peek().put(decl.getName(), local);
        }
    }

    private static Expression single(Initializer init) {
        if (init instanceof ListInit li && li.getElements().size() == 1 && li.getElements().get(0).getValue() instanceof ExpressionInit e) {
            return e.getValue();
        }
        throw CompileException.type(init, "a scalar takes one value in braces");
    }

    /** Fills an array or struct in memory: zero first (C's rule for the elements not listed), then the listed values. */
    private void initialize(Addr at, Initializer init) {
        if (init instanceof ExpressionInit e) {
            throw CompileException.unsupported(e, "initializing an array or struct from an expression");
        }
        zero(at, at.type.size());
        listInit(at, (ListInit) init);
    }

    private void zero(Addr at, int size) {
        int base = baseRegister(at);
        int off = 0;
        while (off < size) {
            int n = size - off >= 8 && (at.offset + off) % 8 == 0 ? 8 : size - off >= 4 && (at.offset + off) % 4 == 0 ? 4
                    : size - off >= 2 && (at.offset + off) % 2 == 0 ? 2 : 1;
            ir.storeImm(base, (int) (at.offset + off), 0, n);
            off += n;
        }
    }

    private void listInit(Addr at, ListInit li) {
        CType t = at.type;
        int position = 0;
        for (InitElement el : li.getElements()) {
            Addr target;
            if (t.isArray()) {
                if (el.getIndex() != null) {
                    Long k = ConstantFolder.fold(el.getIndex(), unit);
                    if (k == null) {
                        throw CompileException.type(el.getIndex(), "an array designator must be constant");
                    }
                    position = k.intValue();
                }
                if (position < 0 || position >= t.count()) {
                    throw CompileException.type(el, "initializer element " + position + " is past the end of " + t);
                }
                target = at.plus((long) position * t.pointee().size(), t.pointee());
            } else if (t.isStruct()) {
                List<CType.Member> ms = t.aggregate().members();
                CType.Member m;
                if (el.getField() != null) {
                    m = t.aggregate().member(el.getField()).orElseThrow(() -> CompileException.type(el,
                            t + " has no member '" + el.getField() + "'"));
                    position = ms.indexOf(m);
                } else {
                    if (position >= ms.size()) {
                        throw CompileException.type(el, "too many initializers for " + t);
                    }
                    m = ms.get(position);
                }
                target = at.plus(m.offset(), m.type());
            } else {
                throw CompileException.type(el, "braces around a scalar initializer");
            }
            if (el.getValue() instanceof ListInit inner) {
                if (!target.type.isArray() && !target.type.isStruct()) {
                    throw CompileException.type(el, "braces around a scalar initializer");
                }
                listInit(target, inner);
            } else {
                Expression x = ((ExpressionInit) el.getValue()).getValue();
                if (target.type.isArray() || target.type.isStruct()) {
                    if (li.getElements().size() != 1) {
                        throw CompileException.type(el, "missing braces around the initializer of an element of type " + target.type);
                    }
                    // "{0}": the value goes to the first scalar inside, the rest is zero.
                    while (target.type.isArray() || target.type.isStruct()) {
                        target = target.type.isArray() ? target.plus(0, target.type.pointee())
                                : target.plus(0, target.type.aggregate().members().get(0).type());
                    }
                }
                storeValue(target, convert(value(x), target.type, x), x);
            }
            position++;
        }
    }

    // ---------------------------------------------------------------- values and conversions

    private int reg(Val v) {
        if (v.isConst) {
            int r = ir.newReg();
            ir.movImm(r, v.k);
            return r;
        }
        return v.reg;
    }

    /** The value in a register the caller may overwrite. */
    private Val own(Val v) {
        if (v.owned) {
            return v;
        }
        int r = ir.newReg();
        if (v.isConst) {
            ir.movImm(r, v.k);
        } else {
            ir.mov(r, v.reg);
        }
        return new Val(r, v.type, false, 0, true, v.dirty);
    }

    /** The value with all 64 bits right. */
    private Val clean(Val v) {
        if (!v.dirty) {
            return v;
        }
        ir.movsx(v.reg, v.reg, 32);
        return new Val(v.reg, v.type, false, 0, true, false);
    }

    /** reg = v. */
    private void moveTo(int reg, Val v) {
        if (v.isConst) {
            ir.movImm(reg, v.k);
        } else {
            ir.mov(reg, clean(v).reg);
        }
    }

    /** A non-void scalar value (arrays decay to a pointer to their first element). */
    private Val value(Expression x) {
        Val v = expr(x);
        if (v.isVoid() || v.type.isStruct()) {
            throw CompileException.type(x, "expression of type " + v.type + " used as a value");
        }
        return v;
    }

    /** A warning: rule, node, message (reported once). */
    record Warning(EObject node, String rule, String message) {
    }

    private final java.util.Set<Warning> warnings = new java.util.LinkedHashSet<>();
    /** Above 0 while generating code only to learn a type: no warnings then. */
    private int dryDepth;

    /** The warnings, like a C compiler's: constants that change value when converted, signed/unsigned comparisons. */
    List<Warning> warnings() {
        return List.copyOf(warnings);
    }

    private void warn(EObject node, String rule, String message) {
        if (dryDepth == 0) {
            warnings.add(new Warning(node, rule, message));
        }
    }

    /** An implicit conversion (assignment, initialization, argument, return): warns when a constant changes value. */
    private Val implicit(Val v, CType to, EObject node) {
        if (v.isConst && to.kind() == CType.Kind.INT && to.size() < 8) {
            int bits = to.size() * 8;
            boolean fits = to.signed() ? v.k >= -(1L << (bits - 1)) && v.k <= (1L << (bits - 1)) - 1
                    || !v.type.signed() && v.type.size() == to.size()
                    : v.k >= -(1L << (bits - 1)) && v.k <= (1L << bits) - 1;
            if (!fits) {
                warn(node, "HUC-CONSTANT-CONVERSION", "implicit conversion from " + v.type + " to " + to + " changes value from "
                        + v.k + " to " + to.normalize(v.k));
            }
        }
        return convert(v, to, node);
    }

    /** Warns when a comparison converts a signed operand to unsigned (C's -Wsign-compare). */
    private void signCompare(Val l, Val r, EObject node) {
        if (!l.type.isArithmetic() || !r.type.isArithmetic() || l.zeroOne || r.zeroOne) {
            return;
        }
        CType a = l.type.promoted();
        CType b = r.type.promoted();
        if (a.signed() == b.signed() || CType.common(a, b).signed()) {
            return;
        }
        Val signed = a.signed() ? l : r;
        if (signed.isConst && signed.k >= 0) {
            return;
        }
        warn(node, "HUC-SIGN-COMPARE", "comparison of integers of different signs: " + l.type + " and " + r.type
                + " (the signed operand is converted to " + CType.common(a, b) + ")");
    }

    /** Converts v to type to, as C's assignment and casts do. */
    private Val convert(Val v, CType to, EObject node) {
        CType from = v.type;
        if (from.equals(to)) {
            return v;
        }
        if (v.zeroOne && to.isArithmetic()) {
            return v.as(to); // 0 or 1 fits every integer type
        }
        if (to.kind() == CType.Kind.BOOL) {
            if (!from.isScalar()) {
                throw CompileException.type(node, "cannot convert " + from + " to bool");
            }
            if (v.isConst) {
                return Val.constant(v.k != 0 ? 1 : 0, CType.BOOL);
            }
            if (from.kind() == CType.Kind.BOOL) {
                return v.as(to);
            }
            int r = ir.newReg();
            Ir.Label done = new Ir.Label();
            ir.movImm(r, 1);
            compareJump("!=", v, Val.constant(0, from), done, node);
            ir.movImm(r, 0);
            ir.bind(done);
            return Val.temp(r, CType.BOOL);
        }
        if (to.isPointer()) {
            if (!from.isScalar()) {
                throw CompileException.type(node, "cannot convert " + from + " to " + to);
            }
            return clean(v).as(to);
        }
        if (to.kind() != CType.Kind.INT || !from.isScalar()) {
            throw CompileException.type(node, "cannot convert " + from + " to " + to);
        }
        if (v.isConst) {
            return Val.constant(v.k, to);
        }
        CType f = from.isPointer() ? CType.U64 : from;
        if (v.dirty && to.size() > 4) {
            v = clean(v);
        }
        boolean same = f.kind() == CType.Kind.BOOL && !v.dirty
                || !v.dirty && (f.size() < to.size() && (!f.signed() || to.signed()) || f.size() == to.size() && f.signed() == to.signed()
                        || to.size() == 8);
        if (same) {
            return new Val(v.reg, to, false, 0, v.owned, false);
        }
        if (to.size() == 4 && !to.signed() || to.size() == 4 && v.dirty && f.size() == 4 && f.signed() == to.signed()) {
            // Same width and sign but dirty: only the low 32 bits matter until cleaned.
            if (!to.signed()) {
                int r = ir.newReg();
                ir.mov32(r, v.reg);
                return Val.temp(r, to);
            }
            return new Val(v.reg, to, false, 0, v.owned, true);
        }
        return narrow(v.reg, to);
    }

    /** A fresh register with reg truncated to t's width and extended back. */
    private Val narrow(int reg, CType t) {
        int r = ir.newReg();
        if (t.signed()) {
            ir.movsx(r, reg, t.size() * 8);
        } else if (t.size() == 4) {
            ir.mov32(r, reg);
        } else {
            ir.mov(r, reg);
            ir.alu64Imm(ALU_AND, r, t.size() == 1 ? 0xff : 0xffff);
        }
        return Val.temp(r, t);
    }

    // ---------------------------------------------------------------- expressions

    private Val expr(Expression x) {
        if (x instanceof ParenExpression p) {
            return expr(p.getInner());
        }
        if (x instanceof NumberLiteral n) {
            Literals.Literal lit = Literals.number(n);
            return Val.constant(lit.value(), lit.type());
        }
        if (x instanceof CharLiteral c) {
            return Val.constant(Literals.character(c), CType.INT);
        }
        if (x instanceof BoolLiteral b) {
            return Val.constant("true".equals(b.getValue()) ? 1 : 0, CType.INT);
        }
        if (x instanceof StringLiteral) {
            throw CompileException.unsupported(x, "a string literal");
        }
        if (x instanceof NameExpression n) {
            return name(n);
        }
        if (x instanceof BinaryExpression b) {
            return switch (b.getOp()) {
                case "&&", "||", "==", "!=", "<", ">", "<=", ">=" -> boolValue(b);
                default -> binary(b.getOp(), value(b.getLeft()), value(b.getRight()), b);
            };
        }
        if (x instanceof UnaryExpression u) {
            return unary(u);
        }
        if (x instanceof PostfixExpression p) {
            return increment(p.getOperand(), p.getOp(), false, p);
        }
        if (x instanceof AssignmentExpression a) {
            return assign(a);
        }
        if (x instanceof ConditionalExpression c) {
            return conditional(c);
        }
        if (x instanceof CastExpression c) {
            return cast(c);
        }
        if (x instanceof CallExpression c) {
            return call(c);
        }
        if (x instanceof MemberExpression || x instanceof IndexExpression) {
            return load(address(x), x);
        }
        if (x instanceof CommaExpression c) {
            expr(c.getLeft());
            return expr(c.getRight());
        }
        if (x instanceof SizeofExpression s) {
            CType t = s.getType() != null ? unit.types.of(s.getType()) : objectType(s.getOperand());
            if (t.kind() == CType.Kind.VOID || t.isArray() && t.count() < 0) {
                throw CompileException.type(s, "sizeof of incomplete type " + t);
            }
            return Val.constant(t.size(), CType.U64);
        }
        throw CompileException.unsupported(x, Compiler.construct(x));
    }

    /**
     * The type of an expression, without its code (for sizeof, and ?: of two branches). Kept per
     * node within a statement (outside #define expansions, where one node stands at several places):
     * a chain of n nested ?: is typed in n steps, not 2^n.
     */
    private CType typeOf(Expression x) {
        if (x instanceof ParenExpression p) {
            return typeOf(p.getInner());
        }
        boolean cached = expanding.isEmpty();
        CType t = cached ? typeCache.get(x) : null;
        if (t == null) {
            t = x instanceof ConditionalExpression c ? conditionalType(c) : dry(() -> expr(x).type);
            if (cached) {
                typeCache.put(x, t);
            }
        }
        return t;
    }

    /** The type of an expression before arrays decay to pointers (what [] and sizeof see). */
    private CType objectType(Expression x) {
        Expression s = strip(x);
        boolean inMemory = s instanceof MemberExpression || s instanceof IndexExpression
                || s instanceof UnaryExpression u && u.getOp().equals("*")
                || s instanceof NameExpression n && (lookup(n.getName()) != null ? lookup(n.getName()).inMemory()
                        : unit.externs.containsKey(n.getName()));
        return inMemory ? dry(() -> address(s).type) : typeOf(s);
    }

    /** Runs code generation for its result only: the instructions it emits are taken back. */
    private <T> T dry(java.util.function.Supplier<T> what) {
        int mark = ir.code.size();
        boolean reachable = ir.reachable();
        int line = ir.line;
        Ir.Label oob = outOfBounds;
        dryDepth++;
        try {
            return what.get();
        } finally {
            dryDepth--;
            ir.code.subList(mark, ir.code.size()).clear();
            ir.line = line;
            ir.setReachable(reachable);
            outOfBounds = oob;
        }
    }

    private Val name(NameExpression n) {
        String name = n.getName();
        Local l = lookup(name);
        if (l != null) {
            if (l.constant != null) {
                return l.constant;
            }
            if (l.inMemory()) {
                return load(new Addr(FRAME_POINTER, -l.offset, null, l.type), n);
            }
            return new Val(l.reg, l.type, false, 0, false, false);
        }
        Define d = unit.defines.get(name);
        if (d != null) {
            if (!expanding.add(name)) {
                throw CompileException.type(n, "#define " + name + " refers to itself");
            }
            boolean outermost = expansionSite == null;
            if (outermost) {
                expansionSite = n;
            }
            try {
                if (unit.expand(d) > org.hyperupcall.lang.Limits.MAX_MACRO_EXPANSION) {
                    throw new CompileException(expansionSite, org.hyperupcall.lang.Limits.RULE,
                            org.hyperupcall.lang.Limits.macroTooLarge(expansionSite.getName()));
                }
                return expr(d.getValue());
            } finally {
                expanding.remove(name);
                if (outermost) {
                    expansionSite = null;
                }
            }
        }
        if (unit.externs.containsKey(name)) {
            return load(externAddr(n), n);
        }
        org.hyperupcall.lang.huc.GlobalVar g = unit.constants.get(name);
        if (g != null && expanding.add(name)) {
            try {
                InitDeclarator id = g.getDeclarators().stream().filter(x -> x.getDeclarator().getName().equals(name)).findFirst().orElseThrow();
                CType t = unit.types.declared(g.getType(), id.getDeclarator());
                Expression init = ((ExpressionInit) id.getInit()).getValue();
                Val v = convert(value(init), t, init);
                if (!v.isConst) {
                    throw CompileException.type(init, "the initializer of global constant '" + name + "' is not a constant expression");
                }
                return v;
            } finally {
                expanding.remove(name);
            }
        }
        Long en = unit.enumerators.get(name);
        if (en != null) {
            return Val.constant(en, en == (int) (long) en ? CType.INT : CType.S64);
        }
        Long c = Compiler.ABI_CONSTANTS.get(name);
        if (c != null) {
            return Val.constant(c, c == (int) (long) c ? CType.INT : CType.S64);
        }
        String other = unit.otherNames.get(name);
        if (other != null) {
            throw CompileException.unsupported(n, other + " '" + name + "'");
        }
        throw new CompileException(n, Compiler.NAME, "'" + name + "' is not declared: not a local, a parameter, a #define, "
                + "an extern or a constant of hyperupcall.h");
    }

    private Local lookup(String name) {
        for (Map<String, Local> s : scopes) {
            Local l = s.get(name);
            if (l != null) {
                return l;
            }
        }
        return null;
    }

    private Val unary(UnaryExpression u) {
        switch (u.getOp()) {
            case "++", "--" -> {
                return increment(u.getOperand(), u.getOp(), true, u);
            }
            case "!" -> {
                Val v = value(u.getOperand());
                if (v.isConst) {
                    return Val.constant(v.k == 0 ? 1 : 0, CType.INT);
                }
                return boolValue(u);
            }
            case "&" -> {
                return addressOf(address(u.getOperand()), u);
            }
            case "*" -> {
                return load(address(u), u);
            }
            default -> {
                Val v = value(u.getOperand());
                arithmeticOperand(v, u);
                CType t = v.type.promoted();
                v = convert(v, t, u);
                if (u.getOp().equals("+")) {
                    return v;
                }
                if (v.isConst) {
                    return Val.constant(u.getOp().equals("-") ? -v.k : ~v.k, t);
                }
                if (u.getOp().equals("-")) {
                    return binary("-", Val.constant(0, t), v, u);
                }
                return binary("^", v, Val.constant(-1, t), u);
            }
        }
    }

    private void arithmeticOperand(Val v, EObject node) {
        if (!v.type.isArithmetic()) {
            if (v.type.isPointer()) {
                throw CompileException.type(node, "this operator does not apply to a pointer (" + v.type + ")");
            }
            throw CompileException.type(node, "operand of type " + v.type + " where an integer is needed");
        }
    }

    /** l op r with C's conversions, pointer arithmetic included. */
    private Val binary(String op, Val l, Val r, EObject node) {
        if ((op.equals("+") || op.equals("-")) && (l.type.isPointer() || r.type.isPointer())) {
            return pointerArithmetic(op, l, r, node);
        }
        arithmeticOperand(l, node);
        arithmeticOperand(r, node);
        boolean shift = op.equals("<<") || op.equals(">>");
        CType t = shift ? l.type.promoted() : CType.common(l.type, r.type);
        l = convert(l, t, node);
        r = convert(r, shift ? r.type.promoted() : t, node);
        if (shift && r.isConst && (r.k < 0 || r.k >= t.size() * 8)) {
            throw CompileException.type(node, "shift count " + r.k + " is not below the width of " + t + " (" + t.size() * 8 + " bits)");
        }
        if (l.isConst && r.isConst) {
            return Val.constant(fold(op, l.k, r.k, t, node), t);
        }
        // Identities that need no instruction.
        if (r.isConst) {
            long k = r.k;
            if (k == 0 && (op.equals("+") || op.equals("-") || op.equals("|") || op.equals("^") || shift)
                    || k == 1 && (op.equals("*") || op.equals("/"))) {
                return l;
            }
            if (op.equals("*") && k > 0 && Long.bitCount(k) == 1) {
                return binary("<<", l, Val.constant(Long.numberOfTrailingZeros(k), CType.INT), node);
            }
            if (op.equals("/") && !t.signed() && k > 0 && Long.bitCount(k) == 1) {
                return binary(">>", l, Val.constant(Long.numberOfTrailingZeros(k), CType.INT), node);
            }
            if (op.equals("%") && !t.signed() && k > 0 && Long.bitCount(k) == 1) {
                return binary("&", l, Val.constant(k - 1, t), node);
            }
        }
        if (l.isConst && !r.isConst && (op.equals("+") || op.equals("*") || op.equals("&") || op.equals("|") || op.equals("^"))) {
            return binary(op, r, l, node); // commutative: the constant goes to the immediate
        }
        boolean wide = t.size() == 8;
        int aluOp = aluOp(op, t, node);
        boolean signedDivision = t.signed() && (aluOp == ALU_DIV || aluOp == ALU_MOD);
        if (wide) {
            l = clean(l);
            if (!r.isConst) {
                r = clean(r);
            }
        }
        Val d = own(l);
        boolean imm = r.isConst && (!wide || r.k == (int) r.k) && !((aluOp == ALU_DIV || aluOp == ALU_MOD) && r.k == 0);
        if (signedDivision) {
            if (imm) {
                ir.sdivImm(wide, aluOp, d.reg, r.k);
            } else {
                ir.sdiv(wide, aluOp, d.reg, reg(r));
            }
        } else if (wide) {
            if (imm) {
                ir.alu64Imm(aluOp, d.reg, r.k);
            } else {
                ir.alu64(aluOp, d.reg, reg(r));
            }
        } else if (imm) {
            ir.alu32Imm(aluOp, d.reg, r.k);
        } else {
            ir.alu32(aluOp, d.reg, reg(r));
        }
        // A 32-bit operation zero-extends: right for u32, to be sign-extended for s32.
        return new Val(d.reg, t, false, 0, true, !wide && t.signed());
    }

    /** The ALU operation of a C operator on operands of type t. */
    private static int aluOp(String op, CType t, EObject node) {
        return switch (op) {
            case "+" -> ALU_ADD;
            case "-" -> ALU_SUB;
            case "*" -> ALU_MUL;
            case "/" -> ALU_DIV;
            case "%" -> ALU_MOD;
            case "&" -> ALU_AND;
            case "|" -> ALU_OR;
            case "^" -> ALU_XOR;
            case "<<" -> ALU_LSH;
            case ">>" -> t.signed() ? ALU_ARSH : ALU_RSH;
            default -> throw CompileException.unsupported(node, "operator " + op);
        };
    }

    /** Folds a binary operation on constants with the semantics of the eBPF instructions it stands for. */
    private static long fold(String op, long a, long b, CType t, EObject node) {
        boolean wide = t.size() == 8;
        int aluOp = aluOp(op, t, node);
        if ((aluOp == ALU_DIV || aluOp == ALU_MOD) && b == 0) {
            throw CompileException.type(node, "division by zero in a constant expression");
        }
        int offset = t.signed() && (aluOp == ALU_DIV || aluOp == ALU_MOD) ? 1 : 0;
        int opcode = (wide ? CLS_ALU64 : CLS_ALU) | aluOp | SRC_X;
        return org.hyperupcall.ebpf.vm.Alu.compute(opcode, offset, 0, a, b);
    }

    private Val pointerArithmetic(String op, Val l, Val r, EObject node) {
        if (l.type.isPointer() && r.type.isPointer()) {
            if (!op.equals("-")) {
                throw CompileException.type(node, "two pointers cannot be added");
            }
            int size = Math.max(1, l.type.pointee().size());
            Val diff = binary("-", l.as(CType.S64), r.as(CType.S64), node);
            if (Long.bitCount(size) == 1) {
                // The difference is an exact multiple of the size: a shift divides it.
                return binary(">>", diff, Val.constant(Long.numberOfTrailingZeros(size), CType.INT), node);
            }
            return binary("/", diff, Val.constant(size, CType.S64), node);
        }
        if (r.type.isPointer()) {
            if (op.equals("-")) {
                throw CompileException.type(node, "an integer minus a pointer");
            }
            Val swap = l;
            l = r;
            r = swap;
        }
        arithmeticOperand(r, node);
        CType p = l.type;
        int size = p.pointee().kind() == CType.Kind.VOID ? 1 : p.pointee().size();
        if (size == 0) {
            throw CompileException.type(node, "arithmetic on a pointer to incomplete type " + p);
        }
        Val scaled = binary("*", convert(r, CType.S64, node), Val.constant(size, CType.S64), node);
        Val sum = binary(op, l.as(CType.U64), scaled, node);
        return sum.as(p);
    }

    /** 0 or 1 in a register, from a condition. */
    private Val boolValue(Expression x) {
        int r = ir.newReg();
        Ir.Label done = new Ir.Label();
        ir.movImm(r, 1);
        branch(x, done, true);
        ir.movImm(r, 0);
        ir.bind(done);
        return new Val(r, CType.INT, false, 0, true, false, true);
    }

    private static Expression strip(Expression x) {
        while (x instanceof ParenExpression p) {
            x = p.getInner();
        }
        return x;
    }

    /** Jumps to target when x is true (when = true) or false (when = false); falls through otherwise. */
    private void branch(Expression x, Ir.Label target, boolean when) {
        x = strip(x);
        if (x instanceof UnaryExpression u && u.getOp().equals("!")) {
            branch(u.getOperand(), target, !when);
            return;
        }
        if (x instanceof BinaryExpression b) {
            String op = b.getOp();
            if (op.equals("&&") || op.equals("||")) {
                boolean and = op.equals("&&");
                if (and != when) {
                    // && jumping when false, || jumping when true: either operand decides.
                    branch(b.getLeft(), target, when);
                    branch(b.getRight(), target, when);
                } else {
                    Ir.Label skip = new Ir.Label();
                    branch(b.getLeft(), skip, !when);
                    branch(b.getRight(), target, when);
                    ir.bind(skip);
                }
                return;
            }
            if (List.of("==", "!=", "<", ">", "<=", ">=").contains(op)) {
                Val l = value(b.getLeft());
                Val r = value(b.getRight());
                signCompare(l, r, b);
                compareJump(when ? op : negate(op), l, r, target, b);
                return;
            }
            if (op.equals("&") && when) {
                Val l = value(b.getLeft());
                Val r = value(b.getRight());
                if (l.type.isArithmetic() && r.type.isArithmetic() && !l.isConst && r.isConst && r.k == (int) r.k) {
                    CType t = CType.common(l.type, r.type);
                    Val lc = convert(l, t, b);
                    ir.jumpIfImm(t.size() == 4, JMP_JSET, reg(t.size() == 4 ? lc : clean(lc)), r.k, target);
                    return;
                }
                Val v = binary("&", l, r, b);
                testJump(v, target, true, b);
                return;
            }
        }
        testJump(value(x), target, when, x);
    }

    /** Jumps when v is non-zero (when = true) or zero. */
    private void testJump(Val v, Ir.Label target, boolean when, EObject node) {
        if (!v.type.isScalar()) {
            throw CompileException.type(node, "a condition must be an integer or a pointer, not " + v.type);
        }
        if (v.isConst) {
            if ((v.k != 0) == when) {
                ir.jump(target);
            }
            return;
        }
        boolean jmp32 = v.type.size() == 4 && v.dirty;
        ir.jumpIfImm(jmp32, when ? JMP_JNE : JMP_JEQ, v.reg, 0, target);
    }

    private static String negate(String op) {
        return switch (op) {
            case "==" -> "!=";
            case "!=" -> "==";
            case "<" -> ">=";
            case ">=" -> "<";
            case ">" -> "<=";
            default -> ">";
        };
    }

    private static String mirror(String op) {
        return switch (op) {
            case "<" -> ">";
            case ">" -> "<";
            case "<=" -> ">=";
            case ">=" -> "<=";
            default -> op;
        };
    }

    /** if (l op r) goto target, with C's conversions; constants become immediates. */
    private void compareJump(String op, Val l, Val r, Ir.Label target, EObject node) {
        boolean signed;
        CType t;
        if (l.type.isArithmetic() && r.type.isArithmetic()) {
            t = CType.common(l.type, r.type);
            l = convert(l, t, node);
            r = convert(r, t, node);
            signed = t.signed();
        } else if (l.type.isScalar() && r.type.isScalar()) {
            t = CType.U64; // pointers compare as addresses
            l = convert(l, CType.U64, node);
            r = convert(r, CType.U64, node);
            signed = false;
        } else {
            throw CompileException.type(node, "cannot compare " + l.type + " with " + r.type);
        }
        if (l.isConst && r.isConst) {
            boolean holds = switch (op) {
                case "==" -> l.k == r.k;
                case "!=" -> l.k != r.k;
                case "<" -> signed ? l.k < r.k : Long.compareUnsigned(l.k, r.k) < 0;
                case "<=" -> signed ? l.k <= r.k : Long.compareUnsigned(l.k, r.k) <= 0;
                case ">" -> signed ? l.k > r.k : Long.compareUnsigned(l.k, r.k) > 0;
                default -> signed ? l.k >= r.k : Long.compareUnsigned(l.k, r.k) >= 0;
            };
            if (holds) {
                ir.jump(target);
            }
            return;
        }
        if (l.isConst) {
            Val s = l;
            l = r;
            r = s;
            op = mirror(op);
        }
        int jmp = switch (op) {
            case "==" -> JMP_JEQ;
            case "!=" -> JMP_JNE;
            case "<" -> signed ? JMP_JSLT : JMP_JLT;
            case "<=" -> signed ? JMP_JSLE : JMP_JLE;
            case ">" -> signed ? JMP_JSGT : JMP_JGT;
            default -> signed ? JMP_JSGE : JMP_JGE;
        };
        boolean narrow = t.size() == 4;
        if (r.isConst) {
            if (r.k == (int) r.k && !l.dirty) {
                ir.jumpIfImm(false, jmp, l.reg, r.k, target);
            } else if (narrow) {
                ir.jumpIfImm(true, jmp, l.reg, r.k, target); // both sides' low 32 bits decide
            } else {
                ir.jumpIf(false, jmp, clean(l).reg, reg(r), target);
            }
            return;
        }
        if (narrow && (l.dirty || r.dirty)) {
            ir.jumpIf(true, jmp, l.reg, r.reg, target);
            return;
        }
        ir.jumpIf(false, jmp, clean(l).reg, clean(r).reg, target);
    }

    /** The type of ?: from the types of its branches (no code: a chain of n nested ?: is typed in n steps). */
    private CType conditionalType(ConditionalExpression c) {
        CType a = typeOf(c.getThen());
        CType b = typeOf(c.getElse());
        if (a.isArithmetic() && b.isArithmetic()) {
            return CType.common(a, b);
        } else if (a.isPointer() && (b.isPointer() || b.isArithmetic())) {
            return a;
        } else if (a.isArithmetic() && b.isPointer()) {
            return b;
        } else if (a.kind() == CType.Kind.VOID && b.kind() == CType.Kind.VOID) {
            return CType.VOID;
        }
        throw CompileException.type(c, "the branches of ?: have types " + a + " and " + b);
    }

    private Val conditional(ConditionalExpression c) {
        CType t = conditionalType(c);
        int r = t.kind() == CType.Kind.VOID ? -1 : ir.newReg();
        Ir.Label otherwise = new Ir.Label();
        Ir.Label end = new Ir.Label();
        branch(c.getCondition(), otherwise, false);
        Val x = expr(c.getThen());
        if (r >= 0) {
            moveTo(r, clean(convert(x, t, c.getThen())));
        }
        ir.jump(end);
        ir.bind(otherwise);
        Val y = expr(c.getElse());
        if (r >= 0) {
            moveTo(r, clean(convert(y, t, c.getElse())));
        }
        ir.bind(end);
        return r < 0 ? VOID : Val.temp(r, t);
    }

    private Val cast(CastExpression c) {
        CType t = unit.types.of(c.getType());
        Val v = expr(c.getOperand());
        if (t.kind() == CType.Kind.VOID) {
            return VOID;
        }
        if (v.isVoid()) {
            throw CompileException.type(c, "cast of a void value");
        }
        if (t.isStruct() || t.isArray()) {
            throw CompileException.type(c, "cast to " + t);
        }
        if (v.type.isStruct()) {
            throw CompileException.type(c, "cast of a struct value");
        }
        return convert(v, t, c);
    }

    // ---------------------------------------------------------------- memory

    /** The address of an lvalue expression that lives in memory. */
    private Addr address(Expression x) {
        x = strip(x);
        if (x instanceof NameExpression n) {
            Local l = lookup(n.getName());
            if (l != null) {
                if (!l.inMemory()) {
                    throw CompileException.unsupported(n, "taking the address of scalar local '" + n.getName()
                            + "' (declare it as a one-element array, or use a struct)");
                }
                return new Addr(FRAME_POINTER, -l.offset, null, l.type);
            }
            if (unit.externs.containsKey(n.getName())) {
                return externAddr(n);
            }
            name(n); // reports what the name is
            throw CompileException.type(n, "'" + n.getName() + "' is not in memory");
        }
        if (x instanceof MemberExpression m) {
            Addr base;
            CType st;
            if (m.isArrow()) {
                Val p = value(m.getTarget());
                if (!p.type.isPointer() || !p.type.pointee().isStruct()) {
                    throw CompileException.type(m, "'->" + m.getMember() + "' needs a pointer to a struct or union, not " + p.type);
                }
                st = p.type.pointee();
                base = new Addr(reg(p), 0, null, st);
            } else {
                base = address(m.getTarget());
                st = base.type;
                if (!st.isStruct()) {
                    throw CompileException.type(m, "'." + m.getMember() + "' needs a struct or union, not " + st);
                }
            }
            CType.Member f = st.aggregate().member(m.getMember()).orElseThrow(() -> CompileException.type(m,
                    st + " has no member '" + m.getMember() + "'"));
            return base.plus(f.offset(), f.type());
        }
        if (x instanceof IndexExpression ix) {
            Expression target = strip(ix.getTarget());
            CType targetType = objectType(target);
            Addr base;
            CType element;
            int count;
            if (targetType.isArray()) {
                base = address(target);
                element = targetType.pointee();
                count = targetType.count();
            } else if (targetType.isPointer()) {
                Val p = value(target);
                element = p.type.pointee();
                base = new Addr(reg(p), 0, null, element);
                count = -1;
            } else {
                throw CompileException.type(ix, "'[]' needs an array or a pointer, not " + targetType);
            }
            if (element.kind() == CType.Kind.VOID || element.size() == 0) {
                throw CompileException.type(ix, "indexing a pointer to " + element);
            }
            Val i = value(ix.getIndex());
            arithmeticOperand(i, ix.getIndex());
            i = convert(i, CType.S64, ix.getIndex());
            if (i.isConst) {
                if (count >= 0 && (i.k < 0 || i.k >= count)) {
                    throw CompileException.type(ix.getIndex(), "index " + i.k + " is outside " + targetType + " (0.." + (count - 1) + ")");
                }
                return base.plus(i.k * element.size(), element);
            }
            if (count >= 0) {
                // The bounds check of an array of declared size: an index outside ends the hyperupcall.
                if (outOfBounds == null) {
                    outOfBounds = new Ir.Label();
                }
                ir.jumpIfImm(false, JMP_JGE, i.reg, count, outOfBounds);
            }
            Val scaled = binary("*", i, Val.constant(element.size(), CType.S64), ix);
            int b = baseRegister(base);
            Val sum = binary("+", new Val(b, CType.U64, false, 0, base.extern != null, false), scaled, ix);
            return new Addr(sum.reg, base.extern != null ? 0 : base.offset, null, element);
        }
        if (x instanceof UnaryExpression u && u.getOp().equals("*")) {
            Expression operand = strip(u.getOperand());
            // *p++ and *p--: move the pointer first, then address the old place relative to it.
            if (operand instanceof PostfixExpression pf && strip(pf.getOperand()) instanceof NameExpression pn) {
                Local l = lookup(pn.getName());
                if (l != null && l.reg >= 0 && l.constant == null && l.type.isPointer() && l.type.pointee().size() > 0) {
                    int size = l.type.pointee().size();
                    long step = pf.getOp().equals("++") ? size : -size;
                    ir.alu64Imm(ALU_ADD, l.reg, step);
                    return new Addr(l.reg, -step, null, l.type.pointee());
                }
            }
            // *(p + k): the constant goes into the instruction's offset.
            if (operand instanceof BinaryExpression b && (b.getOp().equals("+") || b.getOp().equals("-"))) {
                CType lt = typeOf(b.getLeft());
                Long k = ConstantFolder.fold(b.getRight(), unit);
                if (lt.isPointer() && lt.pointee().size() > 0 && k != null && Math.abs(k) < 1 << 12) {
                    Val p = value(b.getLeft());
                    long off = (b.getOp().equals("+") ? k : -k) * lt.pointee().size();
                    return new Addr(reg(p), off, null, lt.pointee());
                }
            }
            Val p = value(operand);
            if (!p.type.isPointer()) {
                throw CompileException.type(u, "'*' needs a pointer, not " + p.type);
            }
            if (p.type.pointee().kind() == CType.Kind.VOID) {
                throw CompileException.type(u, "dereferencing a void pointer");
            }
            if (p.isConst) {
                return new Addr(reg(p), 0, null, p.type.pointee());
            }
            return new Addr(p.reg, 0, null, p.type.pointee());
        }
        throw CompileException.type(x, "this expression is not in memory");
    }

    /** An extern variable: its address (an lddw the loader relocates). */
    private Addr externAddr(NameExpression n) {
        ExternDecl x = unit.externs.get(n.getName());
        if (x.getDeclarator().isFunctionPointer()) {
            throw CompileException.unsupported(n, "the extern function pointer '" + n.getName() + "'");
        }
        CType t = unit.types.declared(x.getType(), x.getDeclarator());
        if (t.kind() == CType.Kind.VOID) {
            throw CompileException.type(n, "extern '" + n.getName() + "' has type void");
        }
        return new Addr(-1, 0, n.getName(), t);
    }

    /** A register holding the base of an address (for an extern: its relocated address plus the offset). */
    private int baseRegister(Addr a) {
        if (a.extern != null) {
            int r = ir.newReg();
            ir.lddwExtern(r, a.extern, a.offset);
            return r;
        }
        return a.base;
    }

    private int memOffset(Addr a) {
        return a.extern != null ? 0 : (int) a.offset;
    }

    /** The value at an address; arrays decay to their address, structs stay as addresses. */
    private Val load(Addr a, EObject node) {
        if (a.type.isArray()) {
            return addressOf(a, node).as(CType.pointerTo(a.type.pointee()));
        }
        if (a.type.isStruct()) {
            return new Val(addressOf(a, node).reg, a.type, false, 0, false, false);
        }
        if (!a.type.isScalar()) {
            throw CompileException.type(node, "a value of type " + a.type);
        }
        checkOffset(a, node);
        int base = baseRegister(a);
        int r = ir.newReg();
        if (a.type.signed() && a.type.size() < 8) {
            ir.loadSigned(r, base, memOffset(a), a.type.size());
        } else {
            ir.load(r, base, memOffset(a), a.type.size());
        }
        return Val.temp(r, a.type);
    }

    private void checkOffset(Addr a, EObject node) {
        if (a.extern == null && a.offset != (short) a.offset) {
            throw CompileException.unsupported(node, "a memory offset of " + a.offset + " bytes (beyond 16 bits)");
        }
    }

    /** A pointer to the address. */
    private Val addressOf(Addr a, EObject node) {
        CType p = CType.pointerTo(a.type);
        if (a.extern != null) {
            return Val.temp(baseRegister(a), p);
        }
        if (a.offset == 0 && a.base != FRAME_POINTER) {
            return new Val(a.base, p, false, 0, false, false);
        }
        int r = ir.newReg();
        ir.mov(r, a.base);
        ir.alu64Imm(ALU_ADD, r, a.offset);
        return Val.temp(r, p);
    }

    private void storeValue(Addr a, Val v, EObject node) {
        if (a.type.isStruct() || a.type.isArray()) {
            throw CompileException.unsupported(node, "assigning a whole " + (a.type.isStruct() ? "struct" : "array"));
        }
        checkOffset(a, node);
        int base = baseRegister(a);
        int size = a.type.size();
        if (v.isConst && (size < 8 || v.k == (int) v.k)) {
            ir.storeImm(base, memOffset(a), (int) v.k, size);
        } else {
            ir.store(base, memOffset(a), reg(size == 8 ? clean(v) : v), size);
        }
    }

    // ---------------------------------------------------------------- assignment

    private LValue lvalue(Expression x) {
        x = strip(x);
        if (x instanceof NameExpression n) {
            Local l = lookup(n.getName());
            if (l != null && !l.inMemory()) {
                if (l == context) {
                    throw CompileException.type(n, "the context pointer '" + l.name + "' cannot be assigned");
                }
                return new LValue(l, null, l.type);
            }
            if (l == null && !unit.externs.containsKey(n.getName())) {
                if (unit.defines.containsKey(n.getName()) || Compiler.ABI_CONSTANTS.containsKey(n.getName())
                        || unit.enumerators.containsKey(n.getName())) {
                    throw CompileException.type(n, "'" + n.getName() + "' is a constant; it cannot be assigned");
                }
                name(n);
            }
        }
        Addr a = address(x);
        if (a.type.isArray()) {
            throw CompileException.type(x, "an array cannot be assigned");
        }
        return new LValue(null, a, a.type);
    }

    private Val read(LValue lv, EObject node) {
        if (lv.local != null) {
            return new Val(lv.local.reg, lv.type, false, 0, false, false);
        }
        return load(lv.addr, node);
    }

    private void write(LValue lv, Val v, EObject node) {
        if (lv.local != null) {
            moveTo(lv.local.reg, v);
        } else {
            storeValue(lv.addr, v, node);
        }
    }

    /** Fixes a memory lvalue's base in a register, so that reading and writing it evaluate the address once. */
    private LValue fix(LValue lv) {
        if (lv.local != null || lv.addr.extern == null) {
            return lv;
        }
        int r = baseRegister(lv.addr);
        return new LValue(null, new Addr(r, 0, null, lv.type), lv.type);
    }

    private Val assign(AssignmentExpression a) {
        LValue lv = fix(lvalue(a.getTarget()));
        if (lv.type.isStruct()) {
            throw CompileException.unsupported(a, "assigning a whole struct");
        }
        Val v;
        if (a.getOp().equals("=")) {
            v = clean(implicit(value(a.getValue()), lv.type, a.getValue()));
        } else {
            String op = a.getOp().substring(0, a.getOp().length() - 1);
            Val cur = read(lv, a);
            v = clean(convert(binary(op, cur, value(a.getValue()), a), lv.type, a));
        }
        write(lv, v, a);
        return lv.local != null ? new Val(lv.local.reg, lv.type, false, 0, false, false) : v;
    }

    private Val increment(Expression target, String op, boolean prefix, EObject node) {
        LValue lv = fix(lvalue(target));
        if (!lv.type.isScalar()) {
            throw CompileException.type(node, op + " needs an integer or a pointer, not " + lv.type);
        }
        Val cur = read(lv, node);
        Val old = prefix ? null : own(cur);
        Val one = Val.constant(1, CType.INT);
        Val next = lv.type.isPointer() ? pointerArithmetic(op.equals("++") ? "+" : "-", cur, one, node)
                : clean(convert(binary(op.equals("++") ? "+" : "-", cur, one, node), lv.type, node));
        write(lv, next, node);
        if (prefix) {
            return lv.local != null ? new Val(lv.local.reg, lv.type, false, 0, false, false) : next;
        }
        return old;
    }

    // ---------------------------------------------------------------- calls

    private Val call(CallExpression c) {
        if (!(strip(c.getTarget()) instanceof NameExpression n)) {
            throw CompileException.unsupported(c, "an indirect call");
        }
        Function callee = unit.functions.get(n.getName());
        if (callee != null) {
            return inline(c, callee);
        }
        HelperSpec h = Helpers.byName(n.getName()).orElse(null);
        if (h == null) {
            throw new CompileException(c, Compiler.NAME, "'" + n.getName() + "' is neither an ABI helper nor a function of this file");
        }
        if (h.localOnly() && event.isGlobal()) {
            throw new CompileException(c, "HUC-HELPER-EVENT", h.name() + " is only allowed in local hyperupcalls; "
                    + event.id() + " is global");
        }
        if (c.getArgs().size() != h.params().size()) {
            throw CompileException.type(c, h.name() + " takes " + h.params().size() + " argument(s), not "
                    + c.getArgs().size() + ": " + h.prototype());
        }
        List<Val> args = new ArrayList<>();
        for (int i = 0; i < h.params().size(); i++) {
            Expression arg = c.getArgs().get(i);
            String pt = h.params().get(i).cType().replace("const ", "");
            Val v = value(arg);
            if (pt.endsWith("*")) {
                if (!v.type.isScalar()) {
                    throw CompileException.type(arg, "argument " + (i + 1) + " of " + h.name() + " must be a pointer");
                }
                v = clean(v);
            } else {
                v = clean(implicit(v, CType.abiScalar(pt.trim()), arg));
            }
            args.add(v);
        }
        for (int i = 0; i < args.size(); i++) {
            moveTo(1 + i, args.get(i));
        }
        ir.call(h.id(), args.size());
        int result = ir.newReg();
        ir.mov(result, 0);
        CType t = CType.abiScalar(h.returnType());
        return Val.temp(result, t == null ? CType.S64 : t);
    }

    /**
     * A call of a function of the unit, inlined: the arguments are evaluated in the caller, bound
     * to fresh locals, and the body compiled in a scope of its own, its returns jumping to the end.
     */
    /**
     * Stops an entry point whose code is far past its instruction limit before it grows further
     * ({@link org.hyperupcall.lang.Limits#INSN_BUDGET_FACTOR} times the limit, before optimisation):
     * the work and memory of a function of 50,000 statements are those of its first few thousand.
     */
    private void withinBudget(EObject node) {
        int limit = org.hyperupcall.abi.ProgramType.of(event).instructionLimit();
        int budget = limit * org.hyperupcall.lang.Limits.INSN_BUDGET_FACTOR;
        if (ir.code.size() > budget) {
            throw new CompileException(node, Compiler.INSN_LIMIT, function.getName() + " compiles to more than " + budget
                    + " instructions before optimisation by this line, far over the limit of " + limit + " for " + event.id()
                    + Compiler.INSN_LIMIT_ADVICE);
        }
    }

    private Val inline(CallExpression c, Function f) {
        withinBudget(c);
        typeCache.clear();
        if (f.getBody() == null) {
            throw new CompileException(c, Compiler.NAME, "function '" + f.getName() + "' is declared but never defined");
        }
        if (f.getSection() != null) {
            throw CompileException.unsupported(c, "a call of entry point '" + f.getName() + "'");
        }
        if (inlines.stream().anyMatch(i -> i.function == f)) {
            throw new CompileException(c, "HUC-RECURSION", "calls recurse at '" + f.getName() + "'");
        }
        if (inlines.size() >= org.hyperupcall.lang.Limits.MAX_CALL_DEPTH) {
            throw new CompileException(c, org.hyperupcall.lang.Limits.RULE, org.hyperupcall.lang.Limits.callsTooDeep(f.getName()));
        }
        List<Param> params = Compiler.params(f);
        if (c.getArgs().size() != params.size()) {
            throw CompileException.type(c, f.getName() + " takes " + params.size() + " argument(s), not " + c.getArgs().size());
        }
        List<Val> args = new ArrayList<>();
        List<CType> types = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            CType t = Compiler.paramType(unit.types, params.get(i));
            types.add(t);
            args.add(clean(implicit(value(c.getArgs().get(i)), t, c.getArgs().get(i))));
        }
        CType rt = unit.types.of(f.getType(), f.getPointers());
        if (rt.isStruct() || rt.isArray()) {
            throw CompileException.unsupported(f, "a function returning " + rt);
        }
        int result = rt.kind() == CType.Kind.VOID ? -1 : ir.newReg();
        Ir.Label end = new Ir.Label();
        Deque<Map<String, Local>> callerScopes = scopes;
        Deque<Ir.Label> callerBreaks = breaks;
        Deque<Ir.Label> callerContinues = continues;
        int callerLine = ir.line;
        scopes = new ArrayDeque<>();
        breaks = new ArrayDeque<>();
        continues = new ArrayDeque<>();
        inlines.push(new Inline(f, rt, result, end));
        boolean otherFile = f.eResource() != function.eResource();
        if (otherFile) {
            foreign++;
        }
        try {
            scopes.push(new LinkedHashMap<>());
            for (int i = 0; i < params.size(); i++) {
                String name = Compiler.paramName(params.get(i));
                if (name != null) {
                    Val a = args.get(i);
                    Local local;
                    if (!assignedIn(f.getBody(), name)) {
                        // Never assigned in the body: the parameter is the argument's value itself.
                        local = a.isConst ? new Local(name, types.get(i), -1, 0, a) : new Local(name, types.get(i), a.reg, 0);
                    } else {
                        local = new Local(name, types.get(i), ir.newReg(), 0);
                        moveTo(local.reg, a);
                    }
                    scopes.peek().put(name, local);
                }
            }
            block(f.getBody());
            if (ir.reachable() && result >= 0) {
                ir.movImm(result, 0); // fell off the end of a non-void function
            }
            ir.bind(end);
        } finally {
            if (otherFile) {
                foreign--;
            }
            inlines.pop();
            scopes = callerScopes;
            breaks = callerBreaks;
            continues = callerContinues;
            ir.line = callerLine;
        }
        return result < 0 ? VOID : Val.temp(result, rt);
    }

    /** Whether anything in scope may change the variable called name (conservative: any name match counts). */
    private static boolean assignedIn(EObject scope, String name) {
        for (java.util.Iterator<EObject> it = scope.eAllContents(); it.hasNext();) {
            EObject o = it.next();
            Expression target = null;
            if (o instanceof AssignmentExpression a) {
                target = a.getTarget();
            } else if (o instanceof PostfixExpression p) {
                target = p.getOperand();
            } else if (o instanceof UnaryExpression u && (u.getOp().equals("++") || u.getOp().equals("--") || u.getOp().equals("&"))) {
                target = u.getOperand();
            }
            if (target != null && strip(target) instanceof NameExpression n && n.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
