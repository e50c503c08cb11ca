package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Optional;

import org.hyperupcall.abi.GuestStructs;
import org.hyperupcall.abi.Struct;
import org.hyperupcall.hypervisor.GuestKernel;
import org.hyperupcall.hypervisor.GuestMemory;
import org.hyperupcall.hypervisor.GvaRange;
import org.hyperupcall.hypervisor.PageTables;
import org.junit.jupiter.api.Test;

class TlbStateTest {
    static final Struct TS = GuestStructs.TLB_STATE;
    static final Struct MM = GuestStructs.MM_STRUCT;

    static long field(GuestKernel k, int cpu, String name) {
        long at = GuestMemory.gpa(k.tlbStateAddress(cpu)) + TS.field(name).orElseThrow().offset();
        return k.memory().read(at, TS.field(name).orElseThrow().size());
    }

    static void write(GuestKernel k, int cpu, String name, long value) {
        k.memory().write64(GuestMemory.gpa(k.tlbStateAddress(cpu)) + TS.field(name).orElseThrow().offset(), value);
    }

    @Test
    void createMmGivesAnAddressSpaceThatSharesTheKernelHalf() {
        GuestKernel k = GuestKernel.boot();
        long mm = k.createMm();
        assertNotEquals(0, mm);
        long pgd = k.memory().read64(GuestMemory.gpa(mm) + MM.field("pgd").orElseThrow().offset());
        assertEquals(k.pgd(mm), pgd);
        assertNotEquals(k.kernelPgd(), pgd);
        long data = GuestMemory.directMap(0x0200_0000L);
        assertEquals(0x0200_0000L, k.pageTables().walk(pgd, data), "the direct map is there");
        assertEquals(-1, k.pageTables().walk(pgd, data, false, true), "but not for user mode");
        assertEquals(-1, k.pageTables().walk(pgd, 0x1000));
        assertTrue(k.cpusOf(mm).isEmpty());
        assertNotEquals(mm, k.createMm(), "two mms, two objects");
    }

    @Test
    void switchMmLoadsTheMmAndMovesTheCpuBetweenCpumasks() {
        GuestKernel k = GuestKernel.boot();
        long a = k.createMm();
        long b = k.createMm();
        k.switchMm(5, a);
        assertEquals(a, field(k, 5, "loaded_mm"));
        assertEquals(1, field(k, 5, "loaded_mm_asid"));
        assertEquals(0, field(k, 5, "is_lazy"));
        assertFalse(k.cpusOf(k.initMm()).get(5));
        assertTrue(k.cpusOf(a).get(5));
        k.switchMm(5, b);
        assertEquals(b, field(k, 5, "loaded_mm"));
        assertEquals(2, field(k, 5, "loaded_mm_asid"), "the next ASID");
        assertEquals(BitSet.valueOf(new long[] { 1L << 5 }), k.cpusOf(b));
        assertTrue(k.cpusOf(a).isEmpty());
        assertEquals(GuestKernelBootTest.LAYOUT.symbol("init_mm").orElseThrow().address(), field(k, 6, "loaded_mm"), "other CPUs untouched");
    }

    @Test
    void switchMmCatchesUpWithTheMmsFlushGeneration() {
        GuestKernel k = GuestKernel.boot();
        long mm = k.createMm();
        k.newTlbGen(mm);
        k.newTlbGen(mm);
        k.switchMm(0, mm);
        assertEquals(2, field(k, 0, "tlb_gen"));
        assertEquals(2, k.memory().read64(GuestMemory.gpa(mm) + MM.field("tlb_gen").orElseThrow().offset()));
    }

    @Test
    void aLazyCpuStaysInTheCpumaskAndFlushesOnLeavingOnlyWhenBehind() {
        GuestKernel k = GuestKernel.boot();
        long mm = k.createMm();
        k.switchMm(2, mm);
        k.enterLazy(2);
        assertEquals(1, field(k, 2, "is_lazy"));
        assertTrue(k.cpusOf(mm).get(2));
        assertFalse(k.leaveLazy(2), "nothing changed meanwhile");
        k.enterLazy(2);
        k.newTlbGen(mm);
        assertTrue(k.leaveLazy(2));
        assertEquals(0, field(k, 2, "is_lazy"));
        assertEquals(1, k.tlbGen(2));
    }

    @Test
    void aFlushDeferredByAWriteToTlbStateIsSeenAndTakenOnce() {
        GuestKernel k = GuestKernel.boot();
        long mm = k.createMm();
        k.switchMm(7, mm);
        k.newTlbGen(mm);
        assertEquals(Optional.empty(), k.pendingFlush(7));
        // what the tlb_shootdown hyperupcall does for a preempted vCPU
        write(k, 7, "pending_flush_start", 0x7f00_0000_0000L);
        write(k, 7, "pending_flush_end", 0x7f00_0000_5000L);
        GvaRange r = new GvaRange(0x7f00_0000_0000L, 0x7f00_0000_5000L);
        assertEquals(Optional.of(r), k.pendingFlush(7));
        assertEquals(0, k.tlbGen(7));
        assertEquals(Optional.of(r), k.takePendingFlush(7));
        assertEquals(0, field(k, 7, "pending_flush_start"));
        assertEquals(0, field(k, 7, "pending_flush_end"));
        assertEquals(1, k.tlbGen(7), "the flush brought the CPU up to date");
        assertEquals(Optional.empty(), k.takePendingFlush(7));
        assertEquals(Optional.empty(), k.pendingFlush(8));
    }

    @Test
    void destroyMmFreesItsFramesOnceNoCpuHasItLoaded() {
        GuestKernel k = GuestKernel.boot();
        long mm = k.createMm();
        long free = k.buddy().freeFrames() + k.pageTables().pooledFrames();
        k.pageTables().map(k.pgd(mm), 0x40_0000L, 0x3000_0000L, PageTables.USER);
        k.switchMm(1, mm);
        assertThrows(IllegalStateException.class, () -> k.destroyMm(mm));
        k.switchMm(1, k.initMm());
        k.destroyMm(mm);
        assertEquals(free + 1, k.buddy().freeFrames() + k.pageTables().pooledFrames(), "its pgd and the three tables of the mapping");
        assertThrows(IllegalArgumentException.class, () -> k.switchMm(1, mm));
        assertThrows(IllegalArgumentException.class, () -> k.switchMm(64, k.initMm()));
    }
}
