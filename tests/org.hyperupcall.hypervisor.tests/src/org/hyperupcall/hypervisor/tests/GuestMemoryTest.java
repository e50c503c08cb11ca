package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.ebpf.vm.Region;
import org.hyperupcall.hypervisor.GuestMemory;
import org.junit.jupiter.api.Test;

class GuestMemoryTest {
    @Test
    void aGibibyteGuestHoldsOnlyTheChunksItTouches() {
        GuestMemory m = new GuestMemory(1L << 30);
        assertEquals(0, m.resident());
        m.write64(0x1234_5678, 0x1122_3344_5566_7788L);
        assertEquals(0x1122_3344_5566_7788L, m.read64(0x1234_5678));
        assertEquals(0x88, m.read(0x1234_5678, 1));
        assertEquals(0, m.read64(0x3000_0000), "untouched memory reads as zero");
        assertEquals(GuestMemory.CHUNK, m.resident());
    }

    @Test
    void byteCopiesCrossChunks() {
        GuestMemory m = new GuestMemory(8L << 20);
        byte[] data = new byte[5000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        long at = GuestMemory.CHUNK - 1000;
        m.writeBytes(at, data);
        assertArrayEquals(data, m.readBytes(at, data.length));
    }

    @Test
    void registeredRangesShareTheGuestsBytes() {
        GuestMemory m = new GuestMemory(8L << 20);
        long address = GuestLayout.PAGE_OFFSET + GuestMemory.CHUNK - 16;
        List<Region> regions = m.regions("r", address, 32, true);
        assertEquals(2, regions.size(), "one region per chunk");
        Region second = regions.get(1);
        second.data()[second.offset()] = 42;
        assertEquals(42, m.read(GuestMemory.CHUNK, 1));
        assertTrue(regions.get(0).contains(address, 16));
    }

    @Test
    void accessesOutsideTheGuestAreRefusedWithTheAddress() {
        GuestMemory m = new GuestMemory(4L << 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.read64(4L << 20));
        assertTrue(e.getMessage().contains("0x400000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GuestMemory(1000));
    }
}
