package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import org.eclipse.emf.ecore.EObject;
import org.hyperupcall.lang.HucRule;
import org.hyperupcall.lang.compiler.FunctionState.Val;

/**
 * Values in registers, and C's conversions between types with the warnings of implicit conversions
 * and signed/unsigned comparisons.
 */
final class Conversions extends FunctionPart {
    Conversions(FunctionState state) {
        super(state);
    }

    int reg(Val v) {
        if (v.isConst()) {
            int r = ir.newReg();
            ir.movImm(r, v.k());
            return r;
        }
        return v.reg();
    }

    /** The value in a register the caller may overwrite. */
    Val own(Val v) {
        if (v.owned()) {
            return v;
        }
        int r = ir.newReg();
        if (v.isConst()) {
            ir.movImm(r, v.k());
        } else {
            ir.mov(r, v.reg());
        }
        return new Val(r, v.type(), false, 0, true, v.dirty());
    }

    /** The value with all 64 bits right. */
    Val clean(Val v) {
        if (!v.dirty()) {
            return v;
        }
        ir.movsx(v.reg(), v.reg(), 32);
        return new Val(v.reg(), v.type(), false, 0, true, false);
    }

    /** reg = v. */
    void moveTo(int reg, Val v) {
        if (v.isConst()) {
            ir.movImm(reg, v.k());
        } else {
            ir.mov(reg, clean(v).reg());
        }
    }

    /** An implicit conversion (assignment, initialization, argument, return): warns when a constant changes value. */
    Val implicit(Val v, CType to, EObject node) {
        if (v.isConst() && to.kind() == CType.Kind.INT && to.size() < 8) {
            int bits = to.size() * 8;
            boolean fits = to.signed() ? v.k() >= -(1L << (bits - 1)) && v.k() <= (1L << (bits - 1)) - 1
                    || !v.type().signed() && v.type().size() == to.size()
                    : v.k() >= -(1L << (bits - 1)) && v.k() <= (1L << bits) - 1;
            if (!fits) {
                state.warn(node, HucRule.CONSTANT_CONVERSION, "implicit conversion from " + v.type() + " to " + to + " changes value from "
                        + v.k() + " to " + to.normalize(v.k()));
            }
        }
        return convert(v, to, node);
    }

    /** Warns when a comparison converts a signed operand to unsigned (C's -Wsign-compare). */
    void signCompare(Val l, Val r, EObject node) {
        if (!l.type().isArithmetic() || !r.type().isArithmetic() || l.zeroOne() || r.zeroOne()) {
            return;
        }
        CType a = l.type().promoted();
        CType b = r.type().promoted();
        if (a.signed() == b.signed() || CType.common(a, b).signed()) {
            return;
        }
        Val signed = a.signed() ? l : r;
        if (signed.isConst() && signed.k() >= 0) {
            return;
        }
        state.warn(node, HucRule.SIGN_COMPARE, "comparison of integers of different signs: " + l.type() + " and " + r.type()
                + " (the signed operand is converted to " + CType.common(a, b) + ")");
    }

    /** Converts v to type to, as C's assignment and casts do. */
    Val convert(Val v, CType to, EObject node) {
        CType from = v.type();
        if (from.equals(to)) {
            return v;
        }
        if (v.zeroOne() && to.isArithmetic()) {
            return v.as(to); // 0 or 1 fits every integer type
        }
        if (to.kind() == CType.Kind.BOOL) {
            if (!from.isScalar()) {
                throw CompileException.type(node, "cannot convert " + from + " to bool");
            }
            if (v.isConst()) {
                return Val.constant(v.k() != 0 ? 1 : 0, CType.BOOL);
            }
            if (from.kind() == CType.Kind.BOOL) {
                return v.as(to);
            }
            int r = ir.newReg();
            Ir.Label done = new Ir.Label();
            ir.movImm(r, 1);
            conditions.compareJump(Comparison.NE, v, Val.constant(0, from), done, node);
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
        if (v.isConst()) {
            return Val.constant(v.k(), to);
        }
        CType f = from.isPointer() ? CType.U64 : from;
        if (v.dirty() && to.size() > 4) {
            v = clean(v);
        }
        boolean same = f.kind() == CType.Kind.BOOL && !v.dirty()
                || !v.dirty() && (f.size() < to.size() && (!f.signed() || to.signed()) || f.size() == to.size() && f.signed() == to.signed()
                        || to.size() == 8);
        if (same) {
            return new Val(v.reg(), to, false, 0, v.owned(), false);
        }
        if (to.size() == 4 && !to.signed() || to.size() == 4 && v.dirty() && f.size() == 4 && f.signed() == to.signed()) {
            // Same width and sign but dirty: only the low 32 bits matter until cleaned.
            if (!to.signed()) {
                int r = ir.newReg();
                ir.mov32(r, v.reg());
                return Val.temp(r, to);
            }
            return new Val(v.reg(), to, false, 0, v.owned(), true);
        }
        return narrow(v.reg(), to);
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
}
