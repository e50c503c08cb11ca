package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.hypervisor.BuddyAllocator;
import org.hyperupcall.hypervisor.GuestKernel;
import org.hyperupcall.hypervisor.GuestMemory;
import org.hyperupcall.hypervisor.MemMap;
import org.junit.jupiter.api.Test;

class BuddyAllocatorTest {
    /** 66 MiB: 16896 frames (the last 512 only form order-9 blocks); mem_map at 0; 300 reserved frames. */
    static BuddyAllocator small() {
        GuestMemory m = new GuestMemory(66L << 20);
        return new BuddyAllocator(new MemMap(m, 0, (int) (m.size() / Constants.PAGE_SIZE)), 300);
    }

    record Block(int gfn, int order) {
    }

    @Test
    void bootPutsEveryFrameAboveTheReservedOnesInAlignedFreeBlocks() {
        BuddyAllocator b = small();
        assertEquals(16896 - 300, b.freeFrames());
        assertEquals(List.of(), b.check());
        assertFalse(b.isFree(299));
        assertTrue(b.isFree(300));
        assertTrue(b.isFree(16895));
        assertEquals(2, b.freeBlocks(9), "frames 512-1023 and the 512 after the last 1024-aligned block");
        assertEquals(1, b.freeBlocks(2), "frames 300-303");
    }

    @Test
    void randomAllocationsAndFreesKeepMemMapConsistentWithTheFreeLists() {
        BuddyAllocator b = small();
        Random rnd = new Random(42);
        List<Block> live = new ArrayList<>();
        for (int step = 0; step < 1500; step++) {
            if (live.isEmpty() || rnd.nextInt(100) < 55) {
                int order = rnd.nextInt(100) < 70 ? rnd.nextInt(3) : rnd.nextInt(BuddyAllocator.MAX_ORDER);
                int gfn = b.allocPages(order);
                if (gfn >= 0) {
                    assertEquals(0, gfn & ((1 << order) - 1), "aligned");
                    live.add(new Block(gfn, order));
                }
            } else {
                Block blk = live.remove(rnd.nextInt(live.size()));
                b.freePages(blk.gfn(), blk.order());
            }
            assertEquals(List.of(), b.check(), "after step " + step);
        }
    }

    @Test
    void splittingAndMergingBackRestoresTheInitialStateInGuestMemory() {
        GuestKernel k = GuestKernel.boot();
        BuddyAllocator b = k.buddy();
        MemMap memMap = k.memMap();
        int[] counts = b.freeBlocksPerOrder();
        ByteBuffer before = memMap.snapshot(0, memMap.frames());
        Random rnd = new Random(7);
        List<Block> live = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int order = rnd.nextInt(BuddyAllocator.MAX_ORDER) / (1 + rnd.nextInt(4));
            int gfn = b.allocPages(order);
            assertTrue(gfn >= 0);
            live.add(new Block(gfn, order));
        }
        assertTrue(b.freeBlocks(0) > 0 || b.freeBlocks(1) > 0, "blocks were split");
        assertEquals(List.of(), b.check());
        Collections.shuffle(live, rnd);
        live.forEach(blk -> b.freePages(blk.gfn(), blk.order()));
        assertArrayEquals(counts, b.freeBlocksPerOrder());
        assertEquals(before, memMap.snapshot(0, memMap.frames()), "mem_map reads as after boot");
    }

    @Test
    void aFreedFrameReadsAsBuddyWithNoReferenceAndAnAllocatedOneDoesNot() {
        BuddyAllocator b = small();
        MemMap memMap = b.memMap();
        assertEquals(300, b.allocPages(2), "the order-2 block at 300");
        int gfn = b.allocPages(2); // splits the order-4 block at 304
        assertEquals(304, gfn);
        for (int p = gfn; p < gfn + 4; p++) {
            assertFalse(memMap.test(p, Constants.PG_BUDDY));
            assertTrue(memMap.refcount(p) >= 1);
            assertFalse(b.isFree(p));
        }
        assertTrue(memMap.test(gfn + 4, Constants.PG_BUDDY), "the split-off buddy is free");
        assertEquals(2, memMap.privateField(gfn + 4), "its head holds its order");
        b.freePages(gfn, 2);
        for (int p = gfn; p < gfn + 4; p++) {
            assertTrue(memMap.test(p, Constants.PG_BUDDY));
            assertEquals(0, memMap.refcount(p));
            assertTrue(b.isFree(p));
        }
    }

    @Test
    void runningOutOfMemoryReturnsMinusOne() {
        BuddyAllocator b = small();
        int n = 0;
        while (b.allocPages(4) >= 0) {
            n++;
        }
        assertEquals((16896 - 304) / 16, n);
        assertEquals(4, b.freeFrames(), "frames 300-303 are left, too few for an order-4 block");
        assertEquals(300, b.allocPages(2));
        assertEquals(-1, b.allocPages(0));
        assertEquals(List.of(), b.check());
    }

    @Test
    void doubleFreesMisalignedAndReservedBlocksAreRefused() {
        BuddyAllocator b = small();
        int gfn = b.allocPages(1);
        b.freePages(gfn, 1);
        assertThrows(IllegalArgumentException.class, () -> b.freePages(gfn, 1));
        int g2 = b.allocPages(1);
        assertThrows(IllegalArgumentException.class, () -> b.freePages(g2 + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> b.freePages(0, 0));
        assertThrows(IllegalArgumentException.class, () -> b.allocPages(BuddyAllocator.MAX_ORDER));
        assertEquals(List.of(), b.check());
    }
}
