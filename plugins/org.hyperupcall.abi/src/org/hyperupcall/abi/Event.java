package org.hyperupcall.abi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The hypervisor events a hyperupcall can be registered for. Names, return codes and the meaning
 * of each are fixed by the ABI: programs and tools outside the project depend on them.
 */
public enum Event {
    TLB_SHOOTDOWN("tlb_shootdown", false,
            "A guest vCPU sends a TLB-flush IPI to a vCPU that is not running.",
            Struct.builder("hup_tlb_shootdown_ctx", "Context of tlb_shootdown.")
                    .field("u32", "sender_vcpu", "vCPU that sends the flush IPI")
                    .field("u32", "target_vcpu", "vCPU the IPI is for (not running)")
                    .field("u32", "vector", "interrupt vector of the IPI")
                    .field("u32", "reserved", "zero")
                    .field("u64", "flush_start", "first guest virtual address to flush")
                    .field("u64", "flush_end", "end (exclusive) of the range to flush; ~0 for a full flush")
                    .build(),
            codes("HUP_DEFAULT", 0, "deliver the IPI normally", "HUP_HANDLED", 1,
                    "flush deferred to the target's next entry, IPI completed at once")),
    PAGE_RECLAIM("page_reclaim", true,
            "Host memory pressure: the hypervisor proposes guest frames to reclaim.",
            Struct.builder("hup_page_reclaim_ctx", "Context of page_reclaim.")
                    .field("u64", "gfn", "guest frame number proposed for reclaim")
                    .field("u64", "nr_pages", "number of consecutive frames")
                    .build(),
            codes("HUP_PAGE_IN_USE", 0, "swap the frame out as usual", "HUP_PAGE_FREE", 1,
                    "the guest does not use the frame: drop it, no swap I/O")),
    VM_EXIT("vm_exit", false,
            "Every VM exit of a vCPU.",
            Struct.builder("hup_vm_exit_ctx", "Context of vm_exit.")
                    .field("u32", "vcpu", "vCPU that exited")
                    .field("u32", "exit_reason", "basic exit reason (HUP_EXIT_*)")
                    .field("u64", "exit_qualification", "exit qualification")
                    .field("u64", "guest_rip", "guest instruction pointer")
                    .field("u64", "guest_cr3", "guest page-table root")
                    .field("u64", "tsc", "time stamp counter at the exit")
                    .build(),
            codes("HUP_DEFAULT", 0, "continue normally", "HUP_VIOLATION", 1,
                    "self-protection violation: the hypervisor reports it and stops the vCPU")),
    PAGE_MAPPING("page_mapping", false,
            "The hypervisor maps a guest frame (EPT fault), or the guest changes a page-table entry that maps kernel memory.",
            Struct.builder("hup_page_mapping_ctx", "Context of page_mapping.")
                    .field("u32", "vcpu", "vCPU whose access or page-table write caused the event")
                    .field("u32", "access", "HUP_ACCESS_READ | HUP_ACCESS_WRITE | HUP_ACCESS_EXEC")
                    .field("u64", "gpa", "guest physical address being mapped")
                    .field("u64", "gva", "guest virtual address, when known (else 0)")
                    .build(),
            codes("HUP_ALLOW", 0, "map the frame", "HUP_DENY", 1, "refuse the mapping"));

    /** A value r0 may hold at exit, with its name and meaning. */
    public record ReturnCode(String name, long value, String doc) {
    }

    private final String id;
    private final boolean global;
    private final String doc;
    private final Struct context;
    private final Map<Long, ReturnCode> returnCodes;

    Event(String id, boolean global, String doc, Struct context, Map<Long, ReturnCode> returnCodes) {
        this.id = id;
        this.global = global;
        this.doc = doc;
        this.context = context;
        this.returnCodes = returnCodes;
    }

    private static Map<Long, ReturnCode> codes(String n0, long v0, String d0, String n1, long v1, String d1) {
        Map<Long, ReturnCode> m = new LinkedHashMap<>();
        m.put(v0, new ReturnCode(n0, v0, d0));
        m.put(v1, new ReturnCode(n1, v1, d1));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The name used in section names ({@code hyperupcall/<id>}), on the command line and in scenarios. */
    public String id() {
        return id;
    }

    /** Global hyperupcalls are not tied to a vCPU; the paper's stricter limits apply to them. */
    public boolean isGlobal() {
        return global;
    }

    public String doc() {
        return doc;
    }

    /** The structure r1 points to when the program runs (read-only). */
    public Struct context() {
        return context;
    }

    /** The values r0 may hold at exit, by value. */
    public Map<Long, ReturnCode> returnCodes() {
        return returnCodes;
    }

    /** The ELF section a program for this event lives in. */
    public String section() {
        return "hyperupcall/" + id;
    }

    public static Optional<Event> byId(String id) {
        for (Event e : values()) {
            if (e.id.equals(id)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The event of an ELF section name {@code hyperupcall/<id>}, if it names one. */
    public static Optional<Event> bySection(String section) {
        return section.startsWith("hyperupcall/") ? byId(section.substring("hyperupcall/".length())) : Optional.empty();
    }
}
