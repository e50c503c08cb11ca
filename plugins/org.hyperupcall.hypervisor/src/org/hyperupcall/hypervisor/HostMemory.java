package org.hyperupcall.hypervisor;

/**
 * The host's side of guest memory: for each guest frame, whether it is backed (present), written
 * to swap, or discarded (dropped without I/O; the next touch gets a zeroed frame), and an accessed
 * bit the host sees when the guest touches a frame. Reclaim is a clock with second chance over the
 * accessed bits: what a hypervisor knows is which frames the guest used lately, not which it holds
 * free.
 */
public final class HostMemory {
    /** A frame's backing. */
    public enum Backing {
        ABSENT, PRESENT, SWAPPED, DISCARDED
    }

    private static final Backing[] BACKINGS = Backing.values();

    private final byte[] state;
    private final boolean[] accessed;
    private long resident;
    private int hand;

    public HostMemory(int frames) {
        state = new byte[frames];
        accessed = new boolean[frames];
    }

    public int frames() {
        return state.length;
    }

    public Backing backing(int gfn) {
        return BACKINGS[state[gfn]];
    }

    /** Frames backed by host memory. */
    public long resident() {
        return resident;
    }

    /** The guest touches a frame; returns what backed it before (the caller charges a swap-in for SWAPPED). */
    public Backing touch(int gfn) {
        accessed[gfn] = true;
        Backing before = BACKINGS[state[gfn]];
        if (before != Backing.PRESENT) {
            state[gfn] = (byte) Backing.PRESENT.ordinal();
            resident++;
        }
        return before;
    }

    /** The next victim of reclaim (a present frame not accessed since the hand last passed); -1 when none is present. */
    public int victim() {
        if (resident == 0) {
            return -1;
        }
        while (true) {
            int gfn = hand;
            hand = (hand + 1) % state.length;
            if (state[gfn] == Backing.PRESENT.ordinal()) {
                if (!accessed[gfn]) {
                    return gfn;
                }
                accessed[gfn] = false; // second chance
            }
        }
    }

    /** Takes a present frame's backing away: to swap, or discarded. */
    public void evict(int gfn, boolean discard) {
        if (state[gfn] != Backing.PRESENT.ordinal()) {
            throw new IllegalStateException("frame " + gfn + " is not present");
        }
        state[gfn] = (byte) (discard ? Backing.DISCARDED : Backing.SWAPPED).ordinal();
        resident--;
    }
}
