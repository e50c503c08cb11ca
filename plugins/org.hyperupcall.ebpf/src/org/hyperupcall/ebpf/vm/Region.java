package org.hyperupcall.ebpf.vm;

/**
 * A range of the program's address space backed by part of a byte array: the context, the stack,
 * a packet or a registered guest memory range. Addresses in [base, base + length) map to
 * data[offset ..].
 */
public final class Region {
    final String name;
    final long base;
    final byte[] data;
    final int offset;
    final int length;
    final boolean writable;

    public Region(String name, long base, byte[] data, int offset, int length, boolean writable) {
        if (offset < 0 || length < 0 || (long) offset + length > data.length) {
            throw new IllegalArgumentException("region " + name + " exceeds its backing array");
        }
        if (length > 0 && Long.compareUnsigned(base + length - 1, base) < 0) {
            throw new IllegalArgumentException("region " + name + " wraps around the address space");
        }
        this.name = name;
        this.base = base;
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.writable = writable;
    }

    public Region(String name, long base, byte[] data, boolean writable) {
        this(name, base, data, 0, data.length, writable);
    }

    public String name() {
        return name;
    }

    public long base() {
        return base;
    }

    public int length() {
        return length;
    }

    public boolean writable() {
        return writable;
    }

    public byte[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    /** Whether [addr, addr + size) lies inside the region. */
    public boolean contains(long addr, int size) {
        return length >= size && Long.compareUnsigned(addr - base, length - size) <= 0;
    }

    boolean overlaps(Region o) {
        if (length == 0 || o.length == 0) {
            return false;
        }
        return Long.compareUnsigned(base, o.base + o.length - 1) <= 0
                && Long.compareUnsigned(o.base, base + length - 1) <= 0;
    }

    @Override
    public String toString() {
        return String.format("%s [0x%x, 0x%x)%s", name, base, base + length, writable ? "" : " read-only");
    }
}
