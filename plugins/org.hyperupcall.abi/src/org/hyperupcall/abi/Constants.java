package org.hyperupcall.abi;

import java.util.List;

/** Named constants of the ABI (#defines of the header): page flags, exit reasons, access bits, registers, limits. */
public final class Constants {
    private Constants() {
    }

    /** A named value with its meaning. */
    public record Constant(String name, long value, String doc) {
    }

    /** Instructions a global hyperupcall may have (the paper's limit); local ones default to it too. */
    public static final int GLOBAL_INSN_LIMIT = 4096;
    public static final int DEFAULT_LOCAL_INSN_LIMIT = 4096;
    /** Registered memory of a global hyperupcall, at most this per mille of guest memory (2%). */
    public static final int GLOBAL_MEMORY_PER_MILLE = 20;
    /** Bytes between two CPUs' copies of a per-CPU variable in the guest model. */
    public static final int PERCPU_STRIDE = 4096;
    public static final int PAGE_SIZE = 4096;

    public static final int PG_LOCKED = 0;
    public static final int PG_REFERENCED = 2;
    public static final int PG_DIRTY = 4;
    public static final int PG_LRU = 5;
    public static final int PG_SLAB = 9;
    public static final int PG_RESERVED = 10;
    public static final int PG_BUDDY = 18;

    // vCPU registers (the reg argument of hup_get_vcpu_reg and hup_set_vcpu_reg)
    public static final int REG_RIP = 0;
    public static final int REG_RSP = 1;
    public static final int REG_CR3 = 2;
    public static final int REG_RFLAGS = 3;
    public static final int REG_CR0 = 4;
    public static final int REG_CR4 = 5;
    /** How many registers a vCPU has: HUP_REG_* are 0 to REGISTERS - 1. */
    public static final int REGISTERS = 6;
    /** CR0's write-protect bit (WP): supervisor writes to read-only pages fault. */
    public static final long CR0_WP = 1L << 16;
    /** CR0's protection-enable bit (PE). */
    public static final long CR0_PE = 1L;

    public static final int EXIT_EXTERNAL_INTERRUPT = 1;
    public static final int EXIT_CPUID = 10;
    public static final int EXIT_HLT = 12;
    public static final int EXIT_CR_ACCESS = 28;
    public static final int EXIT_IO = 30;
    public static final int EXIT_MSR_READ = 31;
    public static final int EXIT_MSR_WRITE = 32;
    public static final int EXIT_EPT_VIOLATION = 48;

    public static final List<Constant> ALL = List.of(
            new Constant("HUP_PAGE_SIZE", PAGE_SIZE, "guest page size"),
            new Constant("HUP_PERCPU_STRIDE", PERCPU_STRIDE, "distance between two CPUs' per-CPU data"),
            new Constant("HUP_PG_LOCKED", PG_LOCKED, "struct page flags bit: locked"),
            new Constant("HUP_PG_REFERENCED", PG_REFERENCED, "flags bit: recently referenced"),
            new Constant("HUP_PG_DIRTY", PG_DIRTY, "flags bit: dirty"),
            new Constant("HUP_PG_LRU", PG_LRU, "flags bit: on an LRU list"),
            new Constant("HUP_PG_SLAB", PG_SLAB, "flags bit: slab page"),
            new Constant("HUP_PG_RESERVED", PG_RESERVED, "flags bit: reserved, never free"),
            new Constant("HUP_PG_BUDDY", PG_BUDDY, "flags bit: free, in the buddy allocator (order in private)"),
            new Constant("HUP_EXIT_EXTERNAL_INTERRUPT", EXIT_EXTERNAL_INTERRUPT, "exit reason: external interrupt"),
            new Constant("HUP_EXIT_CPUID", EXIT_CPUID, "exit reason: CPUID"),
            new Constant("HUP_EXIT_HLT", EXIT_HLT, "exit reason: HLT"),
            new Constant("HUP_EXIT_CR_ACCESS", EXIT_CR_ACCESS, "exit reason: control-register access"),
            new Constant("HUP_EXIT_IO", EXIT_IO, "exit reason: I/O instruction"),
            new Constant("HUP_EXIT_MSR_READ", EXIT_MSR_READ, "exit reason: RDMSR"),
            new Constant("HUP_EXIT_MSR_WRITE", EXIT_MSR_WRITE, "exit reason: WRMSR"),
            new Constant("HUP_EXIT_EPT_VIOLATION", EXIT_EPT_VIOLATION, "exit reason: EPT violation"),
            new Constant("HUP_ACCESS_READ", 1, "page_mapping access bit: read"),
            new Constant("HUP_ACCESS_WRITE", 2, "page_mapping access bit: write"),
            new Constant("HUP_ACCESS_EXEC", 4, "page_mapping access bit: execute"),
            new Constant("HUP_REG_RIP", REG_RIP, "vCPU register: instruction pointer"),
            new Constant("HUP_REG_RSP", REG_RSP, "vCPU register: stack pointer"),
            new Constant("HUP_REG_CR3", REG_CR3, "vCPU register: page-table root"),
            new Constant("HUP_REG_RFLAGS", REG_RFLAGS, "vCPU register: flags"),
            new Constant("HUP_REG_CR0", REG_CR0, "vCPU register: CR0 (bit 16: write protect)"),
            new Constant("HUP_REG_CR4", REG_CR4, "vCPU register: CR4"),
            new Constant("HUP_GLOBAL_INSN_LIMIT", GLOBAL_INSN_LIMIT, "instructions of a global hyperupcall, at most"));
}
