package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hyperupcall.hypervisor.HostMemory;
import org.hyperupcall.hypervisor.HostMemory.Backing;
import org.junit.jupiter.api.Test;

/** The host's backing of guest frames: present, swapped, discarded, and reclaim by clock with second chance. */
class HostMemoryTest {
    @Test
    void aTouchedFrameIsPresentAndCountsAsResident() {
        HostMemory h = new HostMemory(8);
        assertEquals(Backing.ABSENT, h.touch(3));
        assertEquals(Backing.PRESENT, h.touch(3));
        assertEquals(1, h.resident());
    }

    @Test
    void reclaimPassesOverRecentlyTouchedFramesOnce() {
        HostMemory h = new HostMemory(4);
        for (int f = 0; f < 4; f++) {
            h.touch(f);
        }
        // Every frame was touched: the hand clears their bits in one turn and takes frame 0 on the next.
        assertEquals(0, h.victim());
        h.evict(0, false);
        h.touch(1); // touched again: it gets a second chance
        assertEquals(2, h.victim());
    }

    @Test
    void evictedFramesComeBackAsSwappedOrDiscarded() {
        HostMemory h = new HostMemory(4);
        h.touch(1);
        h.touch(2);
        h.evict(1, false);
        h.evict(2, true);
        assertEquals(0, h.resident());
        assertEquals(Backing.SWAPPED, h.touch(1));
        assertEquals(Backing.DISCARDED, h.touch(2));
        assertThrows(IllegalStateException.class, () -> h.evict(3, false));
        assertEquals(-1, new HostMemory(2).victim(), "nothing to reclaim");
    }
}
