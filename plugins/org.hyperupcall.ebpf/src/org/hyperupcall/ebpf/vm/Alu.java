package org.hyperupcall.ebpf.vm;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

/**
 * The arithmetic of RFC 9669 that is not a single Java operator: division and modulo by zero,
 * byte swaps. Shared by the interpreter and the code the JIT emits, so both engines compute the
 * same values.
 */
public final class Alu {
    private Alu() {
    }

    /** Unsigned 64-bit division; by zero gives 0. */
    public static long udiv64(long a, long b) {
        return b == 0 ? 0 : Long.divideUnsigned(a, b);
    }

    /** Unsigned 64-bit remainder; by zero leaves the dividend. */
    public static long umod64(long a, long b) {
        return b == 0 ? a : Long.remainderUnsigned(a, b);
    }

    /** Signed 64-bit division; by zero gives 0; MIN / -1 gives MIN. */
    public static long sdiv64(long a, long b) {
        return b == 0 ? 0 : (b == -1 ? -a : a / b);
    }

    /** Signed 64-bit remainder (sign of the dividend); by zero leaves the dividend. */
    public static long smod64(long a, long b) {
        return b == 0 ? a : (b == -1 ? 0 : a % b);
    }

    /** Unsigned 32-bit division, result zero-extended. */
    public static long udiv32(long a, long b) {
        int d = (int) b;
        return d == 0 ? 0 : Integer.divideUnsigned((int) a, d) & 0xffffffffL;
    }

    /** Unsigned 32-bit remainder, result zero-extended; by zero leaves the low half of the dividend. */
    public static long umod32(long a, long b) {
        int d = (int) b;
        return (d == 0 ? (int) a : Integer.remainderUnsigned((int) a, d)) & 0xffffffffL;
    }

    /** Signed 32-bit division, result zero-extended. */
    public static long sdiv32(long a, long b) {
        int d = (int) b;
        return (d == 0 ? 0 : (d == -1 ? -(int) a : (int) a / d)) & 0xffffffffL;
    }

    /** Signed 32-bit remainder, result zero-extended. */
    public static long smod32(long a, long b) {
        int d = (int) b;
        return (d == 0 ? (int) a : (d == -1 ? 0 : (int) a % d)) & 0xffffffffL;
    }

    /** Byte swap of the low {@code width} bits (16, 32 or 64), zero-extended. */
    public static long bswap(long v, int width) {
        return switch (width) {
            case 16 -> Short.reverseBytes((short) v) & 0xffffL;
            case 32 -> Integer.reverseBytes((int) v) & 0xffffffffL;
            default -> Long.reverseBytes(v);
        };
    }

    /** Conversion to little endian on this little-endian machine: truncation to {@code width} bits. */
    public static long truncate(long v, int width) {
        return switch (width) {
            case 16 -> v & 0xffffL;
            case 32 -> v & 0xffffffffL;
            default -> v;
        };
    }

    /**
     * The result of ALU instruction {@code opcode} (ALU or ALU64 class; the operand is the source
     * register's value or the immediate) on {@code dst}, with {@code offset} selecting signed
     * division and sign-extending moves. The interpreter's semantics, as one function, for
     * constant folding in the verifier and compiler.
     */
    public static long compute(int opcode, int offset, int imm, long dst, long operand) {
        boolean alu64 = (opcode & 0x07) == 0x07;
        boolean x = (opcode & 0x08) != 0;
        long b = x ? operand : (alu64 ? (long) imm : imm);
        int op = opcode & 0xf0;
        if (alu64) {
            return switch (op) {
                case 0x00 -> dst + b;
                case 0x10 -> dst - b;
                case 0x20 -> dst * b;
                case 0x30 -> offset == 0 ? udiv64(dst, b) : sdiv64(dst, b);
                case 0x40 -> dst | b;
                case 0x50 -> dst & b;
                case 0x60 -> dst << b;
                case 0x70 -> dst >>> b;
                case 0x80 -> -dst;
                case 0x90 -> offset == 0 ? umod64(dst, b) : smod64(dst, b);
                case 0xa0 -> dst ^ b;
                case 0xb0 -> x ? switch (offset) {
                    case 8 -> (byte) b;
                    case 16 -> (short) b;
                    case 32 -> (int) b;
                    default -> b;
                } : b;
                case 0xc0 -> dst >> b;
                case 0xd0 -> bswap(dst, imm);
                default -> throw new IllegalArgumentException(String.format("not an ALU64 opcode: 0x%02x", opcode));
            };
        }
        if (op == 0xd0) {
            // Byte-order conversions act on 16, 32 or 64 bits whatever the class.
            return x ? bswap(dst, imm) : truncate(dst, imm);
        }
        int a = (int) dst;
        int c = (int) b;
        long r = switch (op) {
            case 0x00 -> a + c;
            case 0x10 -> a - c;
            case 0x20 -> a * c;
            case 0x30 -> offset == 0 ? udiv32(dst, b) : sdiv32(dst, b);
            case 0x40 -> a | c;
            case 0x50 -> a & c;
            case 0x60 -> a << c;
            case 0x70 -> a >>> c;
            case 0x80 -> -a;
            case 0x90 -> offset == 0 ? umod32(dst, b) : smod32(dst, b);
            case 0xa0 -> a ^ c;
            case 0xb0 -> x ? switch (offset) {
                case 8 -> (byte) c;
                case 16 -> (short) c;
                default -> c;
            } : c;
            case 0xc0 -> a >> c;
            default -> throw new IllegalArgumentException(String.format("not an ALU opcode: 0x%02x", opcode));
        };
        return r & 0xffffffffL;
    }

    /**
     * Whether a conditional jump ({@code op}: JMP_JEQ .. JMP_JSLE, JMP_JSET) is taken for these
     * operand values, comparing their low halves when {@code jmp32}: for the verifier's constant
     * branches and the test oracles.
     */
    public static boolean jumpTaken(int op, boolean jmp32, long a, long b) {
        if (jmp32) {
            int x = (int) a;
            int y = (int) b;
            return switch (op) {
                case JMP_JEQ -> x == y;
                case JMP_JNE -> x != y;
                case JMP_JGT -> Integer.compareUnsigned(x, y) > 0;
                case JMP_JGE -> Integer.compareUnsigned(x, y) >= 0;
                case JMP_JLT -> Integer.compareUnsigned(x, y) < 0;
                case JMP_JLE -> Integer.compareUnsigned(x, y) <= 0;
                case JMP_JSGT -> x > y;
                case JMP_JSGE -> x >= y;
                case JMP_JSLT -> x < y;
                case JMP_JSLE -> x <= y;
                default -> (x & y) != 0;
            };
        }
        return switch (op) {
            case JMP_JEQ -> a == b;
            case JMP_JNE -> a != b;
            case JMP_JGT -> Long.compareUnsigned(a, b) > 0;
            case JMP_JGE -> Long.compareUnsigned(a, b) >= 0;
            case JMP_JLT -> Long.compareUnsigned(a, b) < 0;
            case JMP_JLE -> Long.compareUnsigned(a, b) <= 0;
            case JMP_JSGT -> a > b;
            case JMP_JSGE -> a >= b;
            case JMP_JSLT -> a < b;
            case JMP_JSLE -> a <= b;
            default -> (a & b) != 0;
        };
    }
}
