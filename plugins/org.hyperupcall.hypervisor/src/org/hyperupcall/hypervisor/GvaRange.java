package org.hyperupcall.hypervisor;

/** A range [start, end) of guest virtual addresses, e.g. what a TLB flush must cover; empty when end == start. */
public record GvaRange(long start, long end) {
    public GvaRange {
        if (Long.compareUnsigned(end, start) < 0) {
            throw new IllegalArgumentException(String.format("[0x%x, 0x%x) ends before it starts", start, end));
        }
    }

    public boolean isEmpty() {
        return start == end;
    }

    public long size() {
        return end - start;
    }

    public boolean contains(long gva) {
        return Long.compareUnsigned(gva, start) >= 0 && Long.compareUnsigned(gva, end) < 0;
    }

    @Override
    public String toString() {
        return String.format("[0x%x, 0x%x)", start, end);
    }
}
