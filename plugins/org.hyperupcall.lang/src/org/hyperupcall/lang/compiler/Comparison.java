package org.hyperupcall.lang.compiler;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

/**
 * C's comparison operators, in one table: how each compares two values (as signed or unsigned
 * numbers), the eBPF jump that tests it, its negation (what holds when it does not) and its mirror
 * (the same test with the operands swapped). The constant folder, the conditions compiled to jumps,
 * the check of a loop's condition on entry and the peephole that inverts jumps all read it.
 */
enum Comparison {
    EQ("==", JMP_JEQ, JMP_JEQ),
    NE("!=", JMP_JNE, JMP_JNE),
    LT("<", JMP_JLT, JMP_JSLT),
    LE("<=", JMP_JLE, JMP_JSLE),
    GT(">", JMP_JGT, JMP_JSGT),
    GE(">=", JMP_JGE, JMP_JSGE);

    private final String op;
    private final int unsignedJump;
    private final int signedJump;

    Comparison(String op, int unsignedJump, int signedJump) {
        this.op = op;
        this.unsignedJump = unsignedJump;
        this.signedJump = signedJump;
    }

    /** The comparison a C operator stands for; null when it is no comparison. */
    static Comparison of(String op) {
        for (Comparison c : values()) {
            if (c.op.equals(op)) {
                return c;
            }
        }
        return null;
    }

    /** What holds exactly when this does not: {@code !(a < b)} is {@code a >= b}. */
    Comparison negation() {
        return switch (this) {
            case EQ -> NE;
            case NE -> EQ;
            case LT -> GE;
            case GE -> LT;
            case GT -> LE;
            case LE -> GT;
        };
    }

    /** The same test with the operands swapped: {@code a < b} is {@code b > a}. */
    Comparison mirror() {
        return switch (this) {
            case LT -> GT;
            case GT -> LT;
            case LE -> GE;
            case GE -> LE;
            default -> this;
        };
    }

    /** Whether a op b, the two compared as signed or as unsigned 64-bit numbers. */
    boolean holds(long a, long b, boolean signed) {
        int c = signed ? Long.compare(a, b) : Long.compareUnsigned(a, b);
        return switch (this) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
        };
    }

    /** The jump operation (JMP_J..) that is taken when this holds. */
    int jump(boolean signed) {
        return signed ? signedJump : unsignedJump;
    }

    /**
     * The type both operands of a comparison are converted to: C's usual arithmetic conversions for
     * integers, u64 for addresses; null when the two cannot be compared.
     */
    static CType operandType(CType a, CType b) {
        if (a.isArithmetic() && b.isArithmetic()) {
            return CType.common(a, b);
        }
        return a.isScalar() && b.isScalar() ? CType.U64 : null;
    }

    /** The jump operation taken exactly when jmpOp is not (JSET has none). */
    static int invertJump(int jmpOp) {
        for (Comparison c : values()) {
            for (boolean signed : new boolean[] {false, true}) {
                if (c.jump(signed) == jmpOp) {
                    return c.negation().jump(signed);
                }
            }
        }
        throw new IllegalArgumentException("not invertible: " + jmpOp);
    }
}
