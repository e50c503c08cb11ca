package org.hyperupcall.abi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A C structure shared by the guest and the hypervisor (an event context, struct page, the
 * per-CPU TLB state): laid out once here, and used by the header, the verifier and the simulator.
 */
public record Struct(String name, int size, List<Field> fields, String doc) {

    public Optional<Field> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** Builds a struct with natural alignment, the way a C compiler lays it out for BPF. */
    public static Builder builder(String name, String doc) {
        return new Builder(name, doc);
    }

    /** Adds fields in order, aligned to their size. */
    public static final class Builder {
        private final String name;
        private final String doc;
        private final List<Field> fields = new ArrayList<>();
        private int offset;
        private int align = 1;

        private Builder(String name, String doc) {
            this.name = name;
            this.doc = doc;
        }

        public Builder field(String cType, String fieldName, String fieldDoc) {
            int size = sizeOf(cType);
            offset = (offset + size - 1) / size * size;
            fields.add(new Field(fieldName, cType, offset, size, fieldDoc));
            offset += size;
            align = Math.max(align, size);
            return this;
        }

        public Struct build() {
            int size = (offset + align - 1) / align * align;
            return new Struct(name, size, List.copyOf(fields), doc);
        }
    }

    /** Size of the ABI's scalar types (u8..u64, s8..s64). */
    public static int sizeOf(String cType) {
        return switch (cType) {
            case "u8", "s8" -> 1;
            case "u16", "s16" -> 2;
            case "u32", "s32" -> 4;
            case "u64", "s64" -> 8;
            default -> throw new IllegalArgumentException("not an ABI scalar type: " + cType);
        };
    }
}
