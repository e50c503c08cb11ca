package org.hyperupcall.hypervisor;

import static org.hyperupcall.hypervisor.GuestOffsets.MM_CPUMASK;
import static org.hyperupcall.hypervisor.GuestOffsets.MM_PGD;
import static org.hyperupcall.hypervisor.GuestOffsets.MM_TLB_GEN;
import static org.hyperupcall.hypervisor.GuestOffsets.REC_SIZE;
import static org.hyperupcall.hypervisor.GuestOffsets.TLB_GEN;
import static org.hyperupcall.hypervisor.GuestOffsets.TLB_IS_LAZY;
import static org.hyperupcall.hypervisor.GuestOffsets.TLB_LOADED_MM;
import static org.hyperupcall.hypervisor.GuestOffsets.TLB_LOADED_MM_ASID;
import static org.hyperupcall.hypervisor.GuestOffsets.TLB_NEXT_ASID;
import static org.hyperupcall.hypervisor.GuestOffsets.TLB_PENDING_END;
import static org.hyperupcall.hypervisor.GuestOffsets.TLB_PENDING_START;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.abi.GuestStructs;

/**
 * The simulator's guest kernel: a Linux-like kernel whose state lives in {@link GuestMemory} at the
 * addresses of a {@link GuestLayout}, so hyperupcalls compiled against {@code hyperupcall.h} read
 * what it writes.
 *
 * <p><b>Memory layout</b> (guest physical addresses; kernel virtual = {@link GuestLayout#PAGE_OFFSET}
 * + physical), default guest:
 * <ul>
 * <li>[0, 16 MiB): reserved (firmware, low memory; never handed out);</li>
 * <li>[16, 24 MiB) kernel text, [24, 32 MiB) read-only data ({@link GuestLayout#KERNEL_TEXT_PHYS},
 * {@link #KERNEL_TEXT_END_PHYS}, {@link GuestLayout#KERNEL_RODATA_END_PHYS}); their content is not
 * modelled;</li>
 * <li>[32, 64 MiB) kernel data: the symbols of the layout ({@code kernel_text_start},
 * {@code kernel_rodata_end}, {@code init_mm} followed by its cpumask, {@code trace_ring},
 * {@code trace_records}, {@code cpu_tlbstate});</li>
 * <li>[64, 80 MiB) {@code mem_map};</li>
 * <li>from 80 MiB: the buddy allocator's frames. Its first allocation is the page-table pool's
 * first 2 MiB block ([80, 82 MiB)), whose first frames hold the kernel's page tables (PML4 at
 * 80 MiB, then the PDPT and one PD: three frames for 1 GiB), marked {@code HUP_PG_RESERVED}; the
 * other frames of that block serve the tables of processes.</li>
 * </ul>
 * Every frame below the end of the last symbol (and of read-only data) is reserved:
 * {@code HUP_PG_RESERVED}, refcount 1. For another layout the same rules apply: the number of CPUs
 * is {@code cpu_tlbstate}'s size over {@code HUP_PERCPU_STRIDE}, the ring's capacity
 * {@code trace_records}' size over the record size, the frames the memory's size over a page.
 *
 * <p><b>Kernel page tables:</b> {@code init_mm.pgd} is a PML4 that maps the whole direct map
 * (all guest memory at {@code PAGE_OFFSET}) with 2 MiB pages, global: text read-only and executable,
 * read-only data read-only and no-execute, everything else writable and no-execute. The PML4 entries
 * of the kernel half are copied into every new address space at creation (the lower tables are
 * shared, as in Linux); kernel mappings added to new PML4 slots later would not propagate.
 *
 * <p><b>Processes:</b> {@code mm_struct}s of processes come from a slab of buddy pages
 * ({@code HUP_PG_SLAB}), one object per {@value #MM_OBJECT_ALIGN}-byte slot holding the struct
 * and its cpumask (the CPUs that have the mm loaded, lazily or not); slab pages are kept when their
 * objects are freed. {@code init_mm}'s cpumask follows it in kernel data.
 *
 * <p><b>TLB state:</b> {@code cpu_tlbstate} of CPU n is at {@code cpu_tlbstate + n *
 * HUP_PERCPU_STRIDE}. Flush generations work as in Linux: an mm's {@code tlb_gen} is raised when its
 * mappings change ({@link #newTlbGen}), a CPU's {@code tlb_gen} says which generation of its loaded
 * mm its TLB reflects; switching mm, leaving lazy mode behind the mm's generation, a local flush or
 * taking a deferred flush bring it up to date.
 */
public final class GuestKernel {
    /** End of kernel text (start of read-only data) in the default guest: 24 MiB. */
    public static final long KERNEL_TEXT_END_PHYS = 0x0180_0000L;
    /** Dynamic ASIDs per CPU (Linux's TLB_NR_DYN_ASIDS); ASIDs 1..6 are handed out round robin. */
    public static final int TLB_DYN_ASIDS = 6;
    /** Slot size of the mm_struct slab. */
    public static final int MM_OBJECT_ALIGN = 64;

    private static final int PAGE = Constants.PAGE_SIZE;

    private final GuestMemory memory;
    private final GuestLayout layout;
    private final int nrCpus;
    private final MemMap memMap;
    private final BuddyAllocator buddy;
    private final PageTables pageTables;
    private final TraceRing traceRing;
    private final long initMm;
    private final long kernelPgd;
    private final long cpuTlbstate;
    private final int cpumaskBytes;
    private final int mmObjectSize;
    private final ArrayDeque<Long> freeMmObjects = new ArrayDeque<>();
    private final Set<Long> liveMms = new HashSet<>();

    /** Boots the default guest: 1 GiB, 64 CPUs, {@link GuestLayout#defaults()}. */
    public static GuestKernel boot() {
        return boot(new GuestMemory(GuestLayout.GUEST_MEMORY), GuestLayout.defaults());
    }

    /** Boots a guest on {@code memory} laid out as {@code layout}; writes every symbol's initial content. */
    public static GuestKernel boot(GuestMemory memory, GuestLayout layout) {
        return new GuestKernel(memory, layout);
    }

    private GuestKernel(GuestMemory memory, GuestLayout layout) {
        this.memory = memory;
        this.layout = layout;
        long frames = memory.size() / PAGE;
        if (frames > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too much guest memory: " + memory.size());
        }
        GuestLayout.Symbol tlb = symbol(layout, "cpu_tlbstate");
        this.nrCpus = (int) (tlb.size() / Constants.PERCPU_STRIDE);
        if (nrCpus < 1 || (long) nrCpus * Constants.PERCPU_STRIDE != tlb.size()) {
            throw new IllegalArgumentException("cpu_tlbstate's size " + tlb.size() + " is not a multiple of HUP_PERCPU_STRIDE");
        }
        this.cpuTlbstate = tlb.address();
        this.cpumaskBytes = (nrCpus + 63) / 64 * 8;
        this.mmObjectSize = (GuestStructs.MM_STRUCT.size() + cpumaskBytes + MM_OBJECT_ALIGN - 1) / MM_OBJECT_ALIGN * MM_OBJECT_ALIGN;
        this.initMm = symbol(layout, "init_mm").address();

        GuestLayout.Symbol mm = symbol(layout, "mem_map");
        if (mm.size() < frames * MemMap.STRUCT_PAGE_SIZE) {
            throw new IllegalArgumentException("mem_map holds " + mm.size() / MemMap.STRUCT_PAGE_SIZE + " struct pages, the guest has "
                    + frames + " frames");
        }
        long reservedEnd = GuestLayout.KERNEL_RODATA_END_PHYS;
        for (GuestLayout.Symbol s : layout.symbols()) {
            reservedEnd = Math.max(reservedEnd, GuestMemory.gpa(s.end()));
        }
        reservedEnd = Math.max(reservedEnd, GuestMemory.gpa(initMm) + GuestStructs.MM_STRUCT.size() + cpumaskBytes);
        int firstFree = (int) ((reservedEnd + PAGE - 1) / PAGE);
        if (firstFree >= frames) {
            throw new IllegalArgumentException("the kernel needs " + firstFree + " frames, the guest has " + frames);
        }
        this.memMap = new MemMap(memory, GuestMemory.gpa(mm.address()), (int) frames);
        this.buddy = new BuddyAllocator(memMap, firstFree);
        this.pageTables = new PageTables(memory, buddy);

        memory.write64(gpa("kernel_text_start"), GuestLayout.KERNEL_TEXT_PHYS);
        memory.write64(gpa("kernel_rodata_end"), GuestLayout.KERNEL_RODATA_END_PHYS);

        GuestLayout.Symbol records = symbol(layout, "trace_records");
        this.traceRing = new TraceRing(memory, symbol(layout, "trace_ring").address(), records.address(), (int) (records.size() / REC_SIZE));
        traceRing.init();

        this.kernelPgd = mapKernel();

        long initGpa = GuestMemory.gpa(initMm);
        memory.write64(initGpa + MM_PGD, kernelPgd);
        memory.write64(initGpa + MM_TLB_GEN, 0);
        memory.write64(initGpa + MM_CPUMASK, initMm + GuestStructs.MM_STRUCT.size());
        memory.clear(initGpa + GuestStructs.MM_STRUCT.size(), cpumaskBytes);
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            long ts = GuestMemory.gpa(tlbStateAddress(cpu));
            memory.clear(ts, GuestStructs.TLB_STATE.size());
            memory.write64(ts + TLB_LOADED_MM, initMm);
            memory.write(ts + TLB_NEXT_ASID, 2, 1);
            setCpu(initMm, cpu, true);
        }
    }

    private static GuestLayout.Symbol symbol(GuestLayout layout, String name) {
        return layout.symbol(name).orElseThrow(() -> new IllegalArgumentException("the guest layout has no symbol " + name));
    }

    private long gpa(String symbol) {
        return GuestMemory.gpa(symbol(layout, symbol).address());
    }

    /** The direct map of all guest memory with 2 MiB pages; its table frames become reserved. */
    private long mapKernel() {
        long pml4 = pageTables.newTable();
        for (long gpa = 0; gpa < memory.size(); gpa += PageTables.PAGE_2M) {
            boolean text = gpa >= GuestLayout.KERNEL_TEXT_PHYS && gpa < KERNEL_TEXT_END_PHYS;
            boolean rodata = gpa >= KERNEL_TEXT_END_PHYS && gpa < GuestLayout.KERNEL_RODATA_END_PHYS;
            long flags = PageTables.GLOBAL | (text ? 0 : PageTables.NX) | (text || rodata ? 0 : PageTables.WRITABLE);
            if (!pageTables.map2M(pml4, GuestMemory.directMap(gpa), gpa, flags)) {
                throw new IllegalStateException("out of guest memory while building the kernel page tables");
            }
        }
        for (long table : pageTables.tables(pml4, true)) {
            int gfn = (int) (table / PAGE);
            memMap.setFlags(gfn, memMap.flags(gfn) | BuddyAllocator.RESERVED);
        }
        return pml4;
    }

    public GuestMemory memory() {
        return memory;
    }

    public GuestLayout layout() {
        return layout;
    }

    public int nrCpus() {
        return nrCpus;
    }

    public MemMap memMap() {
        return memMap;
    }

    public BuddyAllocator buddy() {
        return buddy;
    }

    public PageTables pageTables() {
        return pageTables;
    }

    public TraceRing traceRing() {
        return traceRing;
    }

    /** Address (direct map) of init_mm. */
    public long initMm() {
        return initMm;
    }

    /** Guest physical address of the kernel's PML4 (init_mm.pgd). */
    public long kernelPgd() {
        return kernelPgd;
    }

    /** Direct-map address of CPU {@code cpu}'s struct tlb_state. */
    public long tlbStateAddress(int cpu) {
        checkCpu(cpu);
        return cpuTlbstate + (long) cpu * Constants.PERCPU_STRIDE;
    }

    // ---- address spaces ------------------------------------------------------------------------

    /**
     * A new address space: the direct-map address of a new mm_struct whose pgd has the kernel half of
     * init_mm's and an empty user half, tlb_gen 0, no CPU in its cpumask; 0 when guest memory is
     * exhausted.
     */
    public long createMm() {
        long mm = allocMmObject();
        if (mm == 0) {
            return 0;
        }
        long pgd = pageTables.newTable();
        if (pgd < 0) {
            freeMmObject(mm);
            return 0;
        }
        int half = PageTables.KERNEL_PML4_FIRST * 8;
        memory.writeBytes(pgd + half, memory.readBytes(kernelPgd + half, PAGE - half));
        long g = GuestMemory.gpa(mm);
        memory.write64(g + MM_PGD, pgd);
        memory.write64(g + MM_TLB_GEN, 0);
        memory.write64(g + MM_CPUMASK, mm + GuestStructs.MM_STRUCT.size());
        liveMms.add(mm);
        return mm;
    }

    /** A process with a new address space and no mappings; empty when guest memory is exhausted. */
    public Optional<AnonProcess> createProcess() {
        long mm = createMm();
        return mm == 0 ? Optional.empty() : Optional.of(new AnonProcess(this, mm));
    }

    /**
     * Frees an address space created by {@link #createMm}: its user page tables, its pgd and the
     * mm_struct (the pages it mapped must have been unmapped).
     *
     * @throws IllegalStateException when a CPU still has it loaded
     */
    public void destroyMm(long mm) {
        checkUnloaded(mm);
        pageTables.release(pgd(mm));
        liveMms.remove(mm);
        freeMmObject(mm);
    }

    void checkUnloaded(long mm) {
        if (!liveMms.contains(mm)) {
            throw new IllegalArgumentException(String.format("0x%x is not a live mm created by createMm", mm));
        }
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            if (loadedMm(cpu) == mm) {
                throw new IllegalStateException(String.format("mm 0x%x is still loaded on CPU %d", mm, cpu));
            }
        }
    }

    /** Guest physical address of the mm's top-level page table. */
    public long pgd(long mm) {
        checkMm(mm);
        return memory.read64(GuestMemory.gpa(mm) + MM_PGD);
    }

    /** The mm's flush generation. */
    public long mmTlbGen(long mm) {
        checkMm(mm);
        return memory.read64(GuestMemory.gpa(mm) + MM_TLB_GEN);
    }

    /** Raises the mm's flush generation (its mappings changed; CPUs that have it loaded must flush): the new generation. */
    public long newTlbGen(long mm) {
        long gen = mmTlbGen(mm) + 1;
        memory.write64(GuestMemory.gpa(mm) + MM_TLB_GEN, gen);
        return gen;
    }

    /** The CPUs in the mm's cpumask: those that have it loaded, lazily or not (the targets of its TLB shootdowns). */
    public BitSet cpusOf(long mm) {
        checkMm(mm);
        long mask = GuestMemory.gpa(memory.read64(GuestMemory.gpa(mm) + MM_CPUMASK));
        long[] words = new long[cpumaskBytes / 8];
        for (int i = 0; i < words.length; i++) {
            words[i] = memory.read64(mask + i * 8L);
        }
        return BitSet.valueOf(words);
    }

    private void setCpu(long mm, int cpu, boolean on) {
        long word = GuestMemory.gpa(memory.read64(GuestMemory.gpa(mm) + MM_CPUMASK)) + cpu / 64 * 8L;
        long bit = 1L << (cpu % 64);
        long v = memory.read64(word);
        memory.write64(word, on ? v | bit : v & ~bit);
    }

    // ---- per-CPU TLB state ---------------------------------------------------------------------

    public long loadedMm(int cpu) {
        return memory.read64(ts(cpu) + TLB_LOADED_MM);
    }

    /** The generation of its loaded mm that the CPU's TLB reflects. */
    public long tlbGen(int cpu) {
        return memory.read64(ts(cpu) + TLB_GEN);
    }

    /**
     * The scheduler switches CPU {@code cpu} to address space {@code mm}: the CPU leaves the previous
     * mm's cpumask and joins this one's, gets the next ASID (1..{@value #TLB_DYN_ASIDS}, round robin)
     * when the mm changes, leaves lazy mode, and its TLB is up to date with the mm's generation.
     */
    public void switchMm(int cpu, long mm) {
        checkMm(mm);
        long ts = ts(cpu);
        long prev = memory.read64(ts + TLB_LOADED_MM);
        if (prev != mm) {
            if (prev != 0) {
                setCpu(prev, cpu, false);
            }
            setCpu(mm, cpu, true);
            int asid = (int) memory.read(ts + TLB_NEXT_ASID, 2);
            if (asid < 1 || asid > TLB_DYN_ASIDS) {
                asid = 1;
            }
            memory.write(ts + TLB_LOADED_MM_ASID, 2, asid);
            memory.write(ts + TLB_NEXT_ASID, 2, asid % TLB_DYN_ASIDS + 1);
            memory.write64(ts + TLB_LOADED_MM, mm);
        }
        memory.write(ts + TLB_IS_LAZY, 1, 0);
        memory.write64(ts + TLB_GEN, mmTlbGen(mm));
    }

    /** The CPU runs a kernel thread on its loaded mm (lazy TLB mode): it stays in the mm's cpumask. */
    public void enterLazy(int cpu) {
        memory.write(ts(cpu) + TLB_IS_LAZY, 1, 1);
    }

    /**
     * The CPU leaves lazy mode (back to a user task of the same mm). Returns whether its TLB was behind
     * the mm's generation (flushes were skipped while lazy), in which case it flushes now.
     */
    public boolean leaveLazy(int cpu) {
        long ts = ts(cpu);
        memory.write(ts + TLB_IS_LAZY, 1, 0);
        return catchUp(ts);
    }

    private boolean catchUp(long ts) {
        long mm = memory.read64(ts + TLB_LOADED_MM);
        long gen = memory.read64(GuestMemory.gpa(mm) + MM_TLB_GEN);
        boolean behind = memory.read64(ts + TLB_GEN) != gen;
        memory.write64(ts + TLB_GEN, gen);
        return behind;
    }

    /**
     * The flush deferred to this CPU's next entry (as the tlb_shootdown hyperupcall records it:
     * pending_flush_end != 0), or empty. A range written backwards reads as its ordered form.
     */
    public Optional<GvaRange> pendingFlush(int cpu) {
        long ts = ts(cpu);
        long end = memory.read64(ts + TLB_PENDING_END);
        if (end == 0) {
            return Optional.empty();
        }
        long start = memory.read64(ts + TLB_PENDING_START);
        return Optional.of(Long.compareUnsigned(start, end) <= 0 ? new GvaRange(start, end) : new GvaRange(end, start));
    }

    /**
     * Called when the vCPU next runs: the deferred flush, if any, happens now. Clears
     * pending_flush_start/end, brings the CPU's tlb_gen up to date and returns the flushed range.
     */
    public Optional<GvaRange> takePendingFlush(int cpu) {
        Optional<GvaRange> r = pendingFlush(cpu);
        if (r.isPresent()) {
            long ts = ts(cpu);
            memory.write64(ts + TLB_PENDING_START, 0);
            memory.write64(ts + TLB_PENDING_END, 0);
            catchUp(ts);
        }
        return r;
    }

    private long ts(int cpu) {
        return GuestMemory.gpa(tlbStateAddress(cpu));
    }

    private void checkCpu(int cpu) {
        if (cpu < 0 || cpu >= nrCpus) {
            throw new IllegalArgumentException("CPU " + cpu + " is outside [0, " + nrCpus + ")");
        }
    }

    private void checkMm(long mm) {
        if (mm != initMm && !liveMms.contains(mm)) {
            throw new IllegalArgumentException(String.format("0x%x is not init_mm or a live mm", mm));
        }
    }

    // ---- the mm_struct slab ----------------------------------------------------------------------

    private long allocMmObject() {
        if (freeMmObjects.isEmpty()) {
            int gfn = buddy.allocPages(0);
            if (gfn < 0) {
                return 0;
            }
            memMap.setFlags(gfn, 1L << Constants.PG_SLAB);
            long gpa = (long) gfn * PAGE;
            memory.clear(gpa, PAGE);
            for (int off = 0; off + mmObjectSize <= PAGE; off += mmObjectSize) {
                freeMmObjects.add(GuestMemory.directMap(gpa + off));
            }
        }
        return freeMmObjects.poll();
    }

    private void freeMmObject(long mm) {
        memory.clear(GuestMemory.gpa(mm), mmObjectSize);
        freeMmObjects.push(mm);
    }
}
