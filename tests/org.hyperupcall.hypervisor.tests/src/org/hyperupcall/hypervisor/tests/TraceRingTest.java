package org.hyperupcall.hypervisor.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.abi.GuestStructs;
import org.hyperupcall.abi.Struct;
import org.hyperupcall.hypervisor.GuestKernel;
import org.hyperupcall.hypervisor.GuestMemory;
import org.hyperupcall.hypervisor.TraceRing;
import org.hyperupcall.hypervisor.TraceRing.VmExitRecord;
import org.junit.jupiter.api.Test;

class TraceRingTest {
    static final Struct REC = GuestStructs.VMEXIT_RECORD;

    static long gpa(String symbol) {
        return GuestMemory.gpa(GuestLayout.defaults().symbol(symbol).orElseThrow().address());
    }

    static int off(String field) {
        return REC.field(field).orElseThrow().offset();
    }

    /** What trace_exits.huc does on a VM exit. */
    static void traceExit(GuestMemory m, VmExitRecord r) {
        long ring = gpa("trace_ring");
        long head = m.read64(ring);
        long rec = gpa("trace_records") + (head & (GuestLayout.TRACE_RECORDS - 1)) * REC.size();
        m.write64(rec + off("tsc"), r.tsc());
        m.write(rec + off("vcpu"), 4, r.vcpu());
        m.write(rec + off("exit_reason"), 4, r.exitReason());
        m.write64(rec + off("exit_qualification"), r.exitQualification());
        m.write64(rec + off("guest_rip"), r.guestRip());
        m.write64(rec + off("guest_cr3"), r.guestCr3());
        m.write64(ring, head + 1);
    }

    static VmExitRecord record(int i) {
        return new VmExitRecord(1000L + i, i % 64, Constants.EXIT_CPUID, i, 0xffff_ffff_8100_0000L + i, 0x500_0000L);
    }

    @Test
    void theReaderReturnsWhatWasWrittenSinceTheLastReadAndAdvancesTheTail() {
        GuestKernel k = GuestKernel.boot();
        TraceRing ring = k.traceRing();
        assertEquals(List.of(), ring.read());
        for (int i = 0; i < 3; i++) {
            traceExit(k.memory(), record(i));
        }
        assertEquals(List.of(record(0), record(1), record(2)), ring.read());
        assertEquals(3, ring.tail());
        assertEquals(3, k.memory().read64(gpa("trace_ring") + GuestStructs.TRACE_RING.field("tail").orElseThrow().offset()));
        assertEquals(List.of(), ring.read());
        traceExit(k.memory(), record(3));
        assertEquals(List.of(record(3)), ring.read());
    }

    @Test
    void recordsWrapAroundTheRingAndAWriterThatLapsTheReaderLosesTheOldest() {
        GuestKernel k = GuestKernel.boot();
        TraceRing ring = k.traceRing();
        int n = GuestLayout.TRACE_RECORDS;
        for (int i = 0; i < n - 10; i++) {
            traceExit(k.memory(), record(i));
        }
        assertEquals(n - 10, ring.read().size());
        for (int i = n - 10; i < n + 20; i++) {
            traceExit(k.memory(), record(i));
        }
        List<VmExitRecord> wrapped = ring.read();
        assertEquals(30, wrapped.size());
        assertEquals(record(n - 10), wrapped.get(0));
        assertEquals(record(n + 19), wrapped.get(29));

        for (int i = 0; i < n + 5; i++) {
            traceExit(k.memory(), record(i));
        }
        List<VmExitRecord> lapped = ring.read();
        assertEquals(n, lapped.size());
        assertEquals(record(5), lapped.get(0));
        assertEquals(5, ring.lost());
    }
}
