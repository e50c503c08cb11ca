package org.hyperupcall.ebpf.elf;

import static org.hyperupcall.ebpf.elf.LittleEndian.le16;
import static org.hyperupcall.ebpf.elf.LittleEndian.le32;
import static org.hyperupcall.ebpf.elf.LittleEndian.le64;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.ebpf.isa.ProgramChecker;

/**
 * Writes relocatable eBPF ELF objects that clang's tools read: one code section per program, a
 * global function symbol for each entry, local symbols for its other labels (bpf-to-bpf callees as
 * functions), and an R_BPF_64_64 relocation against an undefined symbol for each extern address
 * load. With {@link #withSource} it also writes line information as clang -g does: a .BTF and a
 * .BTF.ext section (func_info and line_info), which {@link LineInfo}, bpftool and the kernel read.
 */
public final class ElfWriter {
    private record Entry(String section, Program program, Map<Integer, String> externs) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private String sourceFile;
    private String sourceText;

    /**
     * Writes line information for the programs that carry source lines ({@link Program#sourceLine}):
     * they number the lines of {@code text}, the source file {@code file} (the name the records
     * give, as the compiler was given it). Each record also carries the text of its line.
     */
    public ElfWriter withSource(String file, String text) {
        this.sourceFile = Objects.requireNonNull(file, "file");
        this.sourceText = Objects.requireNonNull(text, "text");
        return this;
    }

    /**
     * Adds a program in its own section. {@code externs} maps lddw slots to the extern symbol whose
     * address they load (the constant in the lddw becomes the addend).
     */
    public ElfWriter add(String section, Program program, Map<Integer, String> externs) {
        for (Entry e : entries) {
            if (e.section.equals(section)) {
                throw new IllegalArgumentException("section " + section + " added twice");
            }
        }
        for (int slot : externs.keySet()) {
            if (slot < 0 || slot + 1 >= program.size() || !program.get(slot).isLddw()) {
                throw new IllegalArgumentException("extern reference at slot " + slot + " is not on an lddw");
            }
        }
        entries.add(new Entry(section, program, new LinkedHashMap<>(externs)));
        return this;
    }

    public ElfWriter add(String section, Program program) {
        return add(section, program, Map.of());
    }

    private record Sym(String name, int info, int shndx, long value, long size) {
    }

    /** The object file's bytes. */
    public byte[] toBytes() {
        int nCode = entries.size();
        List<Entry> withRel = entries.stream().filter(e -> !e.externs.isEmpty()).toList();
        boolean withBtf = sourceFile != null && entries.stream().anyMatch(e -> e.program.hasSourceLines());
        // Section indices: 0 null, 1..nCode code, then one .rel per code section with externs, [.BTF, .BTF.ext,]
        // symtab, strtab, shstrtab.
        int firstRel = 1 + nCode;
        int btfIndex = firstRel + withRel.size();
        int symtabIndex = btfIndex + (withBtf ? 2 : 0);
        int strtabIndex = symtabIndex + 1;
        int shstrtabIndex = strtabIndex + 1;
        int shnum = shstrtabIndex + 1;

        StringTable strtab = new StringTable();
        List<Sym> locals = new ArrayList<>();
        List<Sym> globals = new ArrayList<>();
        Map<String, Integer> externIndex = new LinkedHashMap<>();
        List<Btf.Code> functions = new ArrayList<>();
        for (int k = 0; k < nCode; k++) {
            Entry e = entries.get(k);
            int shndx = 1 + k;
            Program p = e.program;
            java.util.Set<Integer> callTargets = new java.util.HashSet<>();
            for (int i = 0; i < p.size(); i++) {
                if (p.get(i).opcode() == org.hyperupcall.ebpf.isa.Op.CALL && p.get(i).src() == 1) {
                    callTargets.add(ProgramChecker.jumpTarget(i, p.get(i)));
                }
            }
            String entryName = p.labels().getOrDefault(0, sanitize(e.section));
            globals.add(new Sym(entryName, (Elf.STB_GLOBAL << 4) | Elf.STT_FUNC, shndx, 0, (long) p.size() * 8));
            TreeMap<Integer, String> starts = new TreeMap<>(Map.of(0, entryName));
            for (Map.Entry<Integer, String> l : p.labels().entrySet()) {
                if (l.getKey() == 0 || l.getKey() >= p.size()) {
                    continue;
                }
                boolean function = callTargets.contains(l.getKey());
                if (function) {
                    starts.put(l.getKey(), l.getValue());
                }
                locals.add(new Sym(l.getValue(), (Elf.STB_LOCAL << 4) | (function ? Elf.STT_FUNC : Elf.STT_NOTYPE), shndx,
                        (long) l.getKey() * 8, 0));
            }
            functions.add(new Btf.Code(e.section, p, starts));
            for (String ext : e.externs.values()) {
                externIndex.putIfAbsent(ext, -1);
            }
        }
        List<Sym> all = new ArrayList<>();
        all.add(new Sym("", 0, 0, 0, 0));
        all.addAll(locals);
        int firstGlobal = all.size();
        all.addAll(globals);
        for (String ext : externIndex.keySet()) {
            externIndex.put(ext, all.size());
            all.add(new Sym(ext, (Elf.STB_GLOBAL << 4) | Elf.STT_NOTYPE, Elf.SHN_UNDEF, 0, 0));
        }
        ByteArrayOutputStream symtab = new ByteArrayOutputStream();
        for (Sym s : all) {
            le32(symtab, strtab.add(s.name));
            symtab.write(s.info);
            symtab.write(0);
            le16(symtab, s.shndx);
            le64(symtab, s.value);
            le64(symtab, s.size);
        }
        StringTable shstr = new StringTable();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long[][] headers = new long[shnum][];
        headers[0] = new long[10];
        for (int k = 0; k < nCode; k++) {
            byte[] code = entries.get(k).program.toBytes();
            align(body, 8);
            headers[1 + k] = new long[] {shstr.add(entries.get(k).section), Elf.SHT_PROGBITS, Elf.SHF_ALLOC | Elf.SHF_EXECINSTR,
                64 + body.size(), code.length, 0, 0, 8, 0};
            body.writeBytes(code);
        }
        for (int k = 0; k < withRel.size(); k++) {
            Entry e = withRel.get(k);
            ByteArrayOutputStream rel = new ByteArrayOutputStream();
            for (Map.Entry<Integer, String> x : e.externs.entrySet()) {
                le64(rel, (long) x.getKey() * 8);
                le64(rel, ((long) externIndex.get(x.getValue()) << 32) | Elf.R_BPF_64_64);
            }
            align(body, 8);
            headers[firstRel + k] = new long[] {shstr.add(".rel" + e.section), Elf.SHT_REL, 0x40 /* INFO_LINK */, 64 + body.size(),
                rel.size(), symtabIndex, 1 + entries.indexOf(e), 8, 16};
            body.writeBytes(rel.toByteArray());
        }
        if (withBtf) {
            Btf.Sections btf = Btf.encode(sourceFile, sourceText, functions);
            align(body, 4);
            headers[btfIndex] = new long[] {shstr.add(".BTF"), Elf.SHT_PROGBITS, 0, 64 + body.size(), btf.btf().length, 0, 0, 4, 0};
            body.writeBytes(btf.btf());
            align(body, 4);
            headers[btfIndex + 1] = new long[] {shstr.add(".BTF.ext"), Elf.SHT_PROGBITS, 0, 64 + body.size(), btf.ext().length, 0, 0, 4, 0};
            body.writeBytes(btf.ext());
        }
        align(body, 8);
        headers[symtabIndex] = new long[] {shstr.add(".symtab"), Elf.SHT_SYMTAB, 0, 64 + body.size(), symtab.size(), strtabIndex,
            firstGlobal, 8, 24};
        body.writeBytes(symtab.toByteArray());
        headers[strtabIndex] = new long[] {shstr.add(".strtab"), Elf.SHT_STRTAB, 0, 64 + body.size(), strtab.size(), 0, 0, 1, 0};
        body.writeBytes(strtab.toBytes());
        int shstrName = shstr.add(".shstrtab");
        headers[shstrtabIndex] = new long[] {shstrName, Elf.SHT_STRTAB, 0, 64 + body.size(), 0, 0, 0, 1, 0};
        byte[] names = shstr.toBytes();
        headers[shstrtabIndex][4] = names.length;
        body.writeBytes(names);
        align(body, 8);
        long shoff = 64 + body.size();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        le16(out, Elf.ET_REL);
        le16(out, Elf.EM_BPF);
        le32(out, 1);
        le64(out, 0); // entry
        le64(out, 0); // program headers
        le64(out, shoff);
        le32(out, 0); // flags
        le16(out, 64);
        le16(out, 0);
        le16(out, 0);
        le16(out, 64);
        le16(out, shnum);
        le16(out, shstrtabIndex);
        out.writeBytes(body.toByteArray());
        for (long[] h : headers) {
            // name, type, flags, offset, size, link, info, addralign, entsize
            le32(out, h[0]);
            le32(out, h[1]);
            le64(out, h[2]);
            le64(out, 0); // address
            le64(out, h[3]);
            le64(out, h[4]);
            le32(out, h[5]);
            le32(out, h[6]);
            le64(out, h[7]);
            le64(out, h[8]);
        }
        return out.toByteArray();
    }

    private static String sanitize(String section) {
        String s = section.replaceAll("[^A-Za-z0-9_]", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    private static void align(ByteArrayOutputStream out, int a) {
        while ((64 + out.size()) % a != 0) {
            out.write(0);
        }
    }
}
