package org.hyperupcall.abi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.abi.GuestLayout.Symbol;
import org.hyperupcall.abi.GuestStructs;
import org.junit.jupiter.api.Test;

/** The default guest's symbol map and the symbol files that replace it. */
class GuestLayoutTest {

    @Test
    void placesEverySymbolTheExamplesUseInTheDirectMapOfA1GiBGuest() {
        GuestLayout g = GuestLayout.defaults();
        for (String name : List.of("mem_map", "cpu_tlbstate", "trace_ring", "trace_records", "kernel_text_start",
                "kernel_rodata_end", "init_mm")) {
            Symbol s = g.symbol(name).orElseThrow(() -> new AssertionError("no " + name));
            assertTrue(Long.compareUnsigned(s.address(), GuestLayout.PAGE_OFFSET) >= 0
                    && Long.compareUnsigned(s.end(), GuestLayout.PAGE_OFFSET + GuestLayout.GUEST_MEMORY) <= 0, s::toString);
        }
        assertEquals((1L << 18) * GuestStructs.PAGE.size(), g.symbol("mem_map").orElseThrow().size());
        assertEquals(64L * Constants.PERCPU_STRIDE, g.symbol("cpu_tlbstate").orElseThrow().size());
        assertEquals(4096L * GuestStructs.VMEXIT_RECORD.size(), g.symbol("trace_records").orElseThrow().size());
        assertEquals(8, g.symbol("kernel_text_start").orElseThrow().size());
        assertEquals(GuestStructs.MM_STRUCT.size(), g.symbol("init_mm").orElseThrow().size());
    }

    @Test
    void letsHyperupcallsWriteOnlyTheTlbStateAndTheTraceRing() {
        List<String> writable = GuestLayout.defaults().symbols().stream().filter(Symbol::writable).map(Symbol::name).sorted().toList();
        assertEquals(List.of("cpu_tlbstate", "trace_records", "trace_ring"), writable);
    }

    @Test
    void keepsMemMapWithinTheTwoPercentAGlobalHyperupcallMayRegister() {
        long memMap = GuestLayout.defaults().symbol("mem_map").orElseThrow().size();
        assertTrue(memMap * 1000 <= GuestLayout.GUEST_MEMORY * Constants.GLOBAL_MEMORY_PER_MILLE, "mem_map is " + memMap + " bytes");
    }

    @Test
    void readsBackTheSymbolFileItWrites() {
        GuestLayout g = GuestLayout.defaults();
        GuestLayout again = GuestLayout.parse("guest.map", g.text());
        assertEquals(g.addresses(), again.addresses());
        for (Symbol s : g.symbols()) {
            Symbol t = again.symbol(s.name()).orElseThrow();
            assertEquals(s.size(), t.size());
            assertEquals(s.writable(), t.writable());
        }
    }

    @Test
    void readsSystemMapStyleLinesWithCommentsAndReadOnlyByDefault() {
        GuestLayout g = GuestLayout.parse("my.map", """
                # my guest
                ffffffff82000000 0x40 jiffies_table   # read-only
                0xffff888001000000 4096 ring rw

                """);
        assertEquals(0xffffffff82000000L, g.symbol("jiffies_table").orElseThrow().address());
        assertEquals(64, g.symbol("jiffies_table").orElseThrow().size());
        assertFalse(g.symbol("jiffies_table").orElseThrow().writable());
        assertEquals(4096, g.symbol("ring").orElseThrow().size());
        assertTrue(g.symbol("ring").orElseThrow().writable());
    }

    @Test
    void namesTheFileAndLineOfABadLine() {
        assertEquals("m.map:2: error: expected 'ADDRESS SIZE NAME [rw]', not 'ffff888000000000 mem_map'",
                assertThrows(GuestLayout.FormatException.class,
                        () -> GuestLayout.parse("m.map", "# c\nffff888000000000 mem_map\n")).getMessage());
        assertEquals("m.map:1: error: the address 'zz' is not a hex number",
                assertThrows(GuestLayout.FormatException.class, () -> GuestLayout.parse("m.map", "zz 8 x\n")).getMessage());
        assertEquals("m.map:1: error: 'wx' is not rw or ro",
                assertThrows(GuestLayout.FormatException.class, () -> GuestLayout.parse("m.map", "1000 8 x wx\n")).getMessage());
        assertEquals("m.map:1: error: x: the size must be positive, not 0",
                assertThrows(GuestLayout.FormatException.class, () -> GuestLayout.parse("m.map", "1000 0 x\n")).getMessage());
        assertEquals("m.map:2: error: symbol x is defined twice",
                assertThrows(GuestLayout.FormatException.class, () -> GuestLayout.parse("m.map", "1000 8 x\n2000 8 x\n")).getMessage());
        assertEquals("m.map:2: error: y [0x1004, 0x100c) overlaps x [0x1000, 0x1008)",
                assertThrows(GuestLayout.FormatException.class, () -> GuestLayout.parse("m.map", "1000 8 x\n1004 8 y\n")).getMessage());
    }
}
