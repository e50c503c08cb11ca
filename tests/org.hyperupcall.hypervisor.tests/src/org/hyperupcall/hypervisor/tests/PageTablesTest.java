package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.hypervisor.GuestKernel;
import org.hyperupcall.hypervisor.GuestMemory;
import org.hyperupcall.hypervisor.PageTables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PageTablesTest {
    static final long GVA = 0x0000_5555_1234_5000L;
    static final long GPA = 0x2000_0000L;

    GuestKernel k;
    PageTables pt;
    /** A new, empty address space. */
    long pgd;

    @BeforeEach
    void boot() {
        k = GuestKernel.boot();
        pt = k.pageTables();
        pgd = pt.newTable();
    }

    @Test
    void aMappedPageWalksToItsFrameWithItsOffset() {
        assertTrue(pt.map(pgd, GVA, GPA, PageTables.USER | PageTables.WRITABLE));
        assertEquals(GPA, pt.walk(pgd, GVA));
        assertEquals(GPA + 0x123, pt.walk(pgd, GVA + 0x123));
        assertEquals(4, pt.tables(pgd, false).size(), "PML4, PDPT, PD, PT");
    }

    @Test
    void theTablesAreInGuestMemoryInTheX86Format() {
        GuestMemory m = k.memory();
        pt.map(pgd, GVA, GPA, PageTables.USER | PageTables.NX);
        long e = pgd;
        for (int level = 4; level >= 1; level--) {
            int index = (int) (GVA >>> (12 + 9 * (level - 1)) & 511);
            e = m.read64((e & PageTables.ADDRESS_MASK) + index * 8L);
            assertEquals(1, e & 1, "present at level " + level);
            assertEquals(4, e & 4, "user at level " + level);
        }
        assertEquals(GPA | 1 | 4 | 1L << 63, e, "leaf: present, user, read-only, NX");
    }

    @Test
    void accessChecksFollowWritableUserAndNoExecute() {
        pt.map(pgd, GVA, GPA, PageTables.USER);
        pt.map(pgd, GVA + 0x1000, GPA + 0x1000, PageTables.WRITABLE);
        assertEquals(GPA, pt.walk(pgd, GVA, false, true));
        assertEquals(-1, pt.walk(pgd, GVA, true, true), "read-only page");
        assertEquals(GPA + 0x1000, pt.walk(pgd, GVA + 0x1000, true, false));
        assertEquals(-1, pt.walk(pgd, GVA + 0x1000, false, true), "supervisor page");
        assertTrue(pt.translate(pgd, GVA).orElseThrow().executable());
    }

    @Test
    void anUnmappedOrNonCanonicalAddressMisses() {
        assertEquals(-1, pt.walk(pgd, GVA));
        pt.map(pgd, GVA, GPA, PageTables.USER);
        assertEquals(-1, pt.walk(pgd, GVA + 0x1000), "same page table, next entry");
        assertEquals(-1, pt.walk(pgd, GVA + (1L << 30)), "another PD");
        assertEquals(-1, pt.walk(pgd, 0x0000_8000_0000_0000L), "non-canonical");
    }

    @Test
    void unmapReturnsTheOldFrameOnceAndTheWalkMissesAfterwards() {
        pt.map(pgd, GVA, GPA, PageTables.USER);
        assertThrows(IllegalStateException.class, () -> pt.map(pgd, GVA, GPA + 0x1000, PageTables.USER));
        assertEquals(GPA, pt.unmap(pgd, GVA));
        assertEquals(-1, pt.walk(pgd, GVA));
        assertEquals(-1, pt.unmap(pgd, GVA));
        assertEquals(-1, pt.unmap(pgd, 0x1000), "never mapped");
    }

    @Test
    void releaseReturnsEveryTableFrameToTheAllocator() {
        pt.release(pgd);
        long free = k.buddy().freeFrames();
        long pooled = pt.pooledFrames();
        pgd = pt.newTable();
        for (int i = 0; i < 600; i++) {
            pt.map(pgd, GVA + i * 0x1000L, GPA, PageTables.USER);
        }
        pt.map(pgd, 0x1000, GPA, PageTables.USER);
        List<Long> tables = pt.tables(pgd, false);
        assertEquals(1 + 2 + 2 + 3, tables.size(), "PML4; PDPT, PD, PT for 0x1000; PDPT, PD and two PTs for the 600 pages");
        for (long t : tables) {
            assertFalse(k.buddy().isFree((int) (t / Constants.PAGE_SIZE)));
        }
        assertEquals(tables.size(), pt.release(pgd));
        assertEquals(free, k.buddy().freeFrames(), "the tables came from the pool's first block");
        assertEquals(pooled, pt.pooledFrames(), "and went back to it");
        assertEquals(pooled, pt.trimPool());
        assertEquals(free + pooled, k.buddy().freeFrames());
        assertEquals(List.of(), k.buddy().check());
    }

    @Test
    void tablesOfAProcessThatMapsMuchMemoryStayInAFewChunks() {
        long resident = k.memory().resident();
        for (int i = 0; i < 40_000; i++) { // 80 PTs, one per 2 MiB of virtual memory
            int gfn = k.buddy().allocPages(0);
            pt.map(pgd, GVA + i * 0x1000L, (long) gfn * Constants.PAGE_SIZE, PageTables.USER);
        }
        assertTrue(k.memory().resident() <= resident + GuestMemory.CHUNK, (k.memory().resident() - resident >> 20) + " MiB more");
    }

    @Test
    void aPageCannotBeMappedInsideAHugePage() {
        long inDirectMap = GuestMemory.directMap(0x3000_0000L);
        assertThrows(IllegalStateException.class, () -> k.pageTables().map(k.kernelPgd(), inDirectMap, GPA, 0));
        assertEquals(2L << 20, k.pageTables().translate(k.kernelPgd(), inDirectMap).orElseThrow().pageSize());
    }
}
