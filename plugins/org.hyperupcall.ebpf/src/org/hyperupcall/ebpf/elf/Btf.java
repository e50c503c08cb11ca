package org.hyperupcall.ebpf.elf;

import static org.hyperupcall.ebpf.elf.LittleEndian.le16;
import static org.hyperupcall.ebpf.elf.LittleEndian.le32;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import org.hyperupcall.ebpf.isa.Program;

/**
 * The .BTF and .BTF.ext sections of an object with line information, laid out as the kernel
 * ({@code include/uapi/linux/btf.h}) and libbpf read them and clang writes them. The .BTF types are
 * the minimum func_info needs: {@code int}, {@code void *}, one prototype {@code int (void *ctx)}
 * and a FUNC of that prototype per function (global for an entry point, static for a bpf-to-bpf
 * callee). Its strings hold the source file name, the section and function names and the text of
 * each source line a line_info record points to.
 */
final class Btf {
    static final int MAGIC = 0xeb9f;
    static final int VERSION = 1;
    static final int HEADER_SIZE = 24;
    /** The .BTF.ext header with the CO-RE relocation fields (clang's size, though we write none). */
    static final int EXT_HEADER_SIZE = 32;
    static final int FUNC_INFO_SIZE = 8;
    static final int LINE_INFO_SIZE = 16;
    static final int KIND_INT = 1;
    static final int KIND_PTR = 2;
    static final int KIND_FUNC = 12;
    static final int KIND_FUNC_PROTO = 13;
    static final int FUNC_STATIC = 0;
    static final int FUNC_GLOBAL = 1;
    static final int INT_SIGNED = 1;
    /** line_col packs the line above the column's 10 bits. */
    static final int COLUMN_BITS = 10;
    static final int MAX_COLUMN = (1 << COLUMN_BITS) - 1;
    static final int MAX_LINE = (1 << (32 - COLUMN_BITS)) - 1;

    private Btf() {
    }

    /**
     * A code section: its program (whose {@link Program#sourceLine} numbers lines of the source
     * text) and its functions by first slot, the entry point at slot 0.
     */
    record Code(String section, Program program, NavigableMap<Integer, String> functions) {
    }

    /** The two sections' contents. */
    record Sections(byte[] btf, byte[] ext) {
    }

    private static final int TYPE_INT = 1;
    private static final int TYPE_VOID_PTR = 2;
    private static final int TYPE_PROTO = 3;

    static Sections encode(String file, String text, List<Code> code) {
        String[] lines = text.split("\r?\n", -1);
        StringTable strings = new StringTable();
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        type(types, strings.add("int"), KIND_INT, 0, 4);
        le32(types, (INT_SIGNED << 24) | 32);
        type(types, 0, KIND_PTR, 0, 0);
        type(types, 0, KIND_FUNC_PROTO, 1, TYPE_INT);
        le32(types, strings.add("ctx"));
        le32(types, TYPE_VOID_PTR);
        int nextType = TYPE_PROTO + 1;

        ByteArrayOutputStream funcInfo = new ByteArrayOutputStream();
        ByteArrayOutputStream lineInfo = new ByteArrayOutputStream();
        le32(funcInfo, FUNC_INFO_SIZE);
        le32(lineInfo, LINE_INFO_SIZE);
        int fileName = strings.add(file);
        for (Code c : code) {
            int sectionName = strings.add(c.section);
            le32(funcInfo, sectionName);
            le32(funcInfo, c.functions.size());
            for (Map.Entry<Integer, String> f : c.functions.entrySet()) {
                type(types, strings.add(f.getValue()), KIND_FUNC, f.getKey() == 0 ? FUNC_GLOBAL : FUNC_STATIC, TYPE_PROTO);
                le32(funcInfo, f.getKey() * 8L);
                le32(funcInfo, nextType++);
            }
            List<int[]> records = lineRecords(c);
            if (records.isEmpty()) {
                continue;
            }
            le32(lineInfo, sectionName);
            le32(lineInfo, records.size());
            for (int[] r : records) {
                int line = Math.min(r[1], MAX_LINE);
                String source = r[1] <= lines.length ? lines[r[1] - 1] : "";
                le32(lineInfo, r[0] * 8L);
                le32(lineInfo, fileName);
                le32(lineInfo, strings.add(source));
                le32(lineInfo, (line << COLUMN_BITS) | Math.min(codeColumn(source), MAX_COLUMN));
            }
        }

        ByteArrayOutputStream btf = new ByteArrayOutputStream();
        header(btf, HEADER_SIZE);
        le32(btf, 0);
        le32(btf, types.size());
        le32(btf, types.size());
        le32(btf, strings.size());
        btf.writeBytes(types.toByteArray());
        btf.writeBytes(strings.toBytes());

        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        header(ext, EXT_HEADER_SIZE);
        le32(ext, 0);
        le32(ext, funcInfo.size());
        le32(ext, funcInfo.size());
        le32(ext, lineInfo.size());
        le32(ext, funcInfo.size() + lineInfo.size());
        le32(ext, 0);
        ext.writeBytes(funcInfo.toByteArray());
        ext.writeBytes(lineInfo.toByteArray());
        return new Sections(btf.toByteArray(), ext.toByteArray());
    }

    /**
     * {slot, line} where a line starts, as clang emits them: at each slot whose line differs from
     * the previous one's, and at each function's first slot (the kernel wants one there). Slots of
     * unknown line (0) continue the line before them; the second half of an lddw gets no record.
     * Empty when the program has no line at all.
     */
    private static List<int[]> lineRecords(Code c) {
        Program p = c.program;
        int first = 0;
        for (int i = 0; i < p.size() && first == 0; i++) {
            first = p.sourceLine(i);
        }
        if (first == 0) {
            return List.of();
        }
        List<int[]> records = new java.util.ArrayList<>();
        int current = 0;
        for (int i = 0; i < p.size(); i++) {
            if (i > 0 && p.get(i - 1).isLddw()) {
                continue;
            }
            int line = p.sourceLine(i) > 0 ? p.sourceLine(i) : current > 0 ? current : first;
            if (line != current || c.functions.containsKey(i)) {
                records.add(new int[] {i, line});
                current = line;
            }
        }
        return records;
    }

    /** The 1-based column where a line's code starts (after its indentation); 0 for a blank line. */
    private static int codeColumn(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return i + 1;
            }
        }
        return 0;
    }

    private static void header(ByteArrayOutputStream out, int size) {
        le16(out, MAGIC);
        out.write(VERSION);
        out.write(0); // flags
        le32(out, size);
    }

    private static void type(ByteArrayOutputStream out, int name, int kind, int vlen, int sizeOrType) {
        le32(out, name);
        le32(out, (kind << 24) | vlen);
        le32(out, sizeOrType);
    }
}
