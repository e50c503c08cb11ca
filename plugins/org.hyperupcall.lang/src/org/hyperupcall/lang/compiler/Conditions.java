package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Opcodes.*;
import static org.hyperupcall.lang.compiler.Expressions.strip;

import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.lang.compiler.FunctionState.Val;
import org.hyperupcall.lang.huc.BinaryExpression;
import org.hyperupcall.lang.huc.ConditionalExpression;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.UnaryExpression;

/**
 * Compiles conditions to jumps ({@code &&} and {@code ||} short-circuit, comparisons with C's
 * conversions), {@code ?:}, and the 0 or 1 of a condition as a value.
 */
final class Conditions extends FunctionPart {
    Conditions(FunctionState state) {
        super(state);
    }

    /** 0 or 1 in a register, from a condition. */
    Val boolValue(Expression x) {
        int r = ir.newReg();
        Ir.Label done = new Ir.Label();
        ir.movImm(r, 1);
        branch(x, done, true);
        ir.movImm(r, 0);
        ir.bind(done);
        return new Val(r, CType.INT, false, 0, true, false, true);
    }

    /** Jumps to target when x is true (when = true) or false (when = false); falls through otherwise. */
    void branch(Expression x, Ir.Label target, boolean when) {
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
            Comparison c = Comparison.of(op);
            if (c != null) {
                Val l = expressions.value(b.getLeft());
                Val r = expressions.value(b.getRight());
                conversions.signCompare(l, r, b);
                compareJump(when ? c : c.negation(), l, r, target, b);
                return;
            }
            if (op.equals("&") && when) {
                Val l = expressions.value(b.getLeft());
                Val r = expressions.value(b.getRight());
                if (l.type().isArithmetic() && r.type().isArithmetic() && !l.isConst() && r.isConst() && r.k() == (int) r.k()) {
                    CType t = CType.common(l.type(), r.type());
                    Val lc = conversions.convert(l, t, b);
                    ir.jumpIfImm(t.size() == 4, JMP_JSET, conversions.reg(t.size() == 4 ? lc : conversions.clean(lc)), r.k(), target);
                    return;
                }
                Val v = expressions.binary("&", l, r, b);
                testJump(v, target, true, b);
                return;
            }
        }
        testJump(expressions.value(x), target, when, x);
    }

    /** Jumps when v is non-zero (when = true) or zero. */
    private void testJump(Val v, Ir.Label target, boolean when, EObject node) {
        if (!v.type().isScalar()) {
            throw CompileException.type(node, "a condition must be an integer or a pointer, not " + v.type());
        }
        if (v.isConst()) {
            if ((v.k() != 0) == when) {
                ir.jump(target);
            }
            return;
        }
        boolean jmp32 = v.type().size() == 4 && v.dirty();
        ir.jumpIfImm(jmp32, when ? JMP_JNE : JMP_JEQ, v.reg(), 0, target);
    }

    /** if (l op r) goto target, with C's conversions; constants become immediates. */
    void compareJump(Comparison c, Val l, Val r, Ir.Label target, EObject node) {
        CType t = Comparison.operandType(l.type(), r.type());
        if (t == null) {
            throw CompileException.type(node, "cannot compare " + l.type() + " with " + r.type());
        }
        l = conversions.convert(l, t, node);
        r = conversions.convert(r, t, node);
        if (l.isConst() && r.isConst()) {
            if (c.holds(l.k(), r.k(), t.signed())) {
                ir.jump(target);
            }
            return;
        }
        if (l.isConst()) {
            Val s = l;
            l = r;
            r = s;
            c = c.mirror();
        }
        int jmp = c.jump(t.signed());
        boolean narrow = t.size() == 4;
        if (r.isConst()) {
            if (r.k() == (int) r.k() && !l.dirty()) {
                ir.jumpIfImm(false, jmp, l.reg(), r.k(), target);
            } else if (narrow) {
                ir.jumpIfImm(true, jmp, l.reg(), r.k(), target); // both sides' low 32 bits decide
            } else {
                ir.jumpIf(false, jmp, conversions.clean(l).reg(), conversions.reg(r), target);
            }
            return;
        }
        if (narrow && (l.dirty() || r.dirty())) {
            ir.jumpIf(true, jmp, l.reg(), r.reg(), target);
            return;
        }
        ir.jumpIf(false, jmp, conversions.clean(l).reg(), conversions.clean(r).reg(), target);
    }

    /** The type of ?: from the types of its branches (no code: a chain of n nested ?: is typed in n steps). */
    CType conditionalType(ConditionalExpression c) {
        CType a = expressions.typeOf(c.getThen());
        CType b = expressions.typeOf(c.getElse());
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

    Val conditional(ConditionalExpression c) {
        CType t = conditionalType(c);
        int r = t.kind() == CType.Kind.VOID ? -1 : ir.newReg();
        Ir.Label otherwise = new Ir.Label();
        Ir.Label end = new Ir.Label();
        branch(c.getCondition(), otherwise, false);
        Val x = expressions.expr(c.getThen());
        if (r >= 0) {
            conversions.moveTo(r, conversions.clean(conversions.convert(x, t, c.getThen())));
        }
        ir.jump(end);
        ir.bind(otherwise);
        Val y = expressions.expr(c.getElse());
        if (r >= 0) {
            conversions.moveTo(r, conversions.clean(conversions.convert(y, t, c.getElse())));
        }
        ir.bind(end);
        return r < 0 ? Val.VOID : Val.temp(r, t);
    }
}
