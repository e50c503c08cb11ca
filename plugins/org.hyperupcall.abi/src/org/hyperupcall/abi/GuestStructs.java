package org.hyperupcall.abi;

import java.util.List;

/**
 * The guest kernel's data structures that hyperupcalls read, laid out once for the header and the
 * simulator's guest model (a Linux-like guest; the layouts are this ABI's, not a Linux version's).
 */
public final class GuestStructs {
    private GuestStructs() {
    }

    /** Size of one entry of mem_map: the descriptor of one guest frame. */
    public static final Struct PAGE = Struct.builder("page", "Descriptor of one guest frame; mem_map[gfn] is the frame's.")
            .field("u64", "flags", "HUP_PG_* bits")
            .field("u64", "lru_next", "list link")
            .field("u64", "lru_prev", "list link")
            .field("u64", "mapping", "address_space or anon_vma, 0 when free")
            .field("u64", "index", "offset in the mapping")
            .field("u64", "private", "buddy order when HUP_PG_BUDDY is set")
            .field("s32", "mapcount", "page-table mappings minus one")
            .field("s32", "refcount", "references; 0 when free")
            .field("u64", "memcg_data", "memory cgroup")
            .build();

    /** Per-CPU TLB state (cpu_tlbstate): what a lazy or deferred TLB flush needs. */
    public static final Struct TLB_STATE = Struct.builder("tlb_state", "Per-CPU TLB state; cpu_tlbstate + cpu * HUP_PERCPU_STRIDE.")
            .field("u64", "loaded_mm", "address of the mm_struct loaded on this CPU")
            .field("u16", "loaded_mm_asid", "its address-space id")
            .field("u16", "next_asid", "next asid to hand out")
            .field("u8", "is_lazy", "1 when the CPU runs a kernel thread on a borrowed mm (lazy TLB mode)")
            .field("u8", "reserved0", "zero")
            .field("u16", "reserved1", "zero")
            .field("u64", "pending_flush_start", "start of a deferred flush, or 0")
            .field("u64", "pending_flush_end", "end of a deferred flush; 0 when none is pending")
            .field("u64", "tlb_gen", "generation of the last flush done on this CPU")
            .build();

    /** The part of mm_struct hyperupcalls use. */
    public static final Struct MM_STRUCT = Struct.builder("mm_struct", "Memory descriptor (prefix).")
            .field("u64", "pgd", "guest physical address of the top-level page table")
            .field("u64", "tlb_gen", "flush generation wanted for this mm")
            .field("u64", "cpumask", "address of the bitmap of CPUs that may cache this mm's TLB entries")
            .build();

    /** Header of the guest's trace ring buffer (records follow it). */
    public static final Struct TRACE_RING = Struct.builder("hup_trace_ring", "Guest trace ring buffer header; records follow.")
            .field("u64", "head", "index of the next record to write (monotonic)")
            .field("u64", "tail", "index of the oldest record the guest has not consumed")
            .field("u32", "nr_records", "capacity, a power of two")
            .field("u32", "record_size", "bytes per record")
            .build();

    /** One traced VM exit. */
    public static final Struct VMEXIT_RECORD = Struct.builder("hup_vmexit_record", "A VM exit as the tracing hyperupcall records it.")
            .field("u64", "tsc", "time stamp counter at the exit")
            .field("u32", "vcpu", "vCPU")
            .field("u32", "exit_reason", "HUP_EXIT_*")
            .field("u64", "exit_qualification", "exit qualification")
            .field("u64", "guest_rip", "guest instruction pointer")
            .field("u64", "guest_cr3", "guest page-table root")
            .build();

    public static List<Struct> all() {
        return List.of(PAGE, TLB_STATE, MM_STRUCT, TRACE_RING, VMEXIT_RECORD);
    }
}
