package org.hyperupcall.verifier;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

import org.hyperupcall.ebpf.vm.Alu;

/**
 * Transfer functions of ALU instructions on scalar intervals: exact on constants (through the VM's
 * own arithmetic), sound over-approximations otherwise.
 */
final class ScalarOps {
    private static final long U32_MAX = 0xffffffffL;

    private ScalarOps() {
    }

    /** The result of ALU {@code opcode} on scalars {@code a} (dst) and {@code b} (operand). */
    static Value apply(int opcode, int offset, int imm, Value a, Value b) {
        boolean alu64 = cls(opcode) == CLS_ALU64;
        int op = op(opcode);
        if (op == ALU_MOV && b.isConstant()) {
            return Value.constant(Alu.compute(opcode, offset, imm, 0, b.umin)); // what dst held does not matter
        }
        if (a.isConstant() && b.isConstant()) {
            return Value.constant(Alu.compute(opcode, offset, imm, a.umin, b.umin));
        }
        if (op == ALU_MOV) {
            return mov(opcode, offset, a, b, alu64);
        }
        if (op == ALU_END) {
            if (a.isConstant()) {
                return Value.constant(Alu.compute(opcode, offset, imm, a.umin, 0));
            }
            return switch (imm) {
                case 16 -> Value.unsigned(0, 0xffff);
                case 32 -> Value.unsigned(0, U32_MAX);
                default -> (opcode & SRC_X) == 0 && !alu64 ? a : Value.UNKNOWN;
            };
        }
        if (!alu64) {
            return alu32(op, offset, a, b);
        }
        return switch (op) {
            case ALU_ADD -> add(a, b);
            case ALU_SUB -> sub(a, b);
            case ALU_MUL -> mul(a, b);
            case ALU_DIV -> offset == 0 ? udiv(a, b) : Value.UNKNOWN;
            case ALU_MOD -> offset == 0 ? umod(a, b) : smod(a, b);
            case ALU_AND -> and(a, b);
            case ALU_OR -> or(a, b);
            case ALU_XOR -> Value.unsigned(0, fill(a.umax | b.umax));
            case ALU_LSH -> lsh(a, b, 64);
            case ALU_RSH -> rsh(a, b);
            case ALU_ARSH -> arsh(a, b);
            case ALU_NEG -> a.smin != Long.MIN_VALUE ? Value.signed(-a.smax, -a.smin) : Value.UNKNOWN;
            default -> Value.UNKNOWN;
        };
    }

    private static Value mov(int opcode, int offset, Value a, Value b, boolean alu64) {
        if (offset != 0) { // sign-extending move
            if (!alu64) {
                return Value.unsigned(0, U32_MAX);
            }
            long half = 1L << (offset - 1);
            if (b.smin >= -half && b.smax <= half - 1) {
                return b; // already its own sign extension (an int kept in a 64-bit register)
            }
            return Value.signed(-half, half - 1);
        }
        if (alu64) {
            return b;
        }
        return Long.compareUnsigned(b.umax, U32_MAX) <= 0 ? b : Value.unsigned(0, U32_MAX);
    }

    /**
     * 32-bit operations act on the low halves: each operand is first narrowed to its 32-bit view
     * (itself when it fits in 32 bits, any 32-bit value otherwise); the result is exact when it
     * stays within 32 bits, else any 32-bit value.
     */
    private static Value alu32(int op, int offset, Value a, Value b) {
        Value a32 = Long.compareUnsigned(a.umax, U32_MAX) <= 0 ? a : Value.unsigned(0, U32_MAX);
        Value b32 = Long.compareUnsigned(b.umax, U32_MAX) <= 0 ? b : Value.unsigned(0, U32_MAX);
        Value r = switch (op) {
            case ALU_ADD -> add(a32, b32);
            case ALU_MUL -> mul(a32, b32);
            case ALU_DIV -> offset == 0 ? udiv(a32, b32) : null;
            case ALU_MOD -> offset == 0 ? umod(a32, b32) : null;
            case ALU_AND -> and(a32, b32);
            case ALU_OR -> or(a32, b32);
            case ALU_XOR -> Value.unsigned(0, fill(a32.umax | b32.umax));
            case ALU_RSH -> b32.isConstant() && b32.umin < 32 ? rsh(a32, b32) : Value.unsigned(0, a32.umax);
            case ALU_LSH -> lsh(a32, b32, 32);
            default -> null;
        };
        if (r != null && Long.compareUnsigned(r.umax, U32_MAX) <= 0 && r.smin >= 0) {
            return r;
        }
        return Value.unsigned(0, U32_MAX);
    }

    static Value add(Value a, Value b) {
        long umin = a.umin + b.umin;
        long umax = a.umax + b.umax;
        boolean uOverflow = Long.compareUnsigned(umax, a.umax) < 0 || Long.compareUnsigned(umin, a.umin) < 0;
        long smin;
        long smax;
        try {
            smin = Math.addExact(a.smin, b.smin);
            smax = Math.addExact(a.smax, b.smax);
        } catch (ArithmeticException e) {
            smin = Long.MIN_VALUE;
            smax = Long.MAX_VALUE;
        }
        return Value.scalar(uOverflow ? 0 : umin, uOverflow ? -1L : umax, smin, smax, Math.min(a.align, b.align));
    }

    static Value sub(Value a, Value b) {
        boolean uOk = Long.compareUnsigned(a.umin, b.umax) >= 0;
        long smin;
        long smax;
        try {
            smin = Math.subtractExact(a.smin, b.smax);
            smax = Math.subtractExact(a.smax, b.smin);
        } catch (ArithmeticException e) {
            smin = Long.MIN_VALUE;
            smax = Long.MAX_VALUE;
        }
        return Value.scalar(uOk ? a.umin - b.umax : 0, uOk ? a.umax - b.umin : -1L, smin, smax, Math.min(a.align, b.align));
    }

    private static Value mul(Value a, Value b) {
        int align = Math.min(63, a.align + b.align);
        if (Long.compareUnsigned(a.umax, U32_MAX) <= 0 && Long.compareUnsigned(b.umax, U32_MAX) <= 0) {
            return Value.scalar(a.umin * b.umin, a.umax * b.umax, Long.MIN_VALUE, Long.MAX_VALUE, align);
        }
        return Value.scalar(0, -1L, Long.MIN_VALUE, Long.MAX_VALUE, align);
    }

    private static Value udiv(Value a, Value b) {
        if (b.umin == 0) {
            return Value.unsigned(0, a.umax); // by zero gives 0; by anything else at most a
        }
        return Value.unsigned(Long.divideUnsigned(a.umin, b.umax), Long.divideUnsigned(a.umax, b.umin));
    }

    private static Value umod(Value a, Value b) {
        if (b.umin == 0) {
            return Value.unsigned(0, a.umax); // by zero leaves a
        }
        long limit = b.umax - 1;
        return Value.unsigned(0, Long.compareUnsigned(a.umax, limit) < 0 ? a.umax : limit);
    }

    private static Value smod(Value a, Value b) {
        if (a.smin >= 0 && b.smin > 0) {
            return Value.signed(0, Math.min(a.smax, b.smax - 1));
        }
        return Value.UNKNOWN;
    }

    private static Value and(Value a, Value b) {
        long umax = Long.compareUnsigned(a.umax, b.umax) < 0 ? a.umax : b.umax;
        int align = Math.max(a.align, b.align);
        if (b.isConstant()) {
            align = Math.max(align, b.umin == 0 ? 64 : Long.numberOfTrailingZeros(b.umin));
        }
        if (a.isConstant()) {
            align = Math.max(align, a.umin == 0 ? 64 : Long.numberOfTrailingZeros(a.umin));
        }
        return Value.scalar(0, umax, Long.MIN_VALUE, Long.MAX_VALUE, Math.min(align, 63));
    }

    private static Value or(Value a, Value b) {
        long umin = Long.compareUnsigned(a.umin, b.umin) > 0 ? a.umin : b.umin;
        return Value.scalar(umin, fill(a.umax | b.umax), Long.MIN_VALUE, Long.MAX_VALUE, Math.min(a.align, b.align));
    }

    private static Value lsh(Value a, Value b, int width) {
        if (b.isConstant() && Long.compareUnsigned(b.umin, width) < 0) {
            int k = (int) b.umin;
            long limit = width == 64 ? -1L >>> k : U32_MAX >>> k;
            if (Long.compareUnsigned(a.umax, limit) <= 0) {
                return Value.scalar(a.umin << k, a.umax << k, Long.MIN_VALUE, Long.MAX_VALUE, Math.min(63, a.align + k));
            }
            return Value.scalar(0, width == 64 ? -1L : U32_MAX, Long.MIN_VALUE, Long.MAX_VALUE, Math.min(63, a.align + k));
        }
        return width == 64 ? Value.UNKNOWN : Value.unsigned(0, U32_MAX);
    }

    private static Value rsh(Value a, Value b) {
        if (b.isConstant() && Long.compareUnsigned(b.umin, 64) < 0) {
            int k = (int) b.umin;
            return Value.unsigned(a.umin >>> k, a.umax >>> k);
        }
        return Value.unsigned(0, a.umax);
    }

    private static Value arsh(Value a, Value b) {
        if (b.isConstant() && Long.compareUnsigned(b.umin, 64) < 0) {
            int k = (int) b.umin;
            return Value.signed(a.smin >> k, a.smax >> k);
        }
        return Value.signed(Math.min(a.smin, 0), Math.max(a.smax, 0));
    }

    /** The smallest all-ones value at or above v (v with every bit below its highest set). */
    static long fill(long v) {
        if (v == 0) {
            return 0;
        }
        int high = 63 - Long.numberOfLeadingZeros(v);
        return high == 63 ? -1L : (1L << (high + 1)) - 1;
    }

    /** The range of an n-byte zero-extended load. */
    static Value loaded(int size, boolean signExtend) {
        if (size == 8) {
            return Value.UNKNOWN;
        }
        long bits = size * 8L;
        if (signExtend) {
            long half = 1L << (bits - 1);
            return Value.signed(-half, half - 1);
        }
        return Value.unsigned(0, (1L << bits) - 1);
    }
}
