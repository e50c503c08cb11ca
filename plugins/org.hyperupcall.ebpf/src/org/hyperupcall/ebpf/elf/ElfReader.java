package org.hyperupcall.ebpf.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads relocatable eBPF ELF objects (ELF64, little endian, EM_BPF) as clang writes them. Every
 * offset and size is checked against the file, so a truncated or corrupt file gives an
 * {@link ElfException} that says which structure is broken, never an index error.
 */
public final class ElfReader {
    private final String file;
    private final byte[] b;

    private ElfReader(String file, byte[] bytes) {
        this.file = file;
        this.b = bytes;
    }

    public static ElfObject read(Path path) throws IOException, ElfException {
        return read(path.toString(), Files.readAllBytes(path));
    }

    public static ElfObject read(String file, byte[] bytes) throws ElfException {
        return new ElfReader(file, bytes).parse();
    }

    /** Whether the bytes start with the ELF magic number. */
    public static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    private ElfException error(String message) {
        return new ElfException(message);
    }

    private void need(long offset, long length, String what) throws ElfException {
        if (offset < 0 || length < 0 || offset > b.length || length > b.length - offset) {
            throw error(String.format("%s at offset 0x%x (%d bytes) extends past the end of the file (%d bytes): truncated or corrupt",
                    what, offset, length, b.length));
        }
    }

    private int u8(long off) {
        return b[(int) off] & 0xff;
    }

    private int u16(long off) {
        return u8(off) | (u8(off + 1) << 8);
    }

    private long u32(long off) {
        return (u16(off) & 0xffffL) | ((long) u16(off + 2) << 16);
    }

    private long u64(long off) {
        return u32(off) | (u32(off + 4) << 32);
    }

    private ElfObject parse() throws ElfException {
        if (!isElf(b)) {
            throw error("not an ELF file (no \\x7fELF magic number)");
        }
        need(0, 64, "ELF header");
        if (u8(4) != 2) {
            throw error("not a 64-bit ELF file (class " + u8(4) + "): eBPF objects are ELF64");
        }
        if (u8(5) != 1) {
            throw error("not a little-endian ELF file: big-endian eBPF objects are not supported");
        }
        int machine = u16(18);
        if (machine != Elf.EM_BPF) {
            throw error("not an eBPF object: e_machine is " + machine + ", expected " + Elf.EM_BPF + " (EM_BPF)");
        }
        long shoff = u64(40);
        int shentsize = u16(58);
        int shnum = u16(60);
        int shstrndx = u16(62);
        if (shnum == 0) {
            throw error("the object has no section headers");
        }
        if (shentsize < 64) {
            throw error("section header entries are " + shentsize + " bytes, expected 64");
        }
        need(shoff, (long) shentsize * shnum, "section header table");
        if (shstrndx >= shnum) {
            throw error("section name table index " + shstrndx + " is not a section (there are " + shnum + ")");
        }
        long[][] headers = new long[shnum][];
        for (int i = 0; i < shnum; i++) {
            long h = shoff + (long) i * shentsize;
            // name, type, flags, offset, size, link, info, entsize
            headers[i] = new long[] {u32(h), u32(h + 4), u64(h + 8), u64(h + 24), u64(h + 32), u32(h + 40), u32(h + 44), u64(h + 56)};
            if (headers[i][1] != Elf.SHT_NULL && headers[i][1] != 8 /* NOBITS */) {
                need(headers[i][3], headers[i][4], "section " + i);
            }
        }
        byte[] shstr = sectionBytes(headers[shstrndx], "section name table");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            names.add(string(shstr, headers[i][0], "name of section " + i));
        }
        // Symbols.
        List<ElfObject.Symbol> symbols = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            if (headers[i][1] == Elf.SHT_SYMTAB) {
                if (!symbols.isEmpty()) {
                    throw error("the object has more than one symbol table");
                }
                int strIndex = (int) headers[i][5];
                if (strIndex <= 0 || strIndex >= shnum) {
                    throw error("symbol table links to string table " + strIndex + ", which is not a section");
                }
                byte[] strtab = sectionBytes(headers[strIndex], "symbol string table");
                byte[] symtab = sectionBytes(headers[i], "symbol table");
                if (symtab.length % 24 != 0) {
                    throw error("symbol table size " + symtab.length + " is not a multiple of 24");
                }
                for (int k = 0; k < symtab.length / 24; k++) {
                    int o = k * 24;
                    long nameOff = le32(symtab, o);
                    int info = symtab[o + 4] & 0xff;
                    int shndx = (symtab[o + 6] & 0xff) | ((symtab[o + 7] & 0xff) << 8);
                    long value = le64(symtab, o + 8);
                    long size = le64(symtab, o + 16);
                    int type = info & 0xf;
                    String name = string(strtab, nameOff, "name of symbol " + k);
                    if (shndx >= shnum && shndx < 0xff00) {
                        throw error("symbol " + k + " ('" + name + "') is in section " + shndx + ", which does not exist");
                    }
                    if (type == Elf.STT_SECTION && name.isEmpty() && shndx < shnum) {
                        name = names.get(shndx);
                    }
                    symbols.add(new ElfObject.Symbol(k, name, value, size, type, info >> 4, shndx));
                }
            }
        }
        // Sections with their relocations.
        List<List<ElfObject.Relocation>> relocs = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            relocs.add(new ArrayList<>());
        }
        for (int i = 0; i < shnum; i++) {
            if (headers[i][1] == Elf.SHT_REL) {
                int target = (int) headers[i][6];
                if (target <= 0 || target >= shnum) {
                    throw error("relocation section " + names.get(i) + " applies to section " + target + ", which is not a section");
                }
                byte[] rel = sectionBytes(headers[i], "relocation section " + names.get(i));
                if (rel.length % 16 != 0) {
                    throw error("relocation section " + names.get(i) + " size " + rel.length + " is not a multiple of 16");
                }
                for (int k = 0; k < rel.length / 16; k++) {
                    long offset = le64(rel, k * 16);
                    long info = le64(rel, k * 16 + 8);
                    int sym = (int) (info >>> 32);
                    if (sym < 0 || sym >= symbols.size()) {
                        throw error("relocation " + k + " of " + names.get(i) + " names symbol " + sym + ", which does not exist");
                    }
                    if (offset < 0 || offset >= headers[target][4]) {
                        throw error(String.format("relocation %d of %s is at offset 0x%x, outside section %s", k, names.get(i), offset,
                                names.get(target)));
                    }
                    relocs.get(target).add(new ElfObject.Relocation(offset, (int) info, sym));
                }
            }
        }
        List<ElfObject.Section> sections = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            byte[] data = headers[i][1] == Elf.SHT_NULL || headers[i][1] == 8 ? new byte[0] : sectionBytes(headers[i], "section " + names.get(i));
            sections.add(new ElfObject.Section(i, names.get(i), (int) headers[i][1], headers[i][2], data, List.copyOf(relocs.get(i))));
        }
        for (ElfObject.Section s : sections) {
            if (s.isCode() && s.data().length % 8 != 0) {
                throw error("code section " + s.name() + " is " + s.data().length + " bytes, not a whole number of 8-byte instructions");
            }
        }
        return new ElfObject(file, List.copyOf(sections), List.copyOf(symbols));
    }

    private byte[] sectionBytes(long[] header, String what) throws ElfException {
        need(header[3], header[4], what);
        return Arrays.copyOfRange(b, (int) header[3], (int) (header[3] + header[4]));
    }

    private String string(byte[] table, long offset, String what) throws ElfException {
        if (offset < 0 || offset >= table.length) {
            if (offset == 0 && table.length == 0) {
                return "";
            }
            throw error(what + " is at offset " + offset + ", outside its string table (" + table.length + " bytes)");
        }
        int end = (int) offset;
        while (end < table.length && table[end] != 0) {
            end++;
        }
        return new String(table, (int) offset, end - (int) offset, StandardCharsets.UTF_8);
    }

    private static long le32(byte[] a, int o) {
        return (a[o] & 0xffL) | ((a[o + 1] & 0xffL) << 8) | ((a[o + 2] & 0xffL) << 16) | ((a[o + 3] & 0xffL) << 24);
    }

    private static long le64(byte[] a, int o) {
        return le32(a, o) | (le32(a, o + 4) << 32);
    }
}
