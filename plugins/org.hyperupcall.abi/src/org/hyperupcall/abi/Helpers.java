package org.hyperupcall.abi;

import static org.hyperupcall.abi.ArgKind.*;

import java.util.List;
import java.util.Optional;

import org.hyperupcall.abi.HelperSpec.Param;

/** The helpers of the ABI. Their ids and names are fixed: programs outside the project call them. */
public final class Helpers {
    private Helpers() {
    }

    private static Param p(String type, String name, ArgKind kind) {
        return new Param(type, name, kind);
    }

    private static final List<HelperSpec> ALL = List.of(
            new HelperSpec(1, "hup_memcpy", "long", List.of(p("void *", "dst", PTR_TO_WRITABLE_MEM), p("const void *", "src", PTR_TO_MEM),
                    p("u32", "len", MEM_SIZE)), false,
                    "Copies len bytes between the stack and registered memory. Returns 0."),
            new HelperSpec(2, "hup_memset", "long", List.of(p("void *", "dst", PTR_TO_WRITABLE_MEM), p("u8", "c", SCALAR),
                    p("u32", "len", MEM_SIZE)), false,
                    "Fills len bytes with c. Returns 0."),
            new HelperSpec(3, "hup_cmpxchg", "u64", List.of(p("u64 *", "p", PTR_TO_U64), p("u64", "old", SCALAR),
                    p("u64", "new", SCALAR)), false,
                    "Atomic compare-and-swap on registered guest memory: *p = new if *p == old. Returns the old value of *p."),
            new HelperSpec(4, "hup_send_vcpu_ipi", "long", List.of(p("u32", "vcpu", VCPU), p("u32", "vector", SCALAR)), true,
                    "Asks the hypervisor to deliver an IPI with this vector to a vCPU. Returns 0, or -1 for a vCPU that does not exist."),
            new HelperSpec(5, "hup_get_vcpu_reg", "u64", List.of(p("u32", "vcpu", VCPU), p("u32", "reg", SCALAR)), true,
                    "Reads register reg (HUP_REG_*) of a vCPU; a remote vCPU is read at a synchronization point."),
            new HelperSpec(6, "hup_set_vcpu_reg", "long", List.of(p("u32", "reg", SCALAR), p("u64", "value", SCALAR)), true,
                    "Writes register reg (HUP_REG_*) of the current vCPU only. Returns 0, or -1 for an unknown register."),
            new HelperSpec(7, "hup_flush_tlb_vcpu", "long", List.of(p("u32", "vcpu", VCPU)), true,
                    "Has the hypervisor flush that vCPU's TLB before it next runs. Returns 0."),
            new HelperSpec(8, "hup_vcpu_is_running", "long", List.of(p("u32", "vcpu", VCPU)), false,
                    "1 if the vCPU is on a physical CPU, 0 if it is preempted or halted."),
            new HelperSpec(9, "hup_spin_trylock", "long", List.of(p("u32 *", "lock", PTR_TO_U32)), false,
                    "Takes a guest OS spinlock word in registered memory if it is free. Returns 1 when taken, 0 when busy."),
            new HelperSpec(10, "hup_spin_unlock", "long", List.of(p("u32 *", "lock", PTR_TO_U32)), false,
                    "Releases a guest OS spinlock word taken with hup_spin_trylock. Returns 0."),
            new HelperSpec(11, "hup_find_next_bit", "u64", List.of(p("const u64 *", "bitmap", PTR_TO_MEM), p("u64", "size", MEM_SIZE_BITS),
                    p("u64", "offset", SCALAR)), false,
                    "Index of the first set bit at or after offset in a bitmap of size bits (cpumasks); size if there is none. Replaces a loop."),
            new HelperSpec(12, "hup_ktime_ns", "u64", List.of(), false,
                    "The hypervisor's clock, in nanoseconds."),
            new HelperSpec(13, "hup_trace", "long", List.of(p("const void *", "rec", PTR_TO_MEM), p("u32", "len", MEM_SIZE)), false,
                    "Appends a record of len bytes to the hypervisor's trace stream. Returns 0."));

    /** Every helper, by id. */
    public static List<HelperSpec> all() {
        return ALL;
    }

    public static Optional<HelperSpec> byId(long id) {
        return ALL.stream().filter(h -> h.id() == id).findFirst();
    }

    public static Optional<HelperSpec> byName(String name) {
        return ALL.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
