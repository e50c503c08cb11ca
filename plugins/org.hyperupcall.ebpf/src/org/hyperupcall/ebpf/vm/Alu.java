package org.hyperupcall.ebpf.vm;

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
}
