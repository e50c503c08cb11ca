package org.hyperupcall.ebpf.elf;

/** ELF constants used by eBPF objects. */
final class Elf {
    private Elf() {
    }

    static final int EM_BPF = 247;
    static final int ET_REL = 1;
    static final int SHT_NULL = 0;
    static final int SHT_PROGBITS = 1;
    static final int SHT_SYMTAB = 2;
    static final int SHT_STRTAB = 3;
    static final int SHT_REL = 9;
    static final long SHF_ALLOC = 0x2;
    static final long SHF_EXECINSTR = 0x4;
    static final int STB_LOCAL = 0;
    static final int STB_GLOBAL = 1;
    static final int STT_NOTYPE = 0;
    static final int STT_FUNC = 2;
    static final int STT_SECTION = 3;
    static final int SHN_UNDEF = 0;
    /** lddw of a symbol's address. */
    static final int R_BPF_64_64 = 1;
    static final int R_BPF_64_ABS64 = 2;
    static final int R_BPF_64_ABS32 = 3;
    static final int R_BPF_64_NODYLD32 = 4;
    /** call of a function in another section (or by symbol). */
    static final int R_BPF_64_32 = 10;

    static String relocationName(int type) {
        return switch (type) {
            case R_BPF_64_64 -> "R_BPF_64_64";
            case R_BPF_64_ABS64 -> "R_BPF_64_ABS64";
            case R_BPF_64_ABS32 -> "R_BPF_64_ABS32";
            case R_BPF_64_NODYLD32 -> "R_BPF_64_NODYLD32";
            case R_BPF_64_32 -> "R_BPF_64_32";
            default -> "R_BPF_" + type;
        };
    }
}
