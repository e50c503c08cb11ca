package org.hyperupcall.hypervisor;

import static org.hyperupcall.hypervisor.GuestOffsets.PAGE_FLAGS;
import static org.hyperupcall.hypervisor.GuestOffsets.PAGE_INDEX;
import static org.hyperupcall.hypervisor.GuestOffsets.PAGE_MAPCOUNT;
import static org.hyperupcall.hypervisor.GuestOffsets.PAGE_MAPPING;
import static org.hyperupcall.hypervisor.GuestOffsets.PAGE_PRIVATE;
import static org.hyperupcall.hypervisor.GuestOffsets.PAGE_REFCOUNT;
import static org.hyperupcall.hypervisor.GuestOffsets.PAGE_SIZE_BYTES;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.hyperupcall.abi.GuestStructs;

/**
 * The guest's {@code mem_map}: one {@code struct page} ({@link GuestStructs#PAGE}) per guest frame,
 * in guest memory, where hyperupcalls read it. Every accessor reads or writes guest memory; nothing
 * is cached here.
 */
public final class MemMap {
    /** Bytes of one {@code struct page}. */
    public static final int STRUCT_PAGE_SIZE = PAGE_SIZE_BYTES;
    /** Pages per bulk write (1 MiB of struct pages). */
    private static final int BATCH = (1 << 20) / PAGE_SIZE_BYTES;

    private final GuestMemory memory;
    private final long base;
    private final int frames;

    /** The mem_map of {@code frames} frames at guest physical address {@code baseGpa}. */
    public MemMap(GuestMemory memory, long baseGpa, int frames) {
        if (baseGpa < 0 || baseGpa + (long) frames * PAGE_SIZE_BYTES > memory.size()) {
            throw new IllegalArgumentException(String.format("mem_map of %d frames at 0x%x does not fit in the guest", frames, baseGpa));
        }
        this.memory = memory;
        this.base = baseGpa;
        this.frames = frames;
    }

    public int frames() {
        return frames;
    }

    /** Guest physical address of {@code mem_map[gfn]}. */
    public long gpaOf(int gfn) {
        if (gfn < 0 || gfn >= frames) {
            throw new IllegalArgumentException("gfn " + gfn + " is outside mem_map (" + frames + " frames)");
        }
        return base + (long) gfn * PAGE_SIZE_BYTES;
    }

    /** Direct-map (kernel virtual) address of {@code mem_map[gfn]}. */
    public long address(int gfn) {
        return GuestMemory.directMap(gpaOf(gfn));
    }

    public long flags(int gfn) {
        return memory.read64(gpaOf(gfn) + PAGE_FLAGS);
    }

    public void setFlags(int gfn, long flags) {
        memory.write64(gpaOf(gfn) + PAGE_FLAGS, flags);
    }

    /** Whether flag bit {@code bit} (a {@code HUP_PG_*} number) is set. */
    public boolean test(int gfn, int bit) {
        return (flags(gfn) >>> bit & 1) != 0;
    }

    public int refcount(int gfn) {
        return (int) memory.read(gpaOf(gfn) + PAGE_REFCOUNT, 4);
    }

    /** Page-table mappings minus one (-1: not mapped). */
    public int mapcount(int gfn) {
        return (int) memory.read(gpaOf(gfn) + PAGE_MAPCOUNT, 4);
    }

    public void setMapcount(int gfn, int mapcount) {
        memory.write(gpaOf(gfn) + PAGE_MAPCOUNT, 4, mapcount);
    }

    public long mapping(int gfn) {
        return memory.read64(gpaOf(gfn) + PAGE_MAPPING);
    }

    public void setMapping(int gfn, long mapping) {
        memory.write64(gpaOf(gfn) + PAGE_MAPPING, mapping);
    }

    public long index(int gfn) {
        return memory.read64(gpaOf(gfn) + PAGE_INDEX);
    }

    public void setIndex(int gfn, long index) {
        memory.write64(gpaOf(gfn) + PAGE_INDEX, index);
    }

    /** The {@code private} field (the buddy order of a free block's head page). */
    public long privateField(int gfn) {
        return memory.read64(gpaOf(gfn) + PAGE_PRIVATE);
    }

    public void setPrivateField(int gfn, long value) {
        memory.write64(gpaOf(gfn) + PAGE_PRIVATE, value);
    }

    /**
     * Rewrites {@code count} struct pages from {@code gfn} as fresh descriptors: the given flags and
     * refcount, mapcount -1, every other field 0. One bulk write per MiB of descriptors.
     */
    public void reset(int gfn, int count, long flags, int refcount) {
        if (count <= 0) {
            return;
        }
        gpaOf(gfn);
        gpaOf(gfn + count - 1);
        byte[] batch = new byte[Math.min(count, BATCH) * PAGE_SIZE_BYTES];
        ByteBuffer b = ByteBuffer.wrap(batch).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(PAGE_FLAGS, flags).putInt(PAGE_MAPCOUNT, -1).putInt(PAGE_REFCOUNT, refcount);
        for (int filled = PAGE_SIZE_BYTES; filled < batch.length; filled *= 2) {
            System.arraycopy(batch, 0, batch, filled, Math.min(filled, batch.length - filled));
        }
        for (int done = 0; done < count;) {
            int n = Math.min(count - done, BATCH);
            byte[] bytes = n * PAGE_SIZE_BYTES == batch.length ? batch : java.util.Arrays.copyOf(batch, n * PAGE_SIZE_BYTES);
            memory.writeBytes(gpaOf(gfn + done), bytes);
            done += n;
        }
    }

    /** A little-endian copy of {@code count} struct pages from {@code gfn} (page i at byte i * {@link #STRUCT_PAGE_SIZE}). */
    public ByteBuffer snapshot(int gfn, int count) {
        gpaOf(gfn);
        gpaOf(gfn + count - 1);
        return ByteBuffer.wrap(memory.readBytes(gpaOf(gfn), count * PAGE_SIZE_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
