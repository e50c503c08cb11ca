package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.RegistrationRule;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.elf.ElfWriter;
import org.hyperupcall.hypervisor.CostModel;
import org.hyperupcall.hypervisor.GuestMemory;
import org.hyperupcall.hypervisor.Hyperupcall;
import org.hyperupcall.hypervisor.Registry;
import org.hyperupcall.hypervisor.Vm;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.verifier.MemoryRange;
import org.junit.jupiter.api.Test;

/** Registration as the ABI says: what is accepted, what is refused and why, and what a faulting hyperupcall does. */
class RegistrationTest {
    private static final Path REPO = Path.of(System.getProperty("hyperupcall.repo", "../..")).toAbsolutePath().normalize();

    static Vm vm() {
        return new Vm(4, 2, new GuestMemory(1L << 30), GuestLayout.defaults(), CostModel.defaults(), EngineKind.JIT, 1);
    }

    static byte[] compile(String file, String text) {
        Compilation c = Compiler.compile(file, text);
        assertTrue(c.ok(), () -> c.diagnostics().toString());
        return c.elf();
    }

    static byte[] example(String name) throws Exception {
        Path p = REPO.resolve("examples/huc").resolve(name);
        return compile(p.toString(), Files.readString(p));
    }

    static MemoryRange range(String symbol) {
        GuestLayout.Symbol s = GuestLayout.defaults().symbol(symbol).orElseThrow();
        return new MemoryRange(s.name(), s.address(), s.size(), s.writable());
    }

    static byte[] assembled(String section, String asm) throws Exception {
        return new ElfWriter().add(section, Assembler.assemble("t.s", asm)).toBytes();
    }

    @Test
    void theDiscardExampleIsAcceptedWithMemMapRegistered() throws Exception {
        Registry.Registration r = vm().registry().register(Event.PAGE_RECLAIM, "discard_free.o", example("discard_free.huc"),
                List.of(range("mem_map")));
        assertTrue(r.accepted(), () -> r.refusal().format());
        assertEquals(Event.PAGE_RECLAIM, r.hyperupcall().event());
    }

    @Test
    void aGlobalProgramOverFourThousandInstructionsIsRefused() throws Exception {
        StringBuilder asm = new StringBuilder();
        for (int i = 0; i < 4100; i++) {
            asm.append("mov %r0, 0\n");
        }
        asm.append("exit\n");
        Registry.Registration r = vm().registry().register(Event.PAGE_RECLAIM, "long.o", assembled("hyperupcall/page_reclaim", asm.toString()),
                List.of());
        assertFalse(r.accepted());
        assertEquals("HUV-INSN-LIMIT", r.refusal().rule(), r.refusal().format());
        assertTrue(r.refusal().message().contains("4096"), r.refusal().format());
    }

    @Test
    void aGlobalProgramRegisteringMoreThanTwoPercentOfGuestMemoryIsRefused() throws Exception {
        List<MemoryRange> ranges = new ArrayList<>(List.of(range("mem_map")));
        ranges.add(new MemoryRange("extra", GuestLayout.PAGE_OFFSET + 0x2000_0000L, 8 << 20, false));
        Registry.Registration r = vm().registry().register(Event.PAGE_RECLAIM, "discard_free.o", example("discard_free.huc"), ranges);
        assertFalse(r.accepted());
        assertEquals(RegistrationRule.MEMORY.id(), r.refusal().rule());
        assertTrue(r.refusal().message().contains("2%"), r.refusal().format());
    }

    @Test
    void anExternTheGuestDoesNotDefineIsRefused() {
        byte[] o = compile("u.huc", "#include \"hyperupcall.h\"\nextern const u64 no_such_symbol;\nSEC(\"hyperupcall/vm_exit\")\n"
                + "long f(struct hup_vm_exit_ctx *ctx) { return no_such_symbol == 1; }\n");
        Registry.Registration r = vm().registry().register(Event.VM_EXIT, "u.o", o, List.of());
        assertFalse(r.accepted());
        assertEquals(RegistrationRule.SYMBOL.id(), r.refusal().rule());
        assertTrue(r.refusal().message().contains("no_such_symbol"), r.refusal().format());
    }

    @Test
    void anExternOutsideTheRegisteredMemoryIsRefused() throws Exception {
        Registry.Registration r = vm().registry().register(Event.PAGE_RECLAIM, "discard_free.o", example("discard_free.huc"),
                List.of(range("trace_ring")));
        assertFalse(r.accepted());
        assertEquals(RegistrationRule.SYMBOL_OUTSIDE.id(), r.refusal().rule());
        assertTrue(r.refusal().message().contains("mem_map"), r.refusal().format());
    }

    @Test
    void aHelperTheEventDoesNotAllowIsRefused() throws Exception {
        byte[] o = assembled("hyperupcall/page_reclaim", "mov %r1, 0\ncall 7\nmov %r0, 0\nexit\n");
        Registry.Registration r = vm().registry().register(Event.PAGE_RECLAIM, "h.o", o, List.of());
        assertFalse(r.accepted());
        assertEquals("HUV-HELPER", r.refusal().rule(), r.refusal().format());
        assertTrue(r.refusal().message().contains("hup_flush_tlb_vcpu"), r.refusal().format());
        assertEquals(1, r.refusal().insn());
    }

    @Test
    void anObjectWithoutAProgramForTheEventIsRefused() throws Exception {
        Registry.Registration r = vm().registry().register(Event.TLB_SHOOTDOWN, "discard_free.o", example("discard_free.huc"),
                List.of(range("mem_map")));
        assertEquals(RegistrationRule.OBJECT.id(), r.refusal().rule());
        Registry.Registration garbage = vm().registry().register(Event.VM_EXIT, "junk.o", new byte[] {1, 2, 3}, List.of());
        assertEquals(RegistrationRule.OBJECT.id(), garbage.refusal().rule());
    }

    @Test
    void aVerifierRejectionNamesTheSourceLine() {
        byte[] o = compile("peek.huc", "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/page_mapping\")\n"
                + "long f(struct hup_page_mapping_ctx *ctx) {\n    u64 v = *(u64 *) ctx->gpa;\n    return v == 1;\n}\n");
        Registry.Registration r = vm().registry().register(Event.PAGE_MAPPING, "peek.o", o, List.of());
        assertFalse(r.accepted());
        assertEquals("HUV-MEM-BOUNDS", r.refusal().rule());
        assertEquals(4, r.refusal().line(), r.refusal().format());
        assertEquals("peek.huc", r.refusal().file());
    }

    @Test
    void aHyperupcallOverItsBudgetFaultsAndTheFaultIsReportedWithItsLine() {
        byte[] o = compile("busy.huc", "#include \"hyperupcall.h\"\nSEC(\"hyperupcall/vm_exit\")\nlong f(struct hup_vm_exit_ctx *ctx) {\n"
                + "    u64 s = 0;\n    for (u32 i = 0; i < 1000; i++)\n        s += i ^ ctx->tsc;\n    return s == 7;\n}\n");
        Vm vm = vm();
        Registry.Registration r = vm.registry().budget(500).register(Event.VM_EXIT, "busy.o", o, List.of());
        assertTrue(r.accepted(), () -> r.refusal().format());
        Hyperupcall h = r.hyperupcall();
        Hyperupcall.Outcome out = h.invoke(0);
        assertFalse(out.ok());
        assertEquals(1, h.faults());
        assertNotNull(h.lastFault());
        assertTrue(h.lastFault().startsWith("busy.huc:"), h.lastFault());
        assertTrue(h.lastFault().contains("budget"), h.lastFault());
        Hyperupcall.Outcome again = h.invoke(0);
        assertFalse(again.ok());
        assertEquals(2, h.invocations());
    }

    @Test
    void aTrialRunsAProgramTheVerifierRejectsAndShowsWhereItFaultsWithoutAttachingIt() throws Exception {
        // reads guest memory at the context's guest_rip when exit_reason is 48: rejected (HUV-MEM-BOUNDS)
        byte[] object = assembled("hyperupcall/vm_exit", "ldxw %r2, [%r1+4]\nmov %r0, 0\njne %r2, 48, out\nldxdw %r3, [%r1+16]\n"
                + "ldxdw %r0, [%r3+0]\nmov %r0, 0\nout:\nexit\n");
        Vm vm = vm();
        assertFalse(vm.registry().register(Event.VM_EXIT, "rip.o", object, List.of()).accepted(), "the verifier rejects it");
        byte[] context = new byte[Event.VM_EXIT.context().size()];
        context[4] = 48;
        Registry.Registration.Trial t = vm.registry().trial(Event.VM_EXIT, "rip.o", object, context, 0);
        assertNotNull(t.outcome(), () -> t.refusal().format());
        assertFalse(t.outcome().ok());
        assertEquals(4, t.outcome().faultInsn(), t.outcome().fault());
        assertTrue(t.outcome().fault().contains("out-of-bounds"), t.outcome().fault());
        assertEquals(null, vm.hyperupcall(Event.VM_EXIT), "a trial is never attached");
        context[4] = 47;
        Registry.Registration.Trial other = Registry.trialInDefaultGuest(Event.VM_EXIT, "rip.o", object, context);
        assertTrue(other.outcome().ok(), "another exit reason takes the other path: " + other.outcome());
        assertEquals(-1, other.outcome().faultInsn());
    }
}
