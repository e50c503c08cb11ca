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

    /** Function symbols defined in the given section, by value. */
    public List<Symbol> functionsIn(int sectionIndex) {
        return symbols.stream().filter(s -> s.section() == sectionIndex && s.isFunction())
                .sorted(java.util.Comparator.comparingLong(Symbol::value)).toList();
    }
}
