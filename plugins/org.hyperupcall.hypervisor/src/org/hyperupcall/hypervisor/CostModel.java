package org.hyperupcall.hypervisor;

/**
 * What things cost on the simulated clock, in cycles of a {@code ghz} GHz host CPU. The defaults
 * are orders of magnitude from KVM on x86-64 measurements of the paper's era (Xeon E5-2670 class)
 * and are scenario parameters:
 * <ul>
 * <li>{@code vmExit}, {@code vmEntry}: a VM exit to the hypervisor and the entry back (KVM: about
 * 1,200 cycles for a round trip of a cheap exit such as CPUID);</li>
 * <li>{@code exitHandling}: the hypervisor's default handling of an exit (decode, emulate);</li>
 * <li>{@code ipi}: sending and delivering an IPI to a running vCPU (an exit on the sender, posted
 * interrupt on the target);</li>
 * <li>{@code tlbFlush}: a local TLB flush with the refill misses that follow;</li>
 * <li>{@code swapOut}, {@code swapIn}: writing a 4 KiB page to the host's swap device and reading
 * it back (SSD: about 50 µs and 100 µs);</li>
 * <li>{@code timeSlice}: the host scheduler's quantum when vCPUs are overcommitted;</li>
 * <li>{@code perInstruction}: simulated cost of one executed eBPF instruction of a hyperupcall
 * (the JIT's measured time is reported separately, in real nanoseconds);</li>
 * <li>{@code hyperupcallEntry}: fixed cost of invoking a hyperupcall (context set-up).</li>
 * </ul>
 */
public record CostModel(double ghz, long vmExit, long vmEntry, long exitHandling, long ipi, long tlbFlush, long swapOut,
        long swapIn, long timeSlice, long perInstruction, long hyperupcallEntry) {

    public static CostModel defaults() {
        return new CostModel(2.6, 700, 500, 300, 2_000, 500, 130_000, 260_000, 2_600_000, 1, 20);
    }

    /** Cycles of a hyperupcall that executed {@code instructions} instructions. */
    public long hyperupcall(long instructions) {
        return hyperupcallEntry + instructions * perInstruction;
    }

    /** Cycles to nanoseconds. */
    public double nanos(long cycles) {
        return cycles / ghz;
    }
}
