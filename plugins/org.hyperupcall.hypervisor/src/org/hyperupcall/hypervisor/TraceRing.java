package org.hyperupcall.hypervisor;

import static org.hyperupcall.hypervisor.GuestOffsets.REC_CR3;
import static org.hyperupcall.hypervisor.GuestOffsets.REC_EXIT_REASON;
import static org.hyperupcall.hypervisor.GuestOffsets.REC_QUALIFICATION;
import static org.hyperupcall.hypervisor.GuestOffsets.REC_RIP;
import static org.hyperupcall.hypervisor.GuestOffsets.REC_SIZE;
import static org.hyperupcall.hypervisor.GuestOffsets.REC_TSC;
import static org.hyperupcall.hypervisor.GuestOffsets.REC_VCPU;
import static org.hyperupcall.hypervisor.GuestOffsets.RING_HEAD;
import static org.hyperupcall.hypervisor.GuestOffsets.RING_NR_RECORDS;
import static org.hyperupcall.hypervisor.GuestOffsets.RING_RECORD_SIZE;
import static org.hyperupcall.hypervisor.GuestOffsets.RING_TAIL;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.hyperupcall.abi.GuestStructs;

/**
 * The guest side of the trace ring ({@code trace_ring}, {@code trace_records}): the tracing
 * hyperupcall writes record {@code head % nr_records} and advances {@code head}; the guest reads
 * the records from {@code tail} to {@code head} and advances {@code tail}, like a reader of ftrace's
 * buffer. Records are {@link GuestStructs#VMEXIT_RECORD}s.
 */
public final class TraceRing {
    /** A traced VM exit, as {@code struct hup_vmexit_record} holds it. */
    public record VmExitRecord(long tsc, int vcpu, int exitReason, long exitQualification, long guestRip, long guestCr3) {
    }

    private final GuestMemory memory;
    private final long ringGpa;
    private final long recordsGpa;
    private final int nrRecords;
    private long lost;

    /** The ring whose header is at direct-map address {@code ring} and records at {@code records}. */
    TraceRing(GuestMemory memory, long ring, long records, int nrRecords) {
        if (Integer.bitCount(nrRecords) != 1) {
            throw new IllegalArgumentException("the trace ring holds a power of two of records, not " + nrRecords);
        }
        this.memory = memory;
        this.ringGpa = GuestMemory.gpa(ring);
        this.recordsGpa = GuestMemory.gpa(records);
        this.nrRecords = nrRecords;
    }

    /** Writes the empty ring's header: head = tail = 0, the capacity and the record size. */
    void init() {
        memory.write64(ringGpa + RING_HEAD, 0);
        memory.write64(ringGpa + RING_TAIL, 0);
        memory.write(ringGpa + RING_NR_RECORDS, 4, nrRecords);
        memory.write(ringGpa + RING_RECORD_SIZE, 4, REC_SIZE);
    }

    public int capacity() {
        return nrRecords;
    }

    public long head() {
        return memory.read64(ringGpa + RING_HEAD);
    }

    public long tail() {
        return memory.read64(ringGpa + RING_TAIL);
    }

    /** Records overwritten before they were read (the writer ran more than a ring ahead), over all reads. */
    public long lost() {
        return lost;
    }

    /**
     * The records written since the last read, oldest first, and {@code tail} advanced to
     * {@code head}. When the writer lapped the reader, only the last {@link #capacity()} records are
     * there; the others count as {@link #lost()}. A head behind the tail (the ring was reset) reads as
     * nothing new.
     */
    public List<VmExitRecord> read() {
        long head = head();
        long tail = tail();
        List<VmExitRecord> out = new ArrayList<>();
        if (Long.compareUnsigned(head, tail) <= 0) {
            memory.write64(ringGpa + RING_TAIL, head);
            return out;
        }
        if (Long.compareUnsigned(head - tail, nrRecords) > 0) {
            lost += head - tail - nrRecords;
            tail = head - nrRecords;
        }
        int n = (int) (head - tail);
        int first = (int) (tail & (nrRecords - 1));
        int beforeWrap = Math.min(n, nrRecords - first);
        decode(first, beforeWrap, out);
        decode(0, n - beforeWrap, out);
        memory.write64(ringGpa + RING_TAIL, head);
        return out;
    }

    private void decode(int index, int count, List<VmExitRecord> out) {
        if (count == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(memory.readBytes(recordsGpa + (long) index * REC_SIZE, count * REC_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            int at = i * REC_SIZE;
            out.add(new VmExitRecord(b.getLong(at + REC_TSC), b.getInt(at + REC_VCPU), b.getInt(at + REC_EXIT_REASON),
                    b.getLong(at + REC_QUALIFICATION), b.getLong(at + REC_RIP), b.getLong(at + REC_CR3)));
        }
    }
}
