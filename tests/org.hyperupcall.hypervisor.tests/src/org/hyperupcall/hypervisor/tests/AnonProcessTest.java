package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.abi.GuestStructs;
import org.hyperupcall.hypervisor.AnonProcess;
import org.hyperupcall.hypervisor.GuestKernel;
import org.hyperupcall.hypervisor.GuestMemory;
import org.hyperupcall.hypervisor.GvaRange;
import org.hyperupcall.hypervisor.MemMap;
import org.junit.jupiter.api.Test;

class AnonProcessTest {
    static final int PAGE = Constants.PAGE_SIZE;

    /** Frames free or pooled for page tables. */
    static long available(GuestKernel k) {
        return k.buddy().freeFrames() + k.pageTables().pooledFrames();
    }

    @Test
    void mappedPagesAreUserPagesWhoseStructPagesSayAnonymousAndInUse() {
        GuestKernel k = GuestKernel.boot();
        AnonProcess p = k.createProcess().orElseThrow();
        long start = p.map(8);
        assertEquals(AnonProcess.MMAP_BASE, start);
        MemMap memMap = k.memMap();
        for (int i = 0; i < 8; i++) {
            long gva = start + (long) i * PAGE;
            long gpa = k.pageTables().walk(p.pgd(), gva, true, true);
            assertTrue(gpa > 0, "user-writable");
            int gfn = (int) (gpa / PAGE);
            assertFalse(memMap.test(gfn, Constants.PG_BUDDY));
            assertEquals(1, memMap.refcount(gfn));
            assertEquals(0, memMap.mapcount(gfn), "one mapping");
            assertNotEquals(0, memMap.mapping(gfn));
            assertEquals(gva / PAGE, memMap.index(gfn));
        }
        assertEquals(8, p.residentPages());
        assertEquals(List.of(new GvaRange(start, start + 8L * PAGE)), p.mappings());
        assertEquals(List.of(), k.buddy().check());
    }

    @Test
    void unmapFreesTheFramesAndReturnsTheRangeToFlush() {
        GuestKernel k = GuestKernel.boot();
        AnonProcess p = k.createProcess().orElseThrow();
        long start = p.map(16);
        int gfn = (int) (k.pageTables().walk(p.pgd(), start + 4L * PAGE) / PAGE);
        long gen = k.mmTlbGen(p.mm());

        GvaRange flush = p.unmap(start + 4L * PAGE, 3);
        assertEquals(new GvaRange(start + 4L * PAGE, start + 7L * PAGE), flush);
        assertEquals(gen + 1, k.mmTlbGen(p.mm()));
        assertEquals(-1, k.pageTables().walk(p.pgd(), start + 4L * PAGE));
        assertTrue(k.memMap().test(gfn, Constants.PG_BUDDY), "the freed frame reads free");
        assertEquals(0, k.memMap().refcount(gfn));
        assertEquals(13, p.residentPages());
        assertEquals(List.of(new GvaRange(start, start + 4L * PAGE), new GvaRange(start + 7L * PAGE, start + 16L * PAGE)), p.mappings());

        assertTrue(p.unmap(start + 4L * PAGE, 3).isEmpty(), "nothing left there to flush");
        assertEquals(gen + 1, k.mmTlbGen(p.mm()));
        assertEquals(List.of(), k.buddy().check());
    }

    @Test
    void exitGivesBackEveryFrameButTheMmSlab() {
        GuestKernel k = GuestKernel.boot();
        long free = available(k);
        AnonProcess p = k.createProcess().orElseThrow();
        p.map(700);
        p.map(3);
        p.unmap(p.mappings().get(0));
        p.map(1);
        p.exit();
        assertEquals(free - 1, available(k), "one slab page holds the freed mm_struct");
        assertEquals(List.of(), k.buddy().check());
        AnonProcess q = k.createProcess().orElseThrow();
        assertEquals(free - 2, available(k), "the slab is reused: only the pgd is new");
        assertEquals(p.mm(), q.mm());
    }

    @Test
    void mappingMoreThanGuestMemoryFailsAndLeavesNothingMapped() {
        GuestLayout layout = GuestLayout.defaults();
        GuestKernel k = GuestKernel.boot(new GuestMemory(GuestLayout.GUEST_MEMORY), layout);
        AnonProcess p = k.createProcess().orElseThrow();
        long free = k.buddy().freeFrames();
        assertEquals(-1, p.map((int) free + 1));
        assertEquals(0, p.residentPages());
        assertEquals(List.of(), p.mappings());
        assertTrue(k.memory().resident() < (64L << 20), "zeroing untouched frames keeps memory sparse: "
                + (k.memory().resident() >> 20) + " MiB");
        assertEquals(List.of(), k.buddy().check());
        assertTrue(available(k) > free - 1000, "only page tables stay allocated");
        assertEquals(GuestStructs.PAGE.size(), MemMap.STRUCT_PAGE_SIZE);
    }
}
