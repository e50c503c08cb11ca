package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import org.hyperupcall.ebpf.vm.Alu;

/**
 * What a conditional jump teaches about its operands: on each edge, the operands' intervals are
 * narrowed to the values that take that edge; an edge no value can take is infeasible (null).
 */
final class Branches {
    private Branches() {
    }

    /** Both operands after the edge ({@code taken} or fall-through), or null when no value takes it. */
    static Value[] refine(int op, boolean jmp32, Value a, Value b, boolean taken) {
        if (a.isConstant() && b.isConstant()) {
            return Alu.jumpTaken(op, jmp32, a.umin, b.umin) == taken ? new Value[] {a, b} : null;
        }
        if (jmp32) {
            // The low halves decide. Narrow only when both values are their own low halves: as unsigned
            // numbers for the unsigned comparisons, and also as non-negative ints for the signed ones.
            boolean fits = Long.compareUnsigned(a.umax, 0xffffffffL) <= 0 && Long.compareUnsigned(b.umax, 0xffffffffL) <= 0;
            boolean signedOp = op == JMP_JSGT || op == JMP_JSGE || op == JMP_JSLT || op == JMP_JSLE;
            boolean fitsSigned = fits && Long.compareUnsigned(a.umax, Integer.MAX_VALUE) <= 0
                    && Long.compareUnsigned(b.umax, Integer.MAX_VALUE) <= 0;
            if (!fits || (signedOp && !fitsSigned)) {
                // No narrowing, but the low halves' ranges may still rule an edge out.
                return possible32(op, a, b, taken) ? new Value[] {a, b} : null;
            }
        }
        if (op == JMP_JSET) {
            return jset(jmp32, a, b, taken);
        }
        if (!taken) {
            op = negate(op);
        }
        switch (op) {
            case JMP_JEQ: {
                Value m = Value.scalarOrNull(maxU(a.umin, b.umin), minU(a.umax, b.umax), Math.max(a.smin, b.smin),
                        Math.min(a.smax, b.smax), Math.max(a.align, b.align));
                return m == null ? null : new Value[] {m, m};
            }
            case JMP_JNE: {
                if (b.isConstant()) {
                    Value na = excludeEnd(a, b.umin);
                    return na == null ? null : new Value[] {na, b};
                }
                if (a.isConstant()) {
                    Value nb = excludeEnd(b, a.umin);
                    return nb == null ? null : new Value[] {a, nb};
                }
                return new Value[] {a, b};
            }
            case JMP_JGT:
                return unsignedLess(b, a, true, false);
            case JMP_JGE:
                return unsignedLess(b, a, false, false);
            case JMP_JLT:
                return unsignedLess(a, b, true, true);
            case JMP_JLE:
                return unsignedLess(a, b, false, true);
            case JMP_JSGT:
                return signedLess(b, a, true, false);
            case JMP_JSGE:
                return signedLess(b, a, false, false);
            case JMP_JSLT:
                return signedLess(a, b, true, true);
            case JMP_JSLE:
                return signedLess(a, b, false, true);
            default:
                return new Value[] {a, b}; // jset taken
        }
    }

    /**
     * {@code a & b}: not taken, a has none of a constant b's bits (so it is at most ~b, and the
     * low bits b has set are zero); taken, a is not zero.
     */
    private static Value[] jset(boolean jmp32, Value a, Value b, boolean taken) {
        if (!b.isConstant() || jmp32) {
            return new Value[] {a, b};
        }
        long m = b.umin;
        if (taken && (ScalarOps.fill(a.umax) & m) == 0) {
            return null; // no bit a can have is in the mask
        }
        if (taken) {
            Value na = a.umin == 0 ? excludeEnd(a, 0) : a;
            return na == null ? null : new Value[] {na, b};
        }
        long umax = minU(a.umax, ~m);
        int align = Math.max(a.align, Long.numberOfTrailingZeros(~m));
        Value na = Value.scalarOrNull(a.umin, umax, a.smin, a.smax, Math.min(align, 63));
        return na == null ? null : new Value[] {na, b};
    }

    /**
     * Whether some values of a and b take the edge of a 32-bit comparison, judged on the ranges of
     * their low halves where those are intervals (the high halves the same across the range); true
     * when that cannot be told.
     */
    private static boolean possible32(int op, Value a, Value b, boolean taken) {
        long[] x = low32(a);
        long[] y = low32(b);
        if (x == null || y == null) {
            return true;
        }
        boolean signed = op == JMP_JSGT || op == JMP_JSGE || op == JMP_JSLT || op == JMP_JSLE;
        int lo = signed ? 2 : 0;
        int hi = signed ? 3 : 1;
        if (signed && (x[2] > x[3] || y[2] > y[3])) {
            return true; // the unsigned interval wraps as an int: not one signed interval
        }
        long xl = x[lo];
        long xh = x[hi];
        long yl = y[lo];
        long yh = y[hi];
        int cmp = taken ? op : negate(op);
        return switch (cmp) {
            case JMP_JEQ -> xl <= yh && yl <= xh;
            case JMP_JNE -> !(xl == xh && yl == yh && xl == yl);
            case JMP_JGT, JMP_JSGT -> xh > yl;
            case JMP_JGE, JMP_JSGE -> xh >= yl;
            case JMP_JLT, JMP_JSLT -> xl < yh;
            case JMP_JLE, JMP_JSLE -> xl <= yh;
            default -> true;
        };
    }

    /**
     * The low 32 bits of a scalar's values as {unsigned min, unsigned max, signed min, signed max}
     * (all as longs), or null when they are not one interval (the high halves differ across it).
     */
    private static long[] low32(Value v) {
        if (!v.isScalar() || (v.umin >>> 32) != (v.umax >>> 32)) {
            return null;
        }
        long ulo = v.umin & 0xffffffffL;
        long uhi = v.umax & 0xffffffffL;
        boolean crosses = ulo <= 0x7fffffffL && uhi > 0x7fffffffL;
        long slo = crosses ? 1 : (int) ulo;
        long shi = crosses ? 0 : (int) uhi;
        return new long[] {ulo, uhi, slo, shi};
    }

    /** x < y (strict) or x <= y, unsigned; the result in the original operand order (a, b). */
    private static Value[] unsignedLess(Value x, Value y, boolean strict, boolean xIsA) {
        long d = strict ? 1 : 0;
        if (strict && y.umax == 0) {
            return null;
        }
        long xMax = minU(x.umax, y.umax - d);
        if (strict && x.umin == -1L) {
            return null;
        }
        long yMin = maxU(y.umin, x.umin + d);
        Value nx = Value.scalarOrNull(x.umin, xMax, x.smin, x.smax, x.align);
        Value ny = Value.scalarOrNull(yMin, y.umax, y.smin, y.smax, y.align);
        if (nx == null || ny == null) {
            return null;
        }
        return xIsA ? new Value[] {nx, ny} : new Value[] {ny, nx};
    }

    private static Value[] signedLess(Value x, Value y, boolean strict, boolean xIsA) {
        long d = strict ? 1 : 0;
        if (strict && (y.smax == Long.MIN_VALUE || x.smin == Long.MAX_VALUE)) {
            return null;
        }
        Value nx = Value.scalarOrNull(x.umin, x.umax, x.smin, Math.min(x.smax, y.smax - d), x.align);
        Value ny = Value.scalarOrNull(y.umin, y.umax, Math.max(y.smin, x.smin + d), y.smax, y.align);
        if (nx == null || ny == null) {
            return null;
        }
        return xIsA ? new Value[] {nx, ny} : new Value[] {ny, nx};
    }

    /** a without the value c, when c is one of its ends. */
    private static Value excludeEnd(Value a, long c) {
        long umin = a.umin;
        long umax = a.umax;
        long smin = a.smin;
        long smax = a.smax;
        if (umin == c) {
            umin++;
        } else if (umax == c) {
            umax--;
        }
        if (smin == c) {
            smin++;
        } else if (smax == c) {
            smax--;
        }
        return Value.scalarOrNull(umin, umax, smin, smax, a.align);
    }

    /** The opposite comparison, or -1 when there is none (jset). */
    static int negate(int op) {
        return switch (op) {
            case JMP_JEQ -> JMP_JNE;
            case JMP_JNE -> JMP_JEQ;
            case JMP_JGT -> JMP_JLE;
            case JMP_JGE -> JMP_JLT;
            case JMP_JLT -> JMP_JGE;
            case JMP_JLE -> JMP_JGT;
            case JMP_JSGT -> JMP_JSLE;
            case JMP_JSGE -> JMP_JSLT;
            case JMP_JSLT -> JMP_JSGE;
            case JMP_JSLE -> JMP_JSGT;
            default -> -1;
        };
    }

    private static long minU(long a, long b) {
        return Long.compareUnsigned(a, b) < 0 ? a : b;
    }

    private static long maxU(long a, long b) {
        return Long.compareUnsigned(a, b) > 0 ? a : b;
    }
}
