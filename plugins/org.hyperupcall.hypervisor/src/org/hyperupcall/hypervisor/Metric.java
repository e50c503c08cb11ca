package org.hyperupcall.hypervisor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A metric the simulator counts or samples during a run: its name (the key of result tables, JSON
 * and the results view) and what it measures. Every metric is declared here once, for the scenarios
 * that count it and the documentation that explains it (docs/simulator.md lists them all, held to
 * this list by a test). A family ({@link #at}) names one counter per exit reason, or one metric per
 * event's hyperupcall.
 */
public record Metric(String name, String description) {
    private static final List<Metric> ALL = new ArrayList<>();

    // VM and host, every scenario
    public static final Metric EXITS = of("exits", "VM exits to the hypervisor");
    public static final Metric EXITS_BY_REASON = of("exits.<reason>", "VM exits of one basic exit reason (exits.cpuid, exits.hlt, ...)");
    public static final Metric CYCLES_EXITS = of("cycles.exits", "cycles spent in VM exits and entries");
    public static final Metric CYCLES_HYPERUPCALLS = of("cycles.hyperupcalls", "cycles spent running hyperupcalls");
    public static final Metric FAULTS_FELL_BACK = of("hyperupcall.faults_fell_back",
            "runs of a hyperupcall that faulted and fell back to the hypervisor's default handling");
    public static final Metric HOST_PREEMPTIONS = of("host.preemptions", "vCPUs the host scheduler preempted");
    public static final Metric HOST_SCHEDULE_INS = of("host.schedule_ins", "vCPUs the host scheduler put on a physical CPU");
    public static final Metric TLB_FLUSHES_ON_ENTRY = of("tlb.flushes_on_entry", "TLB flushes done when a vCPU entered the guest");
    public static final Metric TLB_FLUSHES_DEFERRED = of("tlb.flushes_deferred", "TLB flushes a hyperupcall asked for a vCPU not running");
    public static final Metric CYCLES_TLB_FLUSH = of("cycles.tlb_flush", "cycles spent flushing TLBs");
    public static final Metric IPIS_FROM_HYPERUPCALLS = of("ipis.from_hyperupcalls", "IPIs hyperupcalls sent through their helper");

    // each event's hyperupcall, in the run with it
    public static final Metric HYPERUPCALL_RUNS = of("hyperupcall.<event>.runs", "runs of the event's hyperupcall");
    public static final Metric HYPERUPCALL_FAULTS = of("hyperupcall.<event>.faults", "runs of the event's hyperupcall that faulted");
    public static final Metric HYPERUPCALL_INSNS = of("hyperupcall.<event>.insns_per_run", "instructions per run of the hyperupcall");
    public static final Metric HYPERUPCALL_CYCLES = of("hyperupcall.<event>.cycles_per_run",
            "simulated cycles per run of the hyperupcall (entry, plus a cost per instruction)");
    public static final Metric HYPERUPCALL_REAL_NS = of("hyperupcall.<event>.real_ns_per_run.median",
            "real time per run of the hyperupcall on this machine's engine, median, in ns");

    // tlb-shootdown
    public static final Metric SHOOTDOWNS = of("shootdowns", "TLB shootdowns the guest started");
    public static final Metric IPIS = of("ipis", "TLB-flush IPIs sent to target vCPUs");
    public static final Metric CYCLES_TARGET_EXITS = of("cycles.target_exits", "cycles the target vCPUs spent exiting to flush their TLB");
    public static final Metric CYCLES_SENDERS_WAITING = of("cycles.senders_waiting", "cycles senders waited for their shootdowns to complete");
    public static final Metric TARGETS_NOT_RUNNING = of("targets.not_running", "targets of a shootdown that were not running");
    public static final Metric TARGETS_HANDLED = of("targets.handled_by_hyperupcall", "targets not running whose flush a hyperupcall deferred");
    public static final Metric DEFERRED_FLUSHES_DONE = of("tlb.deferred_flushes_done", "deferred flushes done when their vCPU next ran");
    public static final Metric MAP_FAILURES = of("guest.map_failures", "guest mappings that found no free frame");
    public static final Metric SHOOTDOWN_LATENCY = of("shootdown.latency_cycles",
            "cycles from the start of a shootdown to its completion (a sample: count, mean, p50, p99)");
    public static final Metric SHOOTDOWN_LATENCY_US = of("shootdown.latency_us.mean", "mean shootdown latency in microseconds");
    public static final Metric IPIS_PER_SHOOTDOWN = of("ipis_per_shootdown", "IPIs per shootdown");
    public static final Metric EXITS_PER_SHOOTDOWN = of("exits_per_shootdown", "VM exits per shootdown");

    // discard-free
    public static final Metric GUEST_ALLOCATIONS = of("guest.allocations", "pages the guest's jobs allocated");
    public static final Metric GUEST_ACCESSES = of("guest.accesses", "accesses of the guest's jobs to their pages");
    public static final Metric GUEST_FREES = of("guest.frees", "pages the guest freed when a job ended");
    public static final Metric GUEST_JOB_EXITS = of("guest.job_exits", "jobs of the guest that ended");
    public static final Metric HOST_SWAP_OUTS = of("host.swap_outs", "guest pages the host swapped out under memory pressure");
    public static final Metric HOST_SWAP_INS = of("host.swap_ins", "guest pages the host swapped back in");
    public static final Metric HOST_DISCARDED = of("host.discarded", "free guest pages the host discarded instead of swapping them out");
    public static final Metric HOST_REFAULTS_OF_DISCARDED = of("host.refaults_of_discarded", "discarded pages the guest used again (zero-filled)");
    public static final Metric RUNTIME_MS = of("runtime_ms", "simulated time until the guest's jobs finished, in ms (-1: they did not)");
    public static final Metric SWAP_IO_PAGES = of("swap_io_pages", "pages swapped out and in");
    public static final Metric SWAP_IO_MIB = of("swap_io_mib", "MiB swapped out and in");

    // protect-kernel
    public static final Metric MAPPINGS = of("mappings", "page mappings the guest made");
    public static final Metric MAPPINGS_DENIED = of("mappings.denied", "page mappings the hyperupcall refused");
    public static final Metric CYCLES_MAPPINGS = of("cycles.mappings", "cycles spent checking mappings");
    public static final Metric ATTACKS_INJECTED = of("attacks.injected", "attacks on the guest kernel's memory the scenario injected");
    public static final Metric ATTACKS_CAUGHT = of("attacks.caught", "injected attacks that were stopped");
    public static final Metric ATTACKS_CAUGHT_CR0_WP = of("attacks.caught_cr0_wp", "attacks stopped at a write to CR0 that clears write protection");
    public static final Metric ATTACKS_CAUGHT_TEXT_MAPPING = of("attacks.caught_text_mapping", "attacks stopped at a writable mapping of kernel text");
    public static final Metric ATTACKS_MISSED = of("attacks.missed", "injected attacks that went through");
    public static final Metric FALSE_ALARMS = of("false_alarms", "legitimate mappings refused as attacks");

    // trace-exits
    public static final Metric TRACE_RECORDS = of("trace.records", "VM exits the hyperupcall recorded in the guest's trace ring");
    public static final Metric TRACE_BY_REASON = of("trace.<reason>", "recorded exits of one reason (trace.cpuid, ...)");
    public static final Metric TRACE_CPUID_REDUNDANT = of("trace.cpuid_redundant", "cpuid exits recorded that repeated the previous one");
    public static final Metric TRACE_LOST = of("trace.lost", "records lost because the trace ring was full");

    private static Metric of(String name, String description) {
        Metric m = new Metric(name, description);
        ALL.add(m);
        return m;
    }

    /** Every metric of the simulator, in the order above. */
    public static List<Metric> all() {
        return Collections.unmodifiableList(ALL);
    }

    /**
     * The declared metric a result's key names: the metric itself, a member of a family
     * ({@code exits.cpuid}), or a statistic of a sample ({@code shootdown.latency_cycles.p99}).
     */
    public static java.util.Optional<Metric> declared(String key) {
        for (Metric m : ALL) {
            String pattern = java.util.regex.Pattern.quote(m.name).replaceAll("<[a-z]+>", "\\\\E[a-z0-9_]+\\\\Q");
            if (key.matches(pattern) || key.matches(pattern + "\\.(count|mean|p50|p99)")) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }

    /** The statistic of this sample, or the side of a comparison, called {@code suffix}: name.suffix. */
    public Metric member(String suffix) {
        return new Metric(name + "." + suffix, description);
    }

    /** The member of a family: its name with {@code value} for the placeholder ({@code exits.<reason>} at "cpuid": exits.cpuid). */
    public Metric at(String value) {
        int from = name.indexOf('<');
        int to = name.indexOf('>', from);
        if (from < 0 || to < 0) {
            throw new IllegalStateException("metric " + name + " is not a family");
        }
        return new Metric(name.substring(0, from) + value + name.substring(to + 1), description);
    }
}
