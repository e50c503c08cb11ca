package org.hyperupcall.ebpf.elf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A string table as ELF and BTF lay it out: NUL-terminated UTF-8 strings after an empty one at offset 0, each stored once. */
final class StringTable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> index = new HashMap<>();

    StringTable() {
        out.write(0);
        index.put("", 0);
    }

    /** The offset of {@code s}, added when new. */
    int add(String s) {
        return index.computeIfAbsent(s, k -> {
            int at = out.size();
            out.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            out.write(0);
            return at;
        });
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
