package org.hyperupcall.verifier;

/**
 * A load or store the verifier checked at one instruction (joined over the paths it explored
 * there): its size, the area it reaches (the context, the stack, a registered guest region, or none
 * the verifier could name), the offsets it may start at from the area's start (the stack: from the
 * frame pointer), the area's size, and whether it is proven inside: when not, {@code reason} says why.
 * {@code field}: the context field read, if any.
 */
public record MemoryAccess(boolean write, int size, Area area, String region, long offsetMin, long offsetMax, long regionSize,
        String field, boolean proven, String reason) {

    /** Where an access lands. */
    public enum Area { CONTEXT, STACK, GUEST, NONE }

    /**
     * In plain words: {@code load 8 bytes at ctx+16 (guest_rip): in bounds (the context is 40 bytes)},
     * {@code store 8 bytes at fp-8: in bounds (the frame is 512 bytes)}, {@code load 8 bytes at
     * cpu_tlbstate+[0, 56]: in bounds (cpu_tlbstate is 64 bytes; 56 + 8 <= 64)}, or why it is not
     * proven.
     */
    public String describe() {
        String what = (write ? "store " : "load ") + size + (size == 1 ? " byte" : " bytes") + " at " + where();
        if (!proven) {
            return what + ": not proven in bounds: " + reason;
        }
        return what + ": in bounds (" + switch (area) {
            case CONTEXT -> "the context is " + regionSize + " bytes";
            case STACK -> "the frame is " + regionSize + " bytes, fp-" + regionSize + " .. fp";
            case GUEST -> region + " is " + regionSize + " bytes; " + offsetMax + " + " + size + " <= " + regionSize;
            case NONE -> "";
        } + ")";
    }

    private String where() {
        return switch (area) {
            case CONTEXT -> "ctx+" + AbstractValue.range(offsetMin, offsetMax) + (field != null ? " (" + field + ")" : "");
            case STACK -> AbstractValue.fp(offsetMin, offsetMax);
            case GUEST -> region + "+" + AbstractValue.range(offsetMin, offsetMax);
            case NONE -> offsetMin == offsetMax ? "0x" + Long.toHexString(offsetMin)
                    : "0x" + Long.toHexString(offsetMin) + " .. 0x" + Long.toHexString(offsetMax);
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
