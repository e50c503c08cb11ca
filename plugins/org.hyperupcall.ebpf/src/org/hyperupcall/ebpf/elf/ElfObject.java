package org.hyperupcall.ebpf.elf;

import java.util.List;
import java.util.Optional;

/**
 * A relocatable eBPF object as read from an ELF file: its sections, symbols and relocations.
 * {@link Linker} turns one of its programs into a runnable {@link org.hyperupcall.ebpf.isa.Program}.
 */
public record ElfObject(String file, List<Section> sections, List<Symbol> symbols) {

    /** A section; {@code code} sections hold instructions. */
    public record Section(int index, String name, int type, long flags, byte[] data, List<Relocation> relocations) {
        public boolean isCode() {
            return type == Elf.SHT_PROGBITS && (flags & Elf.SHF_EXECINSTR) != 0;
        }
    }

    /** A symbol: {@code section} is the index of its section (0 when undefined, i.e. extern). */
    public record Symbol(int index, String name, long value, long size, int type, int binding, int section) {
        public boolean isFunction() {
            return type == Elf.STT_FUNC;
        }

        public boolean isSection() {
            return type == Elf.STT_SECTION;
        }

        public boolean isUndefined() {
            return section == Elf.SHN_UNDEF;
        }

        /** Whether the symbol has a reserved section index (absolute, common...) rather than a section. */
        public boolean isSpecial() {
            return section >= 0xff00;
        }
    }

    /** A relocation at byte {@code offset} of its section, against symbol {@code symbol}. */
    public record Relocation(long offset, int type, int symbol) {
        public String typeName() {
            return Elf.relocationName(type);
        }
    }

    /** The sections holding instructions that contain at least one instruction. */
    public List<Section> programSections() {
        return sections.stream().filter(s -> s.isCode() && s.data().length > 0).toList();
    }

    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Section section(int index) {
        return sections.get(index);
    }

    public Symbol symbol(int index) {
        return symbols.get(index);
    }

    /**
     * A code section's instructions as they are in the file (not linked: calls into other sections
     * still carry their relocation's addend), labelled with the symbols defined in it.
     */
    public org.hyperupcall.ebpf.isa.Program sectionProgram(Section s) {
        byte[] data = s.data();
        org.hyperupcall.ebpf.isa.Instruction[] slots = new org.hyperupcall.ebpf.isa.Instruction[data.length / 8];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = org.hyperupcall.ebpf.isa.Instruction.readFrom(data, i * 8);
        }
        java.util.Map<Integer, String> labels = new java.util.TreeMap<>();
        for (Symbol sym : symbols) {
            if (sym.section() == s.index() && !sym.isSection() && !sym.name().isEmpty() && sym.value() % 8 == 0
                    && sym.value() / 8 < slots.length) {
                labels.putIfAbsent((int) (sym.value() / 8), sym.name());
            }
        }
        return new org.hyperupcall.ebpf.isa.Program(s.name(), slots, labels, null);
    }
}
