package org.hyperupcall.hypervisor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hyperupcall.abi.Constants;

/**
 * x86-64 4-level page tables (PML4, PDPT, PD, PT; 9 index bits each, 512 8-byte entries per 4 KiB
 * table) stored in guest memory. Addresses of tables are guest physical; an address space is named
 * by the guest physical address of its PML4 (what CR3 and {@code mm_struct.pgd} hold).
 *
 * <p>Table frames come from the buddy allocator through a pool (like Linux's per-CPU page lists):
 * the pool takes blocks of up to 2^{@value #POOL_ORDER} frames (2 MiB) and hands out their frames
 * one by one, zeroed; released tables go back to the pool. Pooled frames are allocated as far as
 * mem_map says (refcount 1), so page tables of processes that map much memory stay in a few 2 MiB
 * chunks of {@link GuestMemory} instead of one in every chunk. {@link #trimPool()} gives the pooled
 * frames back to the buddy allocator.
 *
 * <p>Entries use the hardware bits: {@link #PRESENT} (0), {@link #WRITABLE} (1), {@link #USER} (2),
 * {@link #ACCESSED} (5), {@link #DIRTY} (6), {@link #HUGE} (7, a 2 MiB page in a PD entry or a
 * 1 GiB page in a PDPT entry), {@link #GLOBAL} (8) and {@link #NX} (63); the frame address is in
 * bits 12-51. Upper-level entries created by {@link #map} are present and writable, and user for
 * the lower (user) half, so the leaf decides; a walk combines the levels as the MMU does (writable
 * and user only if every level says so, no-execute if any level says so).
 *
 * <p>The upper half of an address space (PML4 entries 256-511) is the kernel's: {@link #release}
 * frees only the lower half's tables and the PML4 itself, since kernel tables are shared.
 */
public final class PageTables {
    public static final long PRESENT = 1L;
    public static final long WRITABLE = 1L << 1;
    public static final long USER = 1L << 2;
    public static final long ACCESSED = 1L << 5;
    public static final long DIRTY = 1L << 6;
    public static final long HUGE = 1L << 7;
    public static final long GLOBAL = 1L << 8;
    public static final long NX = 1L << 63;
    /** Bits 12-51 of an entry: the physical address of the next table or of the page. */
    public static final long ADDRESS_MASK = 0x000f_ffff_ffff_f000L;
    public static final long PAGE_2M = 1L << 21;
    /** Entries per table. */
    public static final int ENTRIES = 512;
    /** First PML4 entry of the kernel half. */
    public static final int KERNEL_PML4_FIRST = 256;

    private static final int PAGE = Constants.PAGE_SIZE;

    /** A translation: the guest physical address, the combined rights of every level and the page size. */
    public record Mapping(long gpa, long flags, long pageSize) {
        public boolean writable() {
            return (flags & WRITABLE) != 0;
        }

        public boolean user() {
            return (flags & USER) != 0;
        }

        public boolean executable() {
            return (flags & NX) == 0;
        }
    }

    /** Order of the blocks the table pool takes from the buddy allocator (smaller when none is left). */
    public static final int POOL_ORDER = 9;

    private final GuestMemory memory;
    private final BuddyAllocator buddy;
    private final ArrayDeque<Integer> pool = new ArrayDeque<>();

    public PageTables(GuestMemory memory, BuddyAllocator buddy) {
        this.memory = memory;
        this.buddy = buddy;
    }

    /** A zeroed table frame from the pool: its guest physical address, or -1 when guest memory is exhausted. */
    public long newTable() {
        if (pool.isEmpty() && !refill()) {
            return -1;
        }
        long gpa = (long) pool.pop() * PAGE;
        memory.clear(gpa, PAGE);
        return gpa;
    }

    private boolean refill() {
        for (int order = POOL_ORDER; order >= 0; order--) {
            int gfn = buddy.allocPages(order);
            if (gfn >= 0) {
                for (int i = (1 << order) - 1; i >= 0; i--) {
                    pool.push(gfn + i);
                }
                return true;
            }
        }
        return false;
    }

    /** Frames in the pool: allocated from the buddy allocator, not used as tables yet. */
    public int pooledFrames() {
        return pool.size();
    }

    /** Gives every pooled frame back to the buddy allocator: how many. */
    public int trimPool() {
        int n = pool.size();
        while (!pool.isEmpty()) {
            buddy.freePages(pool.pop(), 0);
        }
        return n;
    }

    /**
     * Maps the 4 KiB page at {@code gva} to {@code gpa} with {@code flags} (any of WRITABLE, USER,
     * GLOBAL, NX; PRESENT is added), creating missing tables. Returns false when a table could not be
     * allocated (nothing is mapped then; tables already created stay).
     *
     * @throws IllegalStateException when {@code gva} is already mapped (by a 4 KiB or a larger page)
     */
    public boolean map(long pgd, long gva, long gpa, long flags) {
        return mapLeaf(pgd, gva, gpa, flags, 1);
    }

    /** Maps a 2 MiB page (a PD entry with {@link #HUGE}); otherwise as {@link #map}. */
    public boolean map2M(long pgd, long gva, long gpa, long flags) {
        return mapLeaf(pgd, gva, gpa, flags | HUGE, 2);
    }

    private boolean mapLeaf(long pgd, long gva, long gpa, long flags, int level) {
        checkPage(gva, gpa, level == 1 ? PAGE : PAGE_2M);
        long allowed = WRITABLE | USER | GLOBAL | NX | HUGE | ACCESSED | DIRTY;
        if ((flags & ~(allowed | PRESENT)) != 0) {
            throw new IllegalArgumentException(String.format("flags 0x%x: only WRITABLE, USER, GLOBAL, NX, ACCESSED, DIRTY", flags));
        }
        long entry = entryAddress(pgd, gva, level, true);
        if (entry < 0) {
            return false;
        }
        long old = memory.read64(entry);
        if ((old & PRESENT) != 0) {
            throw new IllegalStateException(String.format(level == 1 || (old & HUGE) != 0 ? "0x%x is already mapped"
                    : "0x%x: a page table already maps part of this 2 MiB range", gva));
        }
        memory.write64(entry, gpa | flags | PRESENT);
        return true;
    }

    /**
     * Removes the 4 KiB mapping of {@code gva}: the guest physical address it mapped, or -1 when it
     * was not mapped. Tables are kept (freed by {@link #release}).
     *
     * @throws IllegalStateException when {@code gva} is inside a larger page
     */
    public long unmap(long pgd, long gva) {
        if (!canonical(gva)) {
            return -1;
        }
        long pte = entryAddress(pgd, gva, 1, false);
        if (pte < 0) {
            return -1;
        }
        long e = memory.read64(pte);
        if ((e & PRESENT) == 0) {
            return -1;
        }
        memory.write64(pte, 0);
        return e & ADDRESS_MASK;
    }

    /** The guest physical address {@code gva} translates to, or -1 when it is not mapped. */
    public long walk(long pgd, long gva) {
        return translate(pgd, gva).map(m -> m.gpa()).orElse(-1L);
    }

    /**
     * The guest physical address {@code gva} translates to for an access (a write if {@code write},
     * from user mode if {@code user}), or -1 when it is not mapped or the access is not allowed.
     */
    public long walk(long pgd, long gva, boolean write, boolean user) {
        Optional<Mapping> m = translate(pgd, gva);
        if (m.isEmpty() || write && !m.get().writable() || user && !m.get().user()) {
            return -1;
        }
        return m.get().gpa();
    }

    /** The translation of {@code gva} with the rights of the walk, empty when not mapped (or not canonical). */
    public Optional<Mapping> translate(long pgd, long gva) {
        if (!canonical(gva)) {
            return Optional.empty();
        }
        long table = pgd;
        long rights = WRITABLE | USER;
        long nx = 0;
        for (int level = 4; level >= 1; level--) {
            long e = memory.read64(table + index(gva, level) * 8L);
            if ((e & PRESENT) == 0) {
                return Optional.empty();
            }
            rights &= e;
            nx |= e & NX;
            if (level == 1 || (level <= 3 && (e & HUGE) != 0)) {
                long size = 1L << (12 + 9 * (level - 1));
                long frame = e & ADDRESS_MASK & -size;
                return Optional.of(new Mapping(frame | (gva & (size - 1)), PRESENT | rights | nx, size));
            }
            table = e & ADDRESS_MASK;
        }
        throw new AssertionError();
    }

    /**
     * The guest physical addresses of every table frame reachable from {@code pgd} (the PML4 first;
     * the kernel half's too when {@code withKernelHalf}).
     */
    public List<Long> tables(long pgd, boolean withKernelHalf) {
        List<Long> out = new ArrayList<>();
        out.add(pgd);
        collect(pgd, 4, withKernelHalf ? ENTRIES : KERNEL_PML4_FIRST, out);
        return out;
    }

    private void collect(long table, int level, int entries, List<Long> out) {
        if (level == 1) {
            return;
        }
        for (int i = 0; i < entries; i++) {
            long e = memory.read64(table + i * 8L);
            if ((e & PRESENT) != 0 && (e & HUGE) == 0) {
                long child = e & ADDRESS_MASK;
                out.add(child);
                collect(child, level - 1, ENTRIES, out);
            }
        }
    }

    /**
     * Releases the tables of the user half of the address space and its PML4 to the pool (the
     * kernel half is shared and stays). The pages the tables mapped are not freed: unmap them first.
     * Returns the number of table frames released.
     */
    public int release(long pgd) {
        List<Long> frames = tables(pgd, false);
        for (long gpa : frames) {
            pool.push((int) (gpa / PAGE));
        }
        return frames.size();
    }

    /** Guest physical address of the entry at {@code targetLevel} (1 = PTE, 2 = PDE) for gva; -1 when missing and not created or out of memory. */
    private long entryAddress(long pgd, long gva, int targetLevel, boolean create) {
        long table = pgd;
        for (int level = 4; level > targetLevel; level--) {
            long entry = table + index(gva, level) * 8L;
            long e = memory.read64(entry);
            if ((e & PRESENT) == 0) {
                if (!create) {
                    return -1;
                }
                long t = newTable();
                if (t < 0) {
                    return -1;
                }
                e = t | PRESENT | WRITABLE | (gva >= 0 ? USER : 0);
                memory.write64(entry, e);
            } else if ((e & HUGE) != 0) {
                throw new IllegalStateException(String.format("0x%x is inside a %s page", gva, level == 3 ? "1 GiB" : "2 MiB"));
            }
            table = e & ADDRESS_MASK;
        }
        return table + index(gva, targetLevel) * 8L;
    }

    private static int index(long gva, int level) {
        return (int) (gva >>> (12 + 9 * (level - 1)) & (ENTRIES - 1));
    }

    /** Whether bits 63-47 of the address are all equal (48-bit virtual addresses). */
    public static boolean canonical(long gva) {
        return gva >> 47 == 0 || gva >> 47 == -1;
    }

    private static void checkPage(long gva, long gpa, long size) {
        if (!canonical(gva) || (gva & (size - 1)) != 0) {
            throw new IllegalArgumentException(String.format("0x%x is not a canonical %d-aligned virtual address", gva, size));
        }
        if (gpa < 0 || (gpa & (size - 1)) != 0 || (gpa & ~ADDRESS_MASK) != 0) {
            throw new IllegalArgumentException(String.format("0x%x is not a %d-aligned physical address", gpa, size));
        }
    }
}
