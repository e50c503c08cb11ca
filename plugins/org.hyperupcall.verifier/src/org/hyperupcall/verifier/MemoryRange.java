package org.hyperupcall.verifier;

/** A registered guest memory range the program may access: [base, base + size). */
public record MemoryRange(String name, long base, long size, boolean writable) {
    public MemoryRange {
        if (size <= 0) {
            throw new IllegalArgumentException("memory range " + name + " must have a positive size");
        }
    }

    /** Whether every access of {@code size} bytes at an address in [lo, hi] (unsigned) stays inside. */
    public boolean contains(long lo, long hi, int accessSize) {
        return Long.compareUnsigned(lo, base) >= 0 && Long.compareUnsigned(hi, lo) >= 0
                && Long.compareUnsigned(hi - base, size - accessSize) <= 0 && size >= accessSize;
    }

    @Override
    public String toString() {
        return String.format("%s [0x%x, 0x%x)%s", name, base, base + size, writable ? "" : " read-only");
    }
}
