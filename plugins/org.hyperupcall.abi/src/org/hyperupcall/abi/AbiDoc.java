package org.hyperupcall.abi;

/** Generates docs/abi.md from the same definitions as the header, so the two never disagree. */
public final class AbiDoc {
    private AbiDoc() {
    }

    public static String markdown() {
        StringBuilder d = new StringBuilder();
        d.append("# The hyperupcall ABI, version ").append(Header.ABI_VERSION).append("\n\n");
        d.append("The contract between a guest's hyperupcalls and the hypervisor. Generated from `org.hyperupcall.abi` ");
        d.append("(`./huc abi --markdown`), like the header programs include (`./huc abi --header` prints `hyperupcall.h`); ");
        d.append("a test keeps this file equal to what the bundle generates. Fixed: event names, helper ids and names, ");
        d.append("return-code values.\n\n");
        d.append("## Events\n\n| event | kind | when it runs | context | return codes |\n|---|---|---|---|---|\n");
        for (Event e : Event.values()) {
            StringBuilder codes = new StringBuilder();
            for (Event.ReturnCode c : e.returnCodes().values()) {
                codes.append(codes.length() == 0 ? "" : "; ").append('`').append(c.name()).append("` = ").append(c.value())
                        .append(": ").append(c.doc());
            }
            d.append("| `").append(e.id()).append("` | ").append(e.isGlobal() ? "global" : "local").append(" | ").append(e.doc())
                    .append(" | `struct ").append(e.context().name()).append("` | ").append(codes).append(" |\n");
        }
        d.append("\nA program for an event lives in the ELF section `hyperupcall/<event>`. Any r0 at exit other than ");
        d.append("the event's return codes is a verifier error.\n\n");
        d.append("## Contexts\n\nr1 points to the event's context when the program runs. It is read-only; reads must ");
        d.append("cover exactly one field.\n\n");
        for (Event e : Event.values()) {
            table(d, e.context());
        }
        d.append("## Helpers\n\n`call imm` with imm = id. Arguments in r1-r5, result in r0; r1-r5 are clobbered. A helper ");
        d.append("not allowed for the event, or called with arguments the verifier cannot prove valid, is a verifier ");
        d.append("error naming the helper and the argument. A `u32`/`u16`/`u8` parameter is the low bits of its register: ")
                .append("the helper ignores the upper bits (clang passes 64-bit registers without truncating them).\n\n| id | prototype | allowed in | arguments | what it does |\n|---|---|---|---|---|\n");
        for (HelperSpec h : Helpers.all()) {
            StringBuilder kinds = new StringBuilder();
            for (HelperSpec.Param p : h.params()) {
                kinds.append(kinds.length() == 0 ? "" : ", ").append(p.name()).append(": ").append(p.kind().name().toLowerCase());
            }
            d.append("| ").append(h.id()).append(" | `").append(h.prototype()).append("` | ").append(h.localOnly() ? "local" : "all")
                    .append(" | ").append(kinds.length() == 0 ? "none" : kinds).append(" | ").append(h.doc()).append(" |\n");
        }
        d.append("\nArgument kinds: `ptr_to_mem` / `ptr_to_writable_mem`: a pointer into the program's stack or registered ");
        d.append("guest memory, valid for the size given by the following `mem_size` (bytes) or `mem_size_bits` argument; ");
        d.append("`ptr_to_u64` / `ptr_to_u32`: an aligned pointer into registered guest memory; `vcpu`: a vCPU number; ");
        d.append("`scalar`: any initialised value.\n\n");
        d.append("## Limits\n\n");
        d.append("- Global hyperupcalls: at most ").append(Constants.GLOBAL_INSN_LIMIT).append(" instructions, and registered memory ");
        d.append("at most ").append(Constants.GLOBAL_MEMORY_PER_MILLE / 10.0).append("% of guest memory (the paper's limits).\n");
        d.append("- Local hyperupcalls: at most ").append(Constants.DEFAULT_LOCAL_INSN_LIMIT).append(" instructions by default, ");
        d.append("configurable per VM.\n- Stack: 512 bytes per frame, at most 8 frames of bpf-to-bpf calls, no recursion.\n\n");
        d.append("## Registration\n\n`register(event, object, memory)`: `object` is an eBPF ELF object with the program in section ");
        d.append("`hyperupcall/<event>`; `memory` is the list of guest virtual ranges the program may touch. The hypervisor ");
        d.append("resolves the object's extern symbols against the guest's symbol map (each must land inside registered ");
        d.append("memory), verifies the program for the event's program type, JIT-compiles it and returns a handle, or ");
        d.append("refuses with the rule, the instruction and the source line. Unregister by handle.\n\n");
        d.append("## Memory model\n\n- r1 = pointer to the context; r10 = frame pointer of a 512-byte stack.\n");
        d.append("- Registered guest ranges are mapped into the program's address space at their guest virtual addresses. ");
        d.append("A guest pointer is a scalar the verifier proves inside a registered range (or that the compiler masks or ");
        d.append("bounds-checks); an access outside every region is a verifier error, never a host read.\n");
        d.append("- The context is read-only; writing it is an error.\n\n");
        d.append("## Guest structures\n\nThe guest model of the simulator lays its kernel data out with these structures, at ");
        d.append("the addresses of its symbol map (`mem_map`, `cpu_tlbstate`, `init_mm`, the trace ring).\n\n");
        for (Struct s : GuestStructs.all()) {
            table(d, s);
        }
        d.append("## Guest symbol map\n\nThe default guest (`GuestLayout.defaults()`): ").append(GuestLayout.GUEST_MEMORY >> 20);
        d.append(" MiB of RAM, ").append(GuestLayout.NR_CPUS).append(" vCPUs, every symbol in the x86-64 direct map (address = ");
        d.append(String.format("0x%x", GuestLayout.PAGE_OFFSET)).append(" + guest physical address). A program's extern ");
        d.append("symbols resolve to these addresses and their ranges are the memory registered with it; `huc verify ");
        d.append("--symbols FILE` reads another map, one `ADDRESS SIZE NAME [rw]` a line.\n\n");
        d.append("| symbol | address | size | hyperupcalls may | what |\n|---|---|---|---|---|\n");
        for (GuestLayout.Symbol s : GuestLayout.defaults().symbols()) {
            d.append("| `").append(s.name()).append("` | ").append(String.format("0x%x", s.address())).append(" | ")
                    .append(s.size()).append(" | ").append(s.writable() ? "read, write" : "read").append(" | ").append(s.doc())
                    .append(" |\n");
        }
        d.append('\n');
        d.append("## Constants\n\n| name | value | meaning |\n|---|---|---|\n");
        for (Constants.Constant c : Constants.ALL) {
            d.append("| `").append(c.name()).append("` | ").append(c.value()).append(" | ").append(c.doc()).append(" |\n");
        }
        return d.toString();
    }

    private static void table(StringBuilder d, Struct s) {
        d.append("### `struct ").append(s.name()).append("` (").append(s.size()).append(" bytes)\n\n").append(s.doc()).append("\n\n");
        d.append("| offset | type | field | meaning |\n|---|---|---|---|\n");
        for (Field f : s.fields()) {
            d.append("| ").append(f.offset()).append(" | `").append(f.cType()).append("` | `").append(f.name()).append("` | ")
                    .append(f.doc()).append(" |\n");
        }
        d.append('\n');
    }
}
