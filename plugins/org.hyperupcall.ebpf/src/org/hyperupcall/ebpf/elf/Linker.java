package org.hyperupcall.ebpf.elf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.hyperupcall.ebpf.isa.Op;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Opcodes;
import org.hyperupcall.ebpf.isa.Program;

/**
 * Links one program of an object into a runnable {@link Program}, as libbpf does: the entry's
 * section comes first, every section it calls into (through R_BPF_64_32 relocations, e.g. static
 * functions in .text) is appended and the call displacements are patched; 64-bit loads of extern
 * symbols (R_BPF_64_64) get the address the resolver gives.
 */
public final class Linker {
    private Linker() {
    }

    /** An extern symbol a program refers to, and where. */
    public record ExternUse(String symbol, int slot) {
    }

    /** The names of the programs in an object: its non-empty code sections. */
    public static List<String> programNames(ElfObject obj) {
        return obj.programSections().stream().map(ElfObject.Section::name).toList();
    }

    /**
     * Links the program named {@code entry} (a code section name or a function symbol name; null
     * means the only program of the object, or the first one that is not .text).
     */
    public static Program link(ElfObject obj, String entry, SymbolResolver resolver) throws ElfException {
        return new Linking(obj, resolver).run(entry);
    }

    /** The extern symbols a program uses (before resolution), for registration checks. */
    public static List<ExternUse> externs(ElfObject obj, String entry) throws ElfException {
        List<ExternUse> uses = new ArrayList<>();
        new Linking(obj, name -> OptionalLong.of(0)) {
            @Override
            void onExtern(String name, int slot) {
                uses.add(new ExternUse(name, slot));
            }
        }.run(entry);
        return uses;
    }

    /** Each slot gets the line of the nearest record at or before it (records mark where a line starts). */
    private static void fillLines(int[] lines, int base, int size, List<LineInfo.Entry> entries) {
        List<LineInfo.Entry> sorted = new ArrayList<>(entries);
        sorted.sort(java.util.Comparator.comparingInt(LineInfo.Entry::insn));
        int k = 0;
        int line = 0;
        for (int i = 0; i < size; i++) {
            while (k < sorted.size() && sorted.get(k).insn() <= i) {
                line = sorted.get(k).line();
                k++;
            }
            lines[base + i] = line;
        }
    }

    private static class Linking {
        private final ElfObject obj;
        private final SymbolResolver resolver;

        Linking(ElfObject obj, SymbolResolver resolver) {
            this.obj = obj;
            this.resolver = resolver;
        }

        void onExtern(String name, int slot) {
        }

        Program run(String entry) throws ElfException {
            ElfObject.Section first;
            long entryOffset = 0;
            String entryName;
            List<ElfObject.Section> code = obj.programSections();
            if (code.isEmpty()) {
                throw new ElfException(obj.file() + ": the object has no code section");
            }
            if (entry == null) {
                List<ElfObject.Section> named = code.stream().filter(s -> !s.name().equals(".text")).toList();
                first = named.isEmpty() ? code.get(0) : named.get(0);
                entryName = first.name();
            } else {
                ElfObject.Section bySection = code.stream().filter(s -> s.name().equals(entry)).findFirst().orElse(null);
                if (bySection != null) {
                    first = bySection;
                    entryName = entry;
                } else {
                    ElfObject.Symbol fn = obj.symbols().stream()
                            .filter(s -> s.isFunction() && s.name().equals(entry) && !s.isUndefined()).findFirst()
                            .orElseThrow(() -> new ElfException(obj.file() + ": no program or function named '" + entry
                                    + "' (programs: " + String.join(", ", programNames(obj)) + ")"));
                    first = obj.section(fn.section());
                    entryOffset = fn.value();
                    entryName = entry;
                }
            }
            // Lay out sections: the entry's first, then whatever it calls.
            int prefix = entryOffset == 0 ? 0 : 1; // a jump to an entry that is not at its section's start
            Map<Integer, Integer> base = new LinkedHashMap<>();
            List<ElfObject.Section> order = new ArrayList<>();
            Deque<ElfObject.Section> work = new ArrayDeque<>();
            base.put(first.index(), prefix);
            order.add(first);
            work.add(first);
            int next = prefix + first.data().length / 8;
            while (!work.isEmpty()) {
                ElfObject.Section s = work.poll();
                for (ElfObject.Relocation r : s.relocations()) {
                    if (r.type() != Elf.R_BPF_64_32) {
                        continue;
                    }
                    ElfObject.Symbol sym = obj.symbol(r.symbol());
                    if (sym.isUndefined()) {
                        throw new ElfException(obj.file() + ": " + s.name() + " insn " + r.offset() / 8 + ": call of undefined function '" + sym.name() + "'");
                    }
                    if (sym.isSpecial()) {
                        throw new ElfException(obj.file() + ": " + s.name() + " insn " + r.offset() / 8 + ": call of '" + sym.name() + "', which is not in a section");
                    }
                    ElfObject.Section target = obj.section(sym.section());
                    if (!target.isCode()) {
                        throw new ElfException(obj.file() + ": " + s.name() + " insn " + r.offset() / 8 + ": call into non-code section " + target.name());
                    }
                    if (!base.containsKey(target.index())) {
                        base.put(target.index(), next);
                        next += target.data().length / 8;
                        order.add(target);
                        work.add(target);
                    }
                }
            }
            Instruction[] slots = new Instruction[next];
            if (prefix == 1) {
                slots[0] = new Instruction(Op.JA, 0, 0, (int) (entryOffset / 8), 0);
            }
            Map<Integer, String> labels = new TreeMap<>();
            Map<String, List<LineInfo.Entry>> lineInfo = LineInfo.of(obj);
            int[] lines = lineInfo.isEmpty() ? null : new int[slots.length];
            for (ElfObject.Section s : order) {
                int b = base.get(s.index());
                Program unlinked = obj.sectionProgram(s);
                for (int i = 0; i < unlinked.size(); i++) {
                    slots[b + i] = unlinked.get(i);
                }
                unlinked.labels().forEach((slot, name) -> labels.putIfAbsent(b + slot, name));
                if (lines != null) {
                    fillLines(lines, b, unlinked.size(), lineInfo.getOrDefault(s.name(), List.of()));
                }
                labels.putIfAbsent(b, s.name());
            }
            labels.putIfAbsent(0, entryName);
            for (ElfObject.Section s : order) {
                int b = base.get(s.index());
                for (ElfObject.Relocation r : s.relocations()) {
                    if (r.offset() % 8 != 0) {
                        throw new ElfException(obj.file() + ": " + s.name() + ": relocation at offset " + r.offset() + " is not on an instruction");
                    }
                    int slot = b + (int) (r.offset() / 8);
                    Instruction insn = slots[slot];
                    ElfObject.Symbol sym = obj.symbol(r.symbol());
                    String where = obj.file() + ": " + s.name() + " insn " + r.offset() / 8;
                    switch (r.type()) {
                        case Elf.R_BPF_64_32 -> {
                            if (insn.opcode() != Op.CALL) {
                                throw new ElfException(where + ": R_BPF_64_32 relocation on an instruction that is not a call");
                            }
                            int targetSlot = base.get(sym.section()) + (int) (sym.value() / 8) + insn.imm() + 1;
                            slots[slot] = new Instruction(insn.opcode(), insn.dst(), Opcodes.CALL_LOCAL, insn.offset(), targetSlot - slot - 1);
                        }
                        case Elf.R_BPF_64_64 -> {
                            if (!insn.isLddw() || slot + 1 >= slots.length) {
                                throw new ElfException(where + ": R_BPF_64_64 relocation on an instruction that is not lddw");
                            }
                            if (!sym.isUndefined()) {
                                String in = sym.isSpecial() ? "an absolute symbol" : "section " + obj.section(sym.section()).name();
                                throw new ElfException(where + ": loads the address of '" + sym.name() + "' in " + in
                                        + ": global data and maps are not supported");
                            }
                            onExtern(sym.name(), slot);
                            OptionalLong addr = resolver.resolve(sym.name());
                            if (addr.isEmpty()) {
                                throw new ElfException(where + ": unresolved symbol '" + sym.name() + "'");
                            }
                            long addend = (insn.imm() & 0xffffffffL) | ((long) slots[slot + 1].imm() << 32);
                            long value = addr.getAsLong() + addend;
                            slots[slot] = new Instruction(insn.opcode(), insn.dst(), insn.src(), insn.offset(), (int) value);
                            slots[slot + 1] = new Instruction(0, 0, 0, 0, (int) (value >>> 32));
                        }
                        default -> throw new ElfException(where + ": unsupported relocation " + r.typeName() + " in code");
                    }
                }
            }
            return new Program(entryName, slots, labels, lines);
        }
    }
}
