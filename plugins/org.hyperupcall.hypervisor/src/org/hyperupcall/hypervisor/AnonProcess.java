package org.hyperupcall.hypervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hyperupcall.abi.Constants;

/**
 * A process of the workload: an address space ({@link GuestKernel#createMm}) holding anonymous
 * memory that it maps and unmaps a page at a time, as the workload generator drives it.
 *
 * <p>{@link #map} takes a frame from the buddy allocator per page (zeroed), maps it user, writable
 * and no-execute, and fills its struct page as Linux does for an anonymous page: refcount 1,
 * mapcount 0 (one mapping), {@code HUP_PG_LRU}, {@code mapping} = the mm's address with bit 0 set
 * (Linux's PAGE_MAPPING_ANON; never 0), {@code index} = the page's virtual page number.
 * {@link #unmap} clears the page-table entries, frees the frames at once (Linux frees them only
 * after the TLB flush; a simulator that models the time in between should treat unmap and the
 * shootdown as one step), raises the mm's flush generation and returns the range whose TLB entries
 * must be flushed. Regions are placed one after another from {@link #MMAP_BASE}.
 */
public final class AnonProcess {
    /** Where the first mapping goes. */
    public static final long MMAP_BASE = 0x0000_7f00_0000_0000L;
    /** End of the user half of the address space. */
    public static final long USER_END = 0x0000_8000_0000_0000L;
    /** Bit 0 of struct page.mapping for anonymous pages. */
    public static final long PAGE_MAPPING_ANON = 1;

    private static final int PAGE = Constants.PAGE_SIZE;

    private final GuestKernel kernel;
    private final long mm;
    private final long pgd;
    private final TreeMap<Long, Long> regions = new TreeMap<>();
    private long nextGva = MMAP_BASE;
    private long residentPages;
    private boolean exited;

    AnonProcess(GuestKernel kernel, long mm) {
        this.kernel = kernel;
        this.mm = mm;
        this.pgd = kernel.pgd(mm);
    }

    /** Direct-map address of the process's mm_struct. */
    public long mm() {
        return mm;
    }

    /** Guest physical address of its PML4. */
    public long pgd() {
        return pgd;
    }

    /** Pages mapped now. */
    public long residentPages() {
        return residentPages;
    }

    /** The mapped ranges, in address order (adjacent mappings stay separate ranges). */
    public List<GvaRange> mappings() {
        List<GvaRange> out = new ArrayList<>();
        regions.forEach((s, e) -> out.add(new GvaRange(s, e)));
        return out;
    }

    /**
     * Maps {@code pages} new zeroed anonymous pages after the last mapping: the start address, or -1
     * when guest memory (frames or page tables) or the user address space is exhausted, in which case
     * nothing stays mapped.
     */
    public long map(int pages) {
        checkAlive();
        if (pages <= 0) {
            throw new IllegalArgumentException("pages must be positive, not " + pages);
        }
        long start = nextGva;
        if (start + (long) pages * PAGE > USER_END) {
            return -1;
        }
        MemMap memMap = kernel.memMap();
        for (int i = 0; i < pages; i++) {
            long gva = start + (long) i * PAGE;
            int gfn = kernel.buddy().allocPages(0);
            long gpa = (long) gfn * PAGE;
            if (gfn >= 0) {
                kernel.memory().clear(gpa, PAGE);
            }
            if (gfn < 0 || !kernel.pageTables().map(pgd, gva, gpa, PageTables.WRITABLE | PageTables.USER | PageTables.NX)) {
                if (gfn >= 0) {
                    kernel.buddy().freePages(gfn, 0);
                }
                unmapPages(start, i);
                return -1;
            }
            memMap.setFlags(gfn, 1L << Constants.PG_LRU);
            memMap.setMapping(gfn, mm | PAGE_MAPPING_ANON);
            memMap.setIndex(gfn, gva / PAGE);
            memMap.setMapcount(gfn, 0);
            residentPages++;
        }
        long end = start + (long) pages * PAGE;
        regions.put(start, end);
        nextGva = end;
        return start;
    }

    /**
     * Unmaps the pages of [start, start + pages * 4 KiB) that are mapped, frees their frames and,
     * when any was mapped, raises the mm's flush generation. Returns the range the TLB flush must
     * cover (from the first to the end of the last page unmapped; empty when none was mapped).
     */
    public GvaRange unmap(long start, int pages) {
        checkAlive();
        if ((start & (PAGE - 1)) != 0 || pages < 0 || start < 0 || start + (long) pages * PAGE > USER_END) {
            throw new IllegalArgumentException(String.format("[0x%x, +%d pages) is not a page-aligned user range", start, pages));
        }
        GvaRange flushed = unmapPages(start, pages);
        if (!flushed.isEmpty()) {
            kernel.newTlbGen(mm);
        }
        removeRegions(start, start + (long) pages * PAGE);
        return flushed;
    }

    /** Unmaps a range returned by {@link #mappings()} (or any page-aligned range). */
    public GvaRange unmap(GvaRange range) {
        return unmap(range.start(), (int) (range.size() / PAGE));
    }

    /**
     * Ends the process: unmaps everything, frees its page tables and its mm.
     *
     * @throws IllegalStateException when a CPU still has the mm loaded (switch it away first)
     */
    public void exit() {
        checkAlive();
        kernel.checkUnloaded(mm);
        for (Map.Entry<Long, Long> r : regions.entrySet()) {
            unmapPages(r.getKey(), (int) ((r.getValue() - r.getKey()) / PAGE));
        }
        regions.clear();
        kernel.destroyMm(mm);
        exited = true;
    }

    private GvaRange unmapPages(long start, int pages) {
        long lo = -1;
        long hi = -1;
        for (int i = 0; i < pages; i++) {
            long gva = start + (long) i * PAGE;
            long gpa = kernel.pageTables().unmap(pgd, gva);
            if (gpa >= 0) {
                kernel.buddy().freePages((int) (gpa / PAGE), 0);
                residentPages--;
                lo = lo < 0 ? gva : lo;
                hi = gva + PAGE;
            }
        }
        return lo < 0 ? new GvaRange(start, start) : new GvaRange(lo, hi);
    }

    private void removeRegions(long start, long end) {
        Map.Entry<Long, Long> r = regions.lowerEntry(end);
        while (r != null && r.getValue() > start) {
            regions.remove(r.getKey());
            if (r.getKey() < start) {
                regions.put(r.getKey(), start);
            }
            if (r.getValue() > end) {
                regions.put(end, r.getValue());
            }
            r = regions.lowerEntry(Math.min(r.getKey(), end));
        }
    }

    private void checkAlive() {
        if (exited) {
            throw new IllegalStateException("the process has exited");
        }
    }
}
