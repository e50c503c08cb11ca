package org.hyperupcall.hypervisor;

import static org.hyperupcall.hypervisor.GuestOffsets.PAGE_FLAGS;
import static org.hyperupcall.hypervisor.GuestOffsets.PAGE_PRIVATE;
import static org.hyperupcall.hypervisor.GuestOffsets.PAGE_REFCOUNT;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hyperupcall.abi.Constants;

/**
 * The guest's binary buddy allocator of physical frames, orders 0 to {@value #MAX_ORDER} - 1
 * (Linux's MAX_ORDER 11: blocks of 1 to 1024 frames, naturally aligned). Freeing a block merges it
 * with its buddy as long as the buddy is a free block of the same order.
 *
 * <p>The free lists live in Java (arrays of links indexed by frame number, LIFO like Linux's, so
 * the lowest free block is handed out first after boot); {@code mem_map} in guest memory is the
 * truth hyperupcalls read, kept up to date on every allocation and free. {@link #check()} compares
 * the two.
 *
 * <p><b>Deviation from Linux:</b> Linux sets PG_buddy only on the head page of a free block. Here
 * <em>every</em> page of a free block has {@code HUP_PG_BUDDY} set and refcount 0, and the head
 * page's {@code private} holds the block's order (the other pages' {@code private} is 0), so a
 * hyperupcall decides from the one {@code struct page} of a frame whether the frame is free. An
 * allocated block's pages have {@code HUP_PG_BUDDY} clear, refcount 1, mapcount -1 and every other
 * field 0 until their user sets them; frames below the allocator's first free frame are
 * {@code HUP_PG_RESERVED} with refcount 1 and are never handed out.
 */
public final class BuddyAllocator {
    /** Number of orders: blocks of 2^0 to 2^(MAX_ORDER - 1) frames. */
    public static final int MAX_ORDER = 11;
    static final long BUDDY = 1L << Constants.PG_BUDDY;
    static final long RESERVED = 1L << Constants.PG_RESERVED;
    private static final int NONE = -1;

    private final MemMap memMap;
    private final int frames;
    private final int firstFree;
    /** Free-list links of free block heads. */
    private final int[] next;
    private final int[] prev;
    /** Order of the free block whose head is this frame, or -1. */
    private final byte[] freeOrder;
    private final int[] head = new int[MAX_ORDER];
    private final int[] blocks = new int[MAX_ORDER];
    private long freeFrames;

    /**
     * Boots the allocator over {@code memMap}: frames [0, firstFree) are reserved, the others free
     * (in blocks as large as their alignment allows). Writes every struct page.
     */
    public BuddyAllocator(MemMap memMap, int firstFree) {
        int frames = memMap.frames();
        if (firstFree < 0 || firstFree > frames) {
            throw new IllegalArgumentException("first free frame " + firstFree + " is outside [0, " + frames + "]");
        }
        this.memMap = memMap;
        this.frames = frames;
        this.firstFree = firstFree;
        this.next = new int[frames];
        this.prev = new int[frames];
        this.freeOrder = new byte[frames];
        Arrays.fill(freeOrder, (byte) NONE);
        Arrays.fill(head, NONE);
        memMap.reset(0, firstFree, RESERVED, 1);
        memMap.reset(firstFree, frames - firstFree, BUDDY, 0);
        List<int[]> initial = new ArrayList<>();
        for (int gfn = firstFree; gfn < frames;) {
            int order = Math.min(MAX_ORDER - 1, gfn == 0 ? MAX_ORDER - 1 : Integer.numberOfTrailingZeros(gfn));
            while (gfn + (1 << order) > frames) {
                order--;
            }
            initial.add(new int[] { gfn, order });
            gfn += 1 << order;
        }
        for (int i = initial.size() - 1; i >= 0; i--) { // pushed from the top: the lowest block heads each list
            addFree(initial.get(i)[0], initial.get(i)[1]);
            freeFrames += 1 << initial.get(i)[1];
        }
    }

    public MemMap memMap() {
        return memMap;
    }

    public int frames() {
        return frames;
    }

    /** First frame the allocator manages; those below are reserved. */
    public int firstFree() {
        return firstFree;
    }

    public long freeFrames() {
        return freeFrames;
    }

    /** Free blocks of this order. */
    public int freeBlocks(int order) {
        checkOrder(order);
        return blocks[order];
    }

    /** Free blocks per order, index = order. */
    public int[] freeBlocksPerOrder() {
        return blocks.clone();
    }

    /**
     * Allocates 2^order contiguous frames, aligned to their size: the frame number of the first,
     * or -1 when no free block is large enough. The frames' struct pages get refcount 1.
     */
    public int allocPages(int order) {
        checkOrder(order);
        int o = order;
        while (o < MAX_ORDER && head[o] == NONE) {
            o++;
        }
        if (o == MAX_ORDER) {
            return -1;
        }
        int gfn = head[o];
        removeFree(gfn, o);
        while (o > order) { // split: the upper halves go back on the free lists
            o--;
            addFree(gfn + (1 << o), o);
        }
        memMap.reset(gfn, 1 << order, 0, 1);
        freeFrames -= 1 << order;
        return gfn;
    }

    /**
     * Frees the block of 2^order frames at {@code gfn} (as allocated), merging it with free buddies.
     *
     * @throws IllegalArgumentException when the block is misaligned, outside the allocator, reserved or (partly) free
     */
    public void freePages(int gfn, int order) {
        checkOrder(order);
        int size = 1 << order;
        if (gfn < firstFree || gfn + size > frames || (gfn & (size - 1)) != 0) {
            throw new IllegalArgumentException(String.format("cannot free order-%d block at gfn %d: not an aligned block in [%d, %d)",
                    order, gfn, firstFree, frames));
        }
        if ((memMap.flags(gfn) & RESERVED) != 0) {
            throw new IllegalArgumentException("cannot free gfn " + gfn + ": it is reserved");
        }
        for (int p = gfn; p < gfn + size; p++) {
            if (freeOrder[p] != NONE) {
                throw new IllegalArgumentException(String.format("double free: gfn %d (order-%d block at %d) is already free", p, order, gfn));
            }
        }
        for (int o = order + 1; o < MAX_ORDER; o++) {
            int h = gfn & -(1 << o);
            if (freeOrder[h] == o) {
                throw new IllegalArgumentException(String.format("double free: gfn %d is inside the free order-%d block at %d", gfn, o, h));
            }
        }
        memMap.reset(gfn, size, BUDDY, 0);
        freeFrames += size;
        int o = order;
        while (o < MAX_ORDER - 1) {
            int buddy = gfn ^ (1 << o);
            if (buddy >= frames || freeOrder[buddy] != o) {
                break;
            }
            removeFree(buddy, o);
            int absorbed = Math.max(gfn, buddy);
            memMap.setPrivateField(absorbed, 0);
            gfn = Math.min(gfn, buddy);
            o++;
        }
        addFree(gfn, o);
    }

    /** Whether frame {@code gfn} is in a free block (per the free lists). */
    public boolean isFree(int gfn) {
        if (gfn < 0 || gfn >= frames) {
            return false;
        }
        for (int o = 0; o < MAX_ORDER; o++) {
            if (freeOrder[gfn & -(1 << o)] == o) {
                return true;
            }
        }
        return false;
    }

    /**
     * Compares the free lists with mem_map in guest memory: every free block is aligned, on the list
     * of its order, disjoint from the others, and its pages read as PG_BUDDY with refcount 0 (the head's
     * private = order, the others' 0); every other frame reads without PG_BUDDY and with refcount >= 1;
     * the counters add up. Returns the problems found (at most 20), empty when consistent.
     */
    public List<String> check() {
        List<String> problems = new ArrayList<>();
        byte[] expected = new byte[frames]; // 0 allocated, 1 free non-head, 2 + order free head
        long total = 0;
        for (int o = 0; o < MAX_ORDER; o++) {
            int n = 0;
            int before = NONE;
            for (int g = head[o]; g != NONE && n <= frames; g = next[g], n++) {
                if (prev[g] != before) {
                    problem(problems, "order-" + o + " list: prev link of " + g + " is " + prev[g] + ", not " + before);
                }
                before = g;
                if (freeOrder[g] != o) {
                    problem(problems, "block " + g + " is on the order-" + o + " list but recorded as order " + freeOrder[g]);
                }
                if ((g & ((1 << o) - 1)) != 0 || g < firstFree || g + (1 << o) > frames) {
                    problem(problems, "order-" + o + " block at " + g + " is misaligned or outside [" + firstFree + ", " + frames + ")");
                    continue;
                }
                for (int p = g; p < g + (1 << o); p++) {
                    if (expected[p] != 0) {
                        problem(problems, "frame " + p + " is in two free blocks");
                    }
                    expected[p] = 1;
                }
                expected[g] = (byte) (2 + o);
                total += 1 << o;
            }
            if (n != blocks[o]) {
                problem(problems, "order-" + o + " list holds " + n + " blocks, the counter says " + blocks[o]);
            }
        }
        if (total != freeFrames) {
            problem(problems, "free lists hold " + total + " frames, the counter says " + freeFrames);
        }
        final int batch = 1 << 14;
        for (int start = 0; start < frames; start += batch) {
            int n = Math.min(batch, frames - start);
            ByteBuffer b = memMap.snapshot(start, n);
            for (int i = 0; i < n; i++) {
                int gfn = start + i;
                int at = i * MemMap.STRUCT_PAGE_SIZE;
                boolean buddy = (b.getLong(at + PAGE_FLAGS) & BUDDY) != 0;
                int refcount = b.getInt(at + PAGE_REFCOUNT);
                long priv = b.getLong(at + PAGE_PRIVATE);
                if (expected[gfn] == 0) {
                    if (buddy || refcount < 1) {
                        problem(problems, "mem_map[" + gfn + "] is allocated but reads PG_BUDDY=" + buddy + " refcount=" + refcount);
                    }
                } else {
                    long order = expected[gfn] >= 2 ? expected[gfn] - 2 : 0;
                    if (!buddy || refcount != 0 || priv != order) {
                        problem(problems, "mem_map[" + gfn + "] is free but reads PG_BUDDY=" + buddy + " refcount=" + refcount
                                + " private=" + priv + " (expected " + order + ")");
                    }
                }
            }
        }
        return problems;
    }

    private static void problem(List<String> problems, String p) {
        if (problems.size() < 20) {
            problems.add(p);
        }
    }

    private void addFree(int gfn, int order) {
        next[gfn] = head[order];
        prev[gfn] = NONE;
        if (head[order] != NONE) {
            prev[head[order]] = gfn;
        }
        head[order] = gfn;
        freeOrder[gfn] = (byte) order;
        blocks[order]++;
        memMap.setPrivateField(gfn, order);
    }

    private void removeFree(int gfn, int order) {
        if (prev[gfn] == NONE) {
            head[order] = next[gfn];
        } else {
            next[prev[gfn]] = next[gfn];
        }
        if (next[gfn] != NONE) {
            prev[next[gfn]] = prev[gfn];
        }
        freeOrder[gfn] = NONE;
        blocks[order]--;
    }

    private static void checkOrder(int order) {
        if (order < 0 || order >= MAX_ORDER) {
            throw new IllegalArgumentException("order " + order + " is outside [0, " + (MAX_ORDER - 1) + "]");
        }
    }
}
