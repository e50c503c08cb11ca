package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.lang.HucRule;
import org.hyperupcall.lang.compiler.FunctionState.Addr;
import org.hyperupcall.lang.compiler.FunctionState.Local;
import org.hyperupcall.lang.compiler.FunctionState.Val;
import org.hyperupcall.lang.huc.AssignmentExpression;
import org.hyperupcall.lang.huc.BinaryExpression;
import org.hyperupcall.lang.huc.BoolLiteral;
import org.hyperupcall.lang.huc.CallExpression;
import org.hyperupcall.lang.huc.CastExpression;
import org.hyperupcall.lang.huc.CharLiteral;
import org.hyperupcall.lang.huc.CommaExpression;
import org.hyperupcall.lang.huc.ConditionalExpression;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.ExpressionInit;
import org.hyperupcall.lang.huc.IndexExpression;
import org.hyperupcall.lang.huc.InitDeclarator;
import org.hyperupcall.lang.huc.MemberExpression;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.NumberLiteral;
import org.hyperupcall.lang.huc.ParenExpression;
import org.hyperupcall.lang.huc.PostfixExpression;
import org.hyperupcall.lang.huc.SizeofExpression;
import org.hyperupcall.lang.huc.StringLiteral;
import org.hyperupcall.lang.huc.UnaryExpression;

/**
 * Compiles expressions to values: literals, names and #defines, operators with C's conversions and
 * constant folding, pointer arithmetic, casts, sizeof; and an expression's type without its code.
 */
final class Expressions extends FunctionPart {
    Expressions(FunctionState state) {
        super(state);
    }

    /** A non-void scalar value (arrays decay to a pointer to their first element). */
    Val value(Expression x) {
        Val v = expr(x);
        if (v.isVoid() || v.type().isStruct()) {
            throw CompileException.type(x, "expression of type " + v.type() + " used as a value");
        }
        return v;
    }

    Val expr(Expression x) {
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
                case "&&", "||", "==", "!=", "<", ">", "<=", ">=" -> conditions.boolValue(b);
                default -> binary(b.getOp(), value(b.getLeft()), value(b.getRight()), b);
            };
        }
        if (x instanceof UnaryExpression u) {
            return unary(u);
        }
        if (x instanceof PostfixExpression p) {
            return assignments.increment(p.getOperand(), p.getOp(), false, p);
        }
        if (x instanceof AssignmentExpression a) {
            return assignments.assign(a);
        }
        if (x instanceof ConditionalExpression c) {
            return conditions.conditional(c);
        }
        if (x instanceof CastExpression c) {
            return cast(c);
        }
        if (x instanceof CallExpression c) {
            return calls.call(c);
        }
        if (x instanceof MemberExpression || x instanceof IndexExpression) {
            return addressing.load(addressing.address(x), x);
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
    CType typeOf(Expression x) {
        if (x instanceof ParenExpression p) {
            return typeOf(p.getInner());
        }
        boolean cached = state.expanding.isEmpty();
        CType t = cached ? state.typeCache.get(x) : null;
        if (t == null) {
            t = x instanceof ConditionalExpression c ? conditions.conditionalType(c) : dry(() -> expr(x).type());
            if (cached) {
                state.typeCache.put(x, t);
            }
        }
        return t;
    }

    /** The type of an expression before arrays decay to pointers (what [] and sizeof see). */
    CType objectType(Expression x) {
        Expression s = strip(x);
        boolean inMemory = s instanceof MemberExpression || s instanceof IndexExpression
                || s instanceof UnaryExpression u && u.getOp().equals("*")
                || s instanceof NameExpression n && (state.lookup(n.getName()) != null ? state.lookup(n.getName()).inMemory()
                        : unit.externs.containsKey(n.getName()));
        return inMemory ? dry(() -> addressing.address(s).type()) : typeOf(s);
    }

    /** Runs code generation for its result only: the instructions it emits are taken back. */
    private <T> T dry(java.util.function.Supplier<T> what) {
        int mark = ir.code.size();
        boolean reachable = ir.reachable();
        int line = ir.line;
        Ir.Label oob = state.outOfBounds;
        state.dryDepth++;
        try {
            return what.get();
        } finally {
            state.dryDepth--;
            ir.code.subList(mark, ir.code.size()).clear();
            ir.line = line;
            ir.setReachable(reachable);
            state.outOfBounds = oob;
        }
    }

    Val name(NameExpression n) {
        String name = n.getName();
        Local l = state.lookup(name);
        if (l != null) {
            if (l.constant() != null) {
                return l.constant();
            }
            if (l.inMemory()) {
                return addressing.load(new Addr(FRAME_POINTER, -l.offset(), null, l.type()), n);
            }
            return new Val(l.reg(), l.type(), false, 0, false, false);
        }
        switch (unit.meaning(name)) {
            case DEFINE -> {
                return define(n, unit.defines.get(name));
            }
            case EXTERN -> {
                return addressing.load(addressing.externAddr(n), n);
            }
            case CONSTANT -> {
                return globalConstant(n, unit.constants.get(name));
            }
            case ENUMERATOR, ABI_CONSTANT -> {
                return ConstantFolder.named(unit.namedValue(name));
            }
            case REFUSED -> throw CompileException.unsupported(n, unit.otherNames.get(name) + " '" + name + "'");
            default -> throw new CompileException(n, HucRule.NAME, "'" + name + "' is not declared: not a local, a parameter, a #define, "
                    + "an extern or a constant of hyperupcall.h");
        }
    }

    /** The use of a #define: its value's expression, compiled where the name stands. */
    private Val define(NameExpression n, Define d) {
        String name = n.getName();
        if (!state.expanding.add(name)) {
            throw CompileException.type(n, "#define " + name + " refers to itself");
        }
        boolean outermost = state.expansionSite == null;
        if (outermost) {
            state.expansionSite = n;
        }
        try {
            if (unit.expand(d) > org.hyperupcall.lang.Limits.MAX_MACRO_EXPANSION) {
                throw new CompileException(state.expansionSite, HucRule.LIMIT,
                        org.hyperupcall.lang.Limits.macroTooLarge(state.expansionSite.getName()));
            }
            return expr(d.getValue());
        } finally {
            state.expanding.remove(name);
            if (outermost) {
                state.expansionSite = null;
            }
        }
    }

    /** The use of a global constant: its initializer's value, converted to its type (a constant expression, or an error). */
    private Val globalConstant(NameExpression n, org.hyperupcall.lang.huc.GlobalVar g) {
        String name = n.getName();
        if (!state.expanding.add(name)) {
            throw CompileException.type(n, "global constant " + name + " refers to itself");
        }
        try {
            InitDeclarator id = g.getDeclarators().stream().filter(x -> x.getDeclarator().getName().equals(name)).findFirst().orElseThrow();
            CType t = unit.types.declared(g.getType(), id.getDeclarator());
            Expression init = ((ExpressionInit) id.getInit()).getValue();
            Val v = conversions.convert(value(init), t, init);
            if (!v.isConst()) {
                throw CompileException.type(init, "the initializer of global constant '" + name + "' is not a constant expression");
            }
            return v;
        } finally {
            state.expanding.remove(name);
        }
    }

    private Val unary(UnaryExpression u) {
        switch (u.getOp()) {
            case "++", "--" -> {
                return assignments.increment(u.getOperand(), u.getOp(), true, u);
            }
            case "!" -> {
                Val v = value(u.getOperand());
                if (v.isConst()) {
                    return ConstantFolder.not(v);
                }
                return conditions.boolValue(u);
            }
            case "&" -> {
                return addressing.addressOf(addressing.address(u.getOperand()), u);
            }
            case "*" -> {
                return addressing.load(addressing.address(u), u);
            }
            default -> {
                Val v = value(u.getOperand());
                arithmeticOperand(v, u);
                if (v.isConst()) {
                    return ConstantFolder.unary(u.getOp(), v);
                }
                CType t = v.type().promoted();
                v = conversions.convert(v, t, u);
                if (u.getOp().equals("+")) {
                    return v;
                }
                if (u.getOp().equals("-")) {
                    return binary("-", Val.constant(0, t), v, u);
                }
                return binary("^", v, Val.constant(-1, t), u);
            }
        }
    }

    void arithmeticOperand(Val v, EObject node) {
        if (!v.type().isArithmetic()) {
            if (v.type().isPointer()) {
                throw CompileException.type(node, "this operator does not apply to a pointer (" + v.type() + ")");
            }
            throw CompileException.type(node, "operand of type " + v.type() + " where an integer is needed");
        }
    }

    /** l op r with C's conversions, pointer arithmetic included. */
    Val binary(String op, Val l, Val r, EObject node) {
        if ((op.equals("+") || op.equals("-")) && (l.type().isPointer() || r.type().isPointer())) {
            return pointerArithmetic(op, l, r, node);
        }
        arithmeticOperand(l, node);
        arithmeticOperand(r, node);
        if (l.isConst() && r.isConst()) {
            return ConstantFolder.binary(op, l, r, node);
        }
        boolean shift = ConstantFolder.shift(op);
        CType t = ConstantFolder.type(op, l.type(), r.type());
        l = conversions.convert(l, t, node);
        r = conversions.convert(r, shift ? r.type().promoted() : t, node);
        ConstantFolder.checkShift(op, r, t, node);
        // Identities that need no instruction.
        if (r.isConst()) {
            long k = r.k();
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
        if (l.isConst() && !r.isConst() && (op.equals("+") || op.equals("*") || op.equals("&") || op.equals("|") || op.equals("^"))) {
            return binary(op, r, l, node); // commutative: the constant goes to the immediate
        }
        boolean wide = t.size() == 8;
        int aluOp = ConstantFolder.aluOp(op, t, node);
        boolean signedDivision = t.signed() && (aluOp == ALU_DIV || aluOp == ALU_MOD);
        if (wide) {
            l = conversions.clean(l);
            if (!r.isConst()) {
                r = conversions.clean(r);
            }
        }
        Val d = conversions.own(l);
        boolean imm = r.isConst() && (!wide || r.k() == (int) r.k()) && !((aluOp == ALU_DIV || aluOp == ALU_MOD) && r.k() == 0);
        if (signedDivision) {
            if (imm) {
                ir.sdivImm(wide, aluOp, d.reg(), r.k());
            } else {
                ir.sdiv(wide, aluOp, d.reg(), conversions.reg(r));
            }
        } else if (wide) {
            if (imm) {
                ir.alu64Imm(aluOp, d.reg(), r.k());
            } else {
                ir.alu64(aluOp, d.reg(), conversions.reg(r));
            }
        } else if (imm) {
            ir.alu32Imm(aluOp, d.reg(), r.k());
        } else {
            ir.alu32(aluOp, d.reg(), conversions.reg(r));
        }
        // A 32-bit operation zero-extends: right for u32, to be sign-extended for s32.
        return new Val(d.reg(), t, false, 0, true, !wide && t.signed());
    }

    Val pointerArithmetic(String op, Val l, Val r, EObject node) {
        if (l.type().isPointer() && r.type().isPointer()) {
            if (!op.equals("-")) {
                throw CompileException.type(node, "two pointers cannot be added");
            }
            int size = Math.max(1, l.type().pointee().size());
            Val diff = binary("-", l.as(CType.S64), r.as(CType.S64), node);
            if (Long.bitCount(size) == 1) {
                // The difference is an exact multiple of the size: a shift divides it.
                return binary(">>", diff, Val.constant(Long.numberOfTrailingZeros(size), CType.INT), node);
            }
            return binary("/", diff, Val.constant(size, CType.S64), node);
        }
        if (r.type().isPointer()) {
            if (op.equals("-")) {
                throw CompileException.type(node, "an integer minus a pointer");
            }
            Val swap = l;
            l = r;
            r = swap;
        }
        arithmeticOperand(r, node);
        CType p = l.type();
        int size = p.pointee().kind() == CType.Kind.VOID ? 1 : p.pointee().size();
        if (size == 0) {
            throw CompileException.type(node, "arithmetic on a pointer to incomplete type " + p);
        }
        Val scaled = binary("*", conversions.convert(r, CType.S64, node), Val.constant(size, CType.S64), node);
        Val sum = binary(op, l.as(CType.U64), scaled, node);
        return sum.as(p);
    }

    private Val cast(CastExpression c) {
        CType t = unit.types.of(c.getType());
        Val v = expr(c.getOperand());
        if (t.kind() == CType.Kind.VOID) {
            return Val.VOID;
        }
        if (v.isVoid()) {
            throw CompileException.type(c, "cast of a void value");
        }
        if (t.isStruct() || t.isArray()) {
            throw CompileException.type(c, "cast to " + t);
        }
        if (v.type().isStruct()) {
            throw CompileException.type(c, "cast of a struct value");
        }
        return conversions.convert(v, t, c);
    }

    static Expression strip(Expression x) {
        while (x instanceof ParenExpression p) {
            x = p.getInner();
        }
        return x;
    }
}
