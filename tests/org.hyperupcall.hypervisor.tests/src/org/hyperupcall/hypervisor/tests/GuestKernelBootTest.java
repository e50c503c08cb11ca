package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.abi.GuestStructs;
import org.hyperupcall.abi.Struct;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.interp.Interpreter;
import org.hyperupcall.ebpf.vm.ExecOptions;
import org.hyperupcall.ebpf.vm.Executable;
import org.hyperupcall.ebpf.vm.HelperTable;
import org.hyperupcall.ebpf.vm.MemoryMap;
import org.hyperupcall.hypervisor.GuestKernel;
import org.hyperupcall.hypervisor.GuestMemory;
import org.hyperupcall.hypervisor.PageTables;
import org.junit.jupiter.api.Test;

class GuestKernelBootTest {
    static final GuestLayout LAYOUT = GuestLayout.defaults();

    static long gpa(String symbol) {
        return GuestMemory.gpa(LAYOUT.symbol(symbol).orElseThrow().address());
    }

    static int off(Struct s, String field) {
        return s.field(field).orElseThrow().offset();
    }

    @Test
    void bootWritesTheKernelRangeVariables() {
        GuestKernel k = GuestKernel.boot();
        assertEquals(GuestLayout.KERNEL_TEXT_PHYS, k.memory().read64(gpa("kernel_text_start")));
        assertEquals(GuestLayout.KERNEL_RODATA_END_PHYS, k.memory().read64(gpa("kernel_rodata_end")));
    }

    @Test
    void bootWritesAnEmptyTraceRingHeader() {
        GuestKernel k = GuestKernel.boot();
        long ring = gpa("trace_ring");
        Struct r = GuestStructs.TRACE_RING;
        assertEquals(0, k.memory().read64(ring + off(r, "head")));
        assertEquals(0, k.memory().read64(ring + off(r, "tail")));
        assertEquals(GuestLayout.TRACE_RECORDS, k.memory().read(ring + off(r, "nr_records"), 4));
        assertEquals(GuestStructs.VMEXIT_RECORD.size(), k.memory().read(ring + off(r, "record_size"), 4));
    }

    @Test
    void everyCpuStartsOnInitMmNotLazyWithNoPendingFlush() {
        GuestKernel k = GuestKernel.boot();
        long initMm = LAYOUT.symbol("init_mm").orElseThrow().address();
        Struct t = GuestStructs.TLB_STATE;
        for (int cpu = 0; cpu < GuestLayout.NR_CPUS; cpu++) {
            long ts = gpa("cpu_tlbstate") + (long) cpu * Constants.PERCPU_STRIDE;
            assertEquals(initMm, k.memory().read64(ts + off(t, "loaded_mm")), "CPU " + cpu);
            assertEquals(0, k.memory().read(ts + off(t, "is_lazy"), 1));
            assertEquals(0, k.memory().read64(ts + off(t, "pending_flush_start")));
            assertEquals(0, k.memory().read64(ts + off(t, "pending_flush_end")));
        }
        assertEquals(GuestLayout.NR_CPUS, k.cpusOf(initMm).cardinality());
    }

    @Test
    void initMmsPgdMapsTextReadOnlyRodataNoExecuteAndDataWritable() {
        GuestKernel k = GuestKernel.boot();
        long pgd = k.memory().read64(gpa("init_mm") + off(GuestStructs.MM_STRUCT, "pgd"));
        assertEquals(k.kernelPgd(), pgd);
        PageTables pt = k.pageTables();
        long text = GuestMemory.directMap(GuestLayout.KERNEL_TEXT_PHYS + 0x1234);
        long rodata = GuestMemory.directMap(GuestKernel.KERNEL_TEXT_END_PHYS + 8);
        long data = LAYOUT.symbol("cpu_tlbstate").orElseThrow().address();

        PageTables.Mapping t = pt.translate(pgd, text).orElseThrow();
        assertEquals(GuestLayout.KERNEL_TEXT_PHYS + 0x1234, t.gpa());
        assertFalse(t.writable());
        assertTrue(t.executable());
        assertFalse(t.user());
        PageTables.Mapping r = pt.translate(pgd, rodata).orElseThrow();
        assertFalse(r.writable());
        assertFalse(r.executable());
        PageTables.Mapping d = pt.translate(pgd, data).orElseThrow();
        assertEquals(GuestMemory.gpa(data), d.gpa());
        assertTrue(d.writable());
        assertFalse(d.executable());
        assertEquals(-1, pt.walk(pgd, text, true, false), "no write to text");
        assertEquals(-1, pt.walk(pgd, data, false, true), "no user access to kernel data");
        assertEquals(-1, pt.walk(pgd, 0x1000), "the user half is empty");
    }

    @Test
    void framesTheKernelUsesAreReservedWithOneReference() {
        GuestKernel k = GuestKernel.boot();
        long memMapEnd = gpa("mem_map") + LAYOUT.symbol("mem_map").orElseThrow().size();
        int firstFree = k.buddy().firstFree();
        assertEquals(memMapEnd / Constants.PAGE_SIZE, firstFree, "everything below the end of mem_map is reserved");
        for (int gfn : new int[] { 0, (int) (GuestLayout.KERNEL_TEXT_PHYS / Constants.PAGE_SIZE), (int) (gpa("init_mm") / Constants.PAGE_SIZE),
                (int) (gpa("mem_map") / Constants.PAGE_SIZE), firstFree - 1 }) {
            assertTrue(k.memMap().test(gfn, Constants.PG_RESERVED), "gfn " + gfn);
            assertFalse(k.memMap().test(gfn, Constants.PG_BUDDY), "gfn " + gfn);
            assertEquals(1, k.memMap().refcount(gfn));
        }
        for (long table : k.pageTables().tables(k.kernelPgd(), true)) {
            int gfn = (int) (table / Constants.PAGE_SIZE);
            assertTrue(k.memMap().test(gfn, Constants.PG_RESERVED), "kernel page table at gfn " + gfn);
            assertEquals(1, k.memMap().refcount(gfn));
        }
        assertEquals(3, k.pageTables().tables(k.kernelPgd(), true).size(), "PML4, PDPT, one PD of 2 MiB pages");
        int last = GuestLayout.GUEST_FRAMES - 1;
        assertTrue(k.memMap().test(last, Constants.PG_BUDDY));
        assertEquals(0, k.memMap().refcount(last));
        assertEquals(List.of(), k.buddy().check());
    }

    @Test
    void bootStaysSparseAndFast() {
        GuestKernel.boot(); // warm-up
        long t0 = System.nanoTime();
        GuestKernel k = GuestKernel.boot();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, "boot took " + ms + " ms");
        long memMap = LAYOUT.symbol("mem_map").orElseThrow().size();
        assertTrue(k.memory().resident() <= memMap + (8 << 20),
                "resident " + (k.memory().resident() >> 20) + " MiB after boot, mem_map is " + (memMap >> 20) + " MiB");
    }

    @Test
    void aPageReclaimProgramReadsTheFreeFlagTheAllocatorWrites() throws Exception {
        GuestKernel k = GuestKernel.boot();
        GuestLayout.Symbol memMap = LAYOUT.symbol("mem_map").orElseThrow();
        // discard_free.huc by hand: r1 = gfn; free iff PG_BUDDY and refcount == 0
        String asm = String.join("\n",
                "if r1 >= " + GuestLayout.GUEST_FRAMES + " goto in_use",
                "r1 <<= 6",
                "r2 = 0x" + Long.toHexString(memMap.address()) + " ll",
                "r2 += r1",
                "r3 = *(u64 *)(r2 + " + off(GuestStructs.PAGE, "flags") + ")",
                "r3 >>= " + Constants.PG_BUDDY,
                "r3 &= 1",
                "if r3 == 0 goto in_use",
                "r3 = *(u32 *)(r2 + " + off(GuestStructs.PAGE, "refcount") + ")",
                "if r3 != 0 goto in_use",
                "r0 = 1",
                "exit",
                "in_use:",
                "r0 = 0",
                "exit");
        Executable prog = new Interpreter().prepare(Assembler.assemble("discard_free", asm), HelperTable.empty(), ExecOptions.defaults());
        MemoryMap mem = new MemoryMap();
        k.memory().regions("mem_map", memMap.address(), memMap.size(), false).forEach(mem::add);

        int gfn = k.buddy().allocPages(0);
        assertEquals(0, prog.run(mem, gfn, 0, 0, 0, 0).r0(), "allocated");
        assertEquals(1, prog.run(mem, gfn + 1, 0, 0, 0, 0).r0(), "its buddy, split off and free");
        assertEquals(0, prog.run(mem, 0, 0, 0, 0, 0).r0(), "reserved");
        k.buddy().freePages(gfn, 0);
        assertEquals(1, prog.run(mem, gfn, 0, 0, 0, 0).r0(), "freed");
    }
}
