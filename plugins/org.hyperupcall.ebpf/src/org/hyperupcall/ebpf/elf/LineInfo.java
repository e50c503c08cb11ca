package org.hyperupcall.ebpf.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Source positions of instructions, from the line_info records of an object's .BTF.ext section (what
 * clang -g emits and bpftool prints): for each code section, the instruction, file, line and column.
 * A malformed .BTF or .BTF.ext gives no line information rather than an error: it is debug data.
 */
public final class LineInfo {
    /**
     * One record: instruction slot (section-relative), source file, line and column, and the text of
     * the line as the object stores it ("" when it has none).
     */
    public record Entry(int insn, String file, int line, int column, String source) {
    }

    private LineInfo() {
    }

    /** Line records by code section name; empty when the object has none or they cannot be read. */
    public static Map<String, List<Entry>> of(ElfObject obj) {
        Optional<ElfObject.Section> btf = obj.section(".BTF");
        Optional<ElfObject.Section> ext = obj.section(".BTF.ext");
        if (btf.isEmpty() || ext.isEmpty()) {
            return Map.of();
        }
        try {
            return parse(btf.get().data(), ext.get().data());
        } catch (RuntimeException e) {
            return Map.of(); // IndexOutOfBounds, BufferUnderflow...: corrupt debug data is ignored
        }
    }

    private static Map<String, List<Entry>> parse(byte[] btfBytes, byte[] extBytes) {
        ByteBuffer btf = ByteBuffer.wrap(btfBytes).order(ByteOrder.LITTLE_ENDIAN);
        if ((btf.getShort(0) & 0xffff) != Btf.MAGIC) {
            return Map.of();
        }
        int hdrLen = btf.getInt(4);
        int strOff = btf.getInt(16);
        int strLen = btf.getInt(20);
        int strStart = hdrLen + strOff;
        ByteBuffer ext = ByteBuffer.wrap(extBytes).order(ByteOrder.LITTLE_ENDIAN);
        if ((ext.getShort(0) & 0xffff) != Btf.MAGIC) {
            return Map.of();
        }
        int extHdr = ext.getInt(4);
        int lineOff = ext.getInt(16);
        int lineLen = ext.getInt(20);
        int pos = extHdr + lineOff;
        int end = pos + lineLen;
        if (lineLen <= 0) {
            return Map.of();
        }
        int recordSize = ext.getInt(pos);
        pos += 4;
        if (recordSize < Btf.LINE_INFO_SIZE) {
            return Map.of();
        }
        Map<String, List<Entry>> out = new HashMap<>();
        while (pos + 8 <= end) {
            String section = string(btfBytes, strStart, strLen, ext.getInt(pos));
            int count = ext.getInt(pos + 4);
            pos += 8;
            List<Entry> entries = new ArrayList<>();
            for (int k = 0; k < count && pos + recordSize <= end; k++, pos += recordSize) {
                int insnOff = ext.getInt(pos);
                String file = string(btfBytes, strStart, strLen, ext.getInt(pos + 4));
                String source = string(btfBytes, strStart, strLen, ext.getInt(pos + 8));
                int lineCol = ext.getInt(pos + 12);
                entries.add(new Entry(insnOff / 8, file, lineCol >>> Btf.COLUMN_BITS, lineCol & Btf.MAX_COLUMN, source));
            }
            out.put(section, List.copyOf(entries));
        }
        return out;
    }

    private static String string(byte[] btf, int start, int len, int off) {
        if (off < 0 || off >= len) {
            return "";
        }
        int i = start + off;
        int e = i;
        while (e < btf.length && btf[e] != 0) {
            e++;
        }
        return new String(btf, i, e - i, StandardCharsets.UTF_8);
    }
}
