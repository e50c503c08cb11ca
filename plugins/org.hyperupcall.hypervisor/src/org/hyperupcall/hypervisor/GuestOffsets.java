package org.hyperupcall.hypervisor;

import org.hyperupcall.abi.GuestStructs;
import org.hyperupcall.abi.Struct;

/** Byte offsets of the ABI structures' fields the guest model writes, read once from {@link GuestStructs}. */
final class GuestOffsets {
    private GuestOffsets() {
    }

    static final int PAGE_SIZE_BYTES = GuestStructs.PAGE.size();
    static final int PAGE_FLAGS = of(GuestStructs.PAGE, "flags");
    static final int PAGE_MAPPING = of(GuestStructs.PAGE, "mapping");
    static final int PAGE_INDEX = of(GuestStructs.PAGE, "index");
    static final int PAGE_PRIVATE = of(GuestStructs.PAGE, "private");
    static final int PAGE_MAPCOUNT = of(GuestStructs.PAGE, "mapcount");
    static final int PAGE_REFCOUNT = of(GuestStructs.PAGE, "refcount");

    static final int TLB_LOADED_MM = of(GuestStructs.TLB_STATE, "loaded_mm");
    static final int TLB_LOADED_MM_ASID = of(GuestStructs.TLB_STATE, "loaded_mm_asid");
    static final int TLB_NEXT_ASID = of(GuestStructs.TLB_STATE, "next_asid");
    static final int TLB_IS_LAZY = of(GuestStructs.TLB_STATE, "is_lazy");
    static final int TLB_PENDING_START = of(GuestStructs.TLB_STATE, "pending_flush_start");
    static final int TLB_PENDING_END = of(GuestStructs.TLB_STATE, "pending_flush_end");
    static final int TLB_GEN = of(GuestStructs.TLB_STATE, "tlb_gen");

    static final int MM_PGD = of(GuestStructs.MM_STRUCT, "pgd");
    static final int MM_TLB_GEN = of(GuestStructs.MM_STRUCT, "tlb_gen");
    static final int MM_CPUMASK = of(GuestStructs.MM_STRUCT, "cpumask");

    static final int RING_HEAD = of(GuestStructs.TRACE_RING, "head");
    static final int RING_TAIL = of(GuestStructs.TRACE_RING, "tail");
    static final int RING_NR_RECORDS = of(GuestStructs.TRACE_RING, "nr_records");
    static final int RING_RECORD_SIZE = of(GuestStructs.TRACE_RING, "record_size");

    static final int REC_SIZE = GuestStructs.VMEXIT_RECORD.size();
    static final int REC_TSC = of(GuestStructs.VMEXIT_RECORD, "tsc");
    static final int REC_VCPU = of(GuestStructs.VMEXIT_RECORD, "vcpu");
    static final int REC_EXIT_REASON = of(GuestStructs.VMEXIT_RECORD, "exit_reason");
    static final int REC_QUALIFICATION = of(GuestStructs.VMEXIT_RECORD, "exit_qualification");
    static final int REC_RIP = of(GuestStructs.VMEXIT_RECORD, "guest_rip");
    static final int REC_CR3 = of(GuestStructs.VMEXIT_RECORD, "guest_cr3");

    private static int of(Struct s, String field) {
        return s.field(field).orElseThrow(() -> new IllegalStateException("struct " + s.name() + " has no field " + field)).offset();
    }
}
