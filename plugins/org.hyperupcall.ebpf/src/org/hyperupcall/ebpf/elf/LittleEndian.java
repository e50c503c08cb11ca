package org.hyperupcall.ebpf.elf;

import java.io.ByteArrayOutputStream;

/** Little-endian integers appended to a byte stream, as ELF and BTF store them for eBPF. */
final class LittleEndian {
    private LittleEndian() {
    }

    static void le16(ByteArrayOutputStream out, long v) {
        out.write((int) v & 0xff);
        out.write((int) (v >>> 8) & 0xff);
    }

    static void le32(ByteArrayOutputStream out, long v) {
        le16(out, v);
        le16(out, v >>> 16);
    }

    static void le64(ByteArrayOutputStream out, long v) {
        le32(out, v);
        le32(out, v >>> 32);
    }
}
