package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

/**
 * The termination argument for a loop with a counter ({@link Loops.Counter}): from the counter's
 * and the bound's values where the loop is entered, the values the counter can hold at the loop's
 * head and the most times the head can be reached. Each iteration moves the counter by the same
 * step exactly once and tests it against a bound the loop does not change, so it leaves the loop
 * after at most {@code (bound - start) / step + 1} tests; no step may wrap around.
 */
record Induction(Value range, long headVisits) {

    private static final long U32_MAX = 0xffffffffL;

    /** The argument for a loop entered in state s, or null when the values do not allow one. */
    static Induction of(Loops.Counter c, State s) {
        Induction i = of64(c, s);
        if (i == null || c.width() == Loops.Width.W64) {
            return i;
        }
        // A 32-bit counter: every value it takes, one step past the range included, must be the same
        // whether computed in 64 or in 32 bits (no wrap-around of the 32-bit add).
        Value r = i.range();
        long lo = c.step() < 0 ? r.smin + c.step() : r.smin;
        long hi = c.step() > 0 ? r.smax + c.step() : r.smax;
        boolean unsignedTest = c.stay() == JMP_JLT || c.stay() == JMP_JLE || c.stay() == JMP_JGT || c.stay() == JMP_JGE
                || c.stay() == JMP_JNE;
        boolean fits = c.width() == Loops.Width.U32 ? r.smin >= 0 && lo >= 0 && hi <= U32_MAX && Long.compareUnsigned(r.umax, U32_MAX) <= 0
                : lo >= Integer.MIN_VALUE && hi <= Integer.MAX_VALUE && r.smin >= Integer.MIN_VALUE && r.smax <= Integer.MAX_VALUE
                        && (!unsignedTest || lo >= 0);
        return fits ? i : null;
    }

    private static Induction of64(Loops.Counter c, State s) {
        Value a = s.regs[c.reg()];
        Value b = c.boundIsReg() ? s.regs[c.boundReg()] : Value.constant(c.boundImm());
        if (!a.isScalar() || !b.isScalar()) {
            return null;
        }
        long step = c.step();
        return switch (c.stay()) {
            case JMP_JLT, JMP_JLE -> {
                // Stays while a < b (a <= b): the counter rises from a.umin to at most the last value that stays, plus a step.
                if (b.umax == 0 && c.stay() == JMP_JLT) {
                    yield new Induction(a, 1);
                }
                long last = c.stay() == JMP_JLT ? b.umax - 1 : b.umax;
                long top = maxU(a.umax, last + step);
                if (Long.compareUnsigned(last + step, last) < 0 || Long.compareUnsigned(top + step, top) < 0) {
                    yield null; // a step could wrap around
                }
                long tests = Long.compareUnsigned(last, a.umin) < 0 ? 1 : Long.divideUnsigned(last - a.umin, step) + 2;
                yield new Induction(Value.unsigned(a.umin, top), tests);
            }
            case JMP_JSLT, JMP_JSLE -> {
                if (b.smax == Long.MIN_VALUE && c.stay() == JMP_JSLT) {
                    yield new Induction(a, 1);
                }
                long last = c.stay() == JMP_JSLT ? b.smax - 1 : b.smax;
                long top;
                try {
                    top = Math.max(a.smax, Math.addExact(last, step));
                    Math.addExact(top, step);
                } catch (ArithmeticException e) {
                    yield null;
                }
                long tests = last < a.smin ? 1 : Long.divideUnsigned(last - a.smin, step) + 2;
                yield new Induction(Value.signed(a.smin, top), tests);
            }
            case JMP_JGT, JMP_JGE -> {
                // Stays while a > b (a >= b): the counter falls from a.umax.
                if (b.umin == -1L && c.stay() == JMP_JGT) {
                    yield new Induction(a, 1);
                }
                long first = c.stay() == JMP_JGT ? b.umin + 1 : b.umin;
                long down = -step;
                long bottom = minU(a.umin, first - down);
                if (Long.compareUnsigned(first, down) < 0 || Long.compareUnsigned(bottom, down) < 0) {
                    yield null;
                }
                long tests = Long.compareUnsigned(a.umax, first) < 0 ? 1 : Long.divideUnsigned(a.umax - first, down) + 2;
                yield new Induction(Value.unsigned(bottom, a.umax), tests);
            }
            case JMP_JSGT, JMP_JSGE -> {
                if (b.smin == Long.MAX_VALUE && c.stay() == JMP_JSGT) {
                    yield new Induction(a, 1);
                }
                long first = c.stay() == JMP_JSGT ? b.smin + 1 : b.smin;
                long bottom;
                try {
                    bottom = Math.min(a.smin, Math.addExact(first, step));
                    Math.addExact(bottom, step);
                } catch (ArithmeticException e) {
                    yield null;
                }
                long tests = a.smax < first ? 1 : Long.divideUnsigned(a.smax - first, -step) + 2;
                yield new Induction(Value.signed(bottom, a.smax), tests);
            }
            case JMP_JNE -> {
                // Stays while a != b, stepping by one towards a constant bound it starts on the right side of.
                if (!b.isConstant()) {
                    yield null;
                }
                long bound = b.umin;
                // Strictly on the right side: a test after the step must still meet the bound, not jump past it.
                if (step == 1 && Long.compareUnsigned(a.umax, bound) < 0) {
                    yield new Induction(Value.unsigned(a.umin, bound), bound - a.umin + 1);
                }
                if (step == -1 && Long.compareUnsigned(a.umin, bound) > 0) {
                    yield new Induction(Value.unsigned(bound, a.umax), a.umax - bound + 1);
                }
                yield null;
            }
            default -> null;
        };
    }

    private static long maxU(long a, long b) {
        return Long.compareUnsigned(a, b) > 0 ? a : b;
    }

    private static long minU(long a, long b) {
        return Long.compareUnsigned(a, b) < 0 ? a : b;
    }
}
