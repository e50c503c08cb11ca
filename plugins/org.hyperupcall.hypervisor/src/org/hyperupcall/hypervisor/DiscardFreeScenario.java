package org.hyperupcall.hypervisor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hyperupcall.abi.Event;

/**
 * Use case 2, discarding free memory under host memory pressure. The guest runs a fixed amount of
 * work: it allocates pages (touching them), frees some, and reads and writes the pages it holds.
 * The host gives the guest less memory than it touches ({@code pressure} of the guest's touched
 * memory must be reclaimed). To reclaim, the hypervisor picks resident frames it does not know
 * anything about: without the hyperupcall it writes each to swap, and the guest's next touch
 * reads it back; with the {@code page_reclaim} hyperupcall it asks the guest's page allocator
 * first and drops free frames without I/O (a later touch gets a zeroed frame).
 *
 * <p>The guest runs a long-lived process ({@code baseMib}, default 32) and, one after another, jobs
 * that allocate {@code burstMib} (default 64), work on them and exit after {@code burstOps}
 * operations (default 20,000), freeing everything. The host backs only {@code 1 - pressure} of
 * base plus burst ({@code pressure} default 0.5, at most 0.9). Parameter {@code operations}: the
 * work to finish (default 200,000).
 */
final class DiscardFreeScenario extends AbstractScenario {
    private HostMemory host;
    private long finished;

    @Override
    public String name() {
        return "discard-free";
    }

    @Override
    public String description() {
        return "host memory pressure: frames the guest holds free are discarded instead of swapped; swap I/O and runtime with vs without";
    }

    @Override
    public List<Event> events() {
        return List.of(Event.PAGE_RECLAIM);
    }

    @Override
    public String example() {
        return "examples/huc/discard_free.huc";
    }

    @Override
    protected void workload(Vm vm, GuestKernel kernel, ScenarioConfig config, boolean hyperupcalls) {
        int frames = (int) (vm.memory().size() / 4096);
        host = new HostMemory(frames);
        finished = 0;
        long operations = (long) ScenarioParams.value(config, "operations");
        int base = (int) (ScenarioParams.value(config, "baseMib") * 256);
        int burst = (int) (ScenarioParams.value(config, "burstMib") * 256);
        long burstOps = Math.max(1, (long) ScenarioParams.value(config, "burstOps"));
        double pressure = Math.min(0.9, Math.max(0, ScenarioParams.value(config, "pressure")));
        long limit = Math.max(64, (long) ((base + burst) * (1 - pressure)));
        List<Integer> longLived = new ArrayList<>();
        List<Integer> job = new ArrayList<>();
        Metrics m = vm.metrics();
        long[] done = {0};
        vm.after(1, new Runnable() {
            @Override
            public void run() {
                long cost = 200; // the guest's own work per operation
                if (longLived.size() < base) {
                    cost += allocate(vm, kernel, longLived);
                } else if (done[0] % burstOps == 0 && !job.isEmpty()) {
                    // The job exits: all its frames go back to the buddy allocator, still backed by the host.
                    for (int gfn : job) {
                        kernel.buddy().freePages(gfn, 0);
                    }
                    m.add(Metric.GUEST_FREES, job.size());
                    m.increment(Metric.GUEST_JOB_EXITS);
                    job.clear();
                } else if (job.size() < burst) {
                    cost += allocate(vm, kernel, job);
                } else {
                    List<Integer> p = vm.random().nextBoolean() ? longLived : job;
                    cost += touch(vm, p.get(vm.random().nextInt(p.size())));
                    m.increment(Metric.GUEST_ACCESSES);
                }
                while (host.resident() > limit) {
                    cost += reclaim(vm);
                }
                if (++done[0] >= operations) {
                    finished = vm.now() + cost;
                    return;
                }
                vm.after(cost, this);
            }
        });
    }

    private long allocate(Vm vm, GuestKernel kernel, List<Integer> to) {
        int gfn = kernel.buddy().allocPages(0);
        if (gfn < 0) {
            return 0;
        }
        to.add(gfn);
        vm.metrics().increment(Metric.GUEST_ALLOCATIONS);
        return touch(vm, gfn);
    }

    /** The guest touches a frame: the host backs it, reading it from swap if it was swapped out. */
    private long touch(Vm vm, int gfn) {
        CostModel c = vm.cost();
        Metrics m = vm.metrics();
        return switch (host.touch(gfn)) {
            case PRESENT -> 0;
            case SWAPPED -> {
                m.increment(Metric.HOST_SWAP_INS);
                m.increment(Metric.EXITS);
                yield c.vmExit() + c.swapIn() + c.vmEntry();
            }
            case DISCARDED -> {
                m.increment(Metric.HOST_REFAULTS_OF_DISCARDED);
                m.increment(Metric.EXITS);
                yield c.vmExit() + c.exitHandling() * 4 + c.vmEntry();
            }
            case ABSENT -> {
                m.increment(Metric.EXITS);
                yield c.vmExit() + c.exitHandling() * 4 + c.vmEntry();
            }
        };
    }

    /** Reclaims one resident frame (the host's clock picks it), asking the hyperupcall first when there is one. */
    private long reclaim(Vm vm) {
        CostModel c = vm.cost();
        Metrics m = vm.metrics();
        int gfn = host.victim();
        Hyperupcall h = vm.hyperupcall(Event.PAGE_RECLAIM);
        long cycles = 0;
        if (h != null) {
            ByteBuffer ctx = h.context();
            ctx.putLong(0, gfn).putLong(8, 1);
            Hyperupcall.Outcome o = h.invoke(0);
            cycles += c.hyperupcall(o.instructions());
            m.add(Metric.CYCLES_HYPERUPCALLS, c.hyperupcall(o.instructions()));
            if (o.ok() && o.r0() == 1) {
                host.evict(gfn, true);
                m.increment(Metric.HOST_DISCARDED);
                vm.memory().clear((long) gfn * 4096, 4096);
                return cycles;
            }
            if (!o.ok()) {
                m.increment(Metric.FAULTS_FELL_BACK);
            }
        }
        host.evict(gfn, false);
        m.increment(Metric.HOST_SWAP_OUTS);
        return cycles + c.swapOut();
    }

    /**
     * With parameter {@code sweep} = 1, also runs the workload at pressures 0.2, 0.4, 0.6 and 0.8
     * (the x axis of the paper's figure 3) and reports runtime and swap I/O without and with the
     * hyperupcall at each ({@code extra().get("sweep")}, and one finding per pressure).
     */
    @Override
    public ScenarioResult run(ScenarioConfig config, String objectName, byte[] object) {
        ScenarioResult r = super.run(config, objectName, object);
        if (ScenarioParams.value(config, "sweep") == 1 && object != null) {
            List<Map<String, Number>> sweep = new ArrayList<>();
            for (double pressure : new double[] {0.2, 0.4, 0.6, 0.8}) {
                ScenarioResult p = super.run(config.withParam("pressure", pressure).withParam("sweep", 0), objectName, object);
                if (p.with() == null) {
                    break;
                }
                Map<String, Number> row = new java.util.LinkedHashMap<>();
                row.put("pressure", pressure);
                row.put(Metric.RUNTIME_MS.member("without").name(), p.withoutValue(Metric.RUNTIME_MS));
                row.put(Metric.RUNTIME_MS.member("with").name(), p.withValue(Metric.RUNTIME_MS));
                row.put(Metric.SWAP_IO_PAGES.member("without").name(), p.withoutValue(Metric.SWAP_IO_PAGES));
                row.put(Metric.SWAP_IO_PAGES.member("with").name(), p.withValue(Metric.SWAP_IO_PAGES));
                sweep.add(row);
                r.findings().add(String.format("pressure %.1f: runtime %s without, %s with; swap I/O %.0f pages without, %.0f with",
                        pressure, runtime(p.withoutValue(Metric.RUNTIME_MS), config), runtime(p.withValue(Metric.RUNTIME_MS), config),
                        p.withoutValue(Metric.SWAP_IO_PAGES), p.withValue(Metric.SWAP_IO_PAGES)));
            }
            r.extra().put("sweep", sweep);
        }
        return r;
    }

    @Override
    protected Map<String, Number> collect(Vm vm, GuestKernel kernel, ScenarioConfig config) {
        Map<String, Number> out = super.collect(vm, kernel, config);
        out.put(Metric.RUNTIME_MS.name(), finished == 0 ? -1 : round(vm.cost().nanos(finished) / 1e6));
        out.put(Metric.SWAP_IO_PAGES.name(), vm.metrics().get(Metric.HOST_SWAP_OUTS) + vm.metrics().get(Metric.HOST_SWAP_INS));
        out.put(Metric.SWAP_IO_MIB.name(), round((vm.metrics().get(Metric.HOST_SWAP_OUTS) + vm.metrics().get(Metric.HOST_SWAP_INS)) * 4096 / 1048576.0));
        return out;
    }

    @Override
    protected void findings(ScenarioResult r) {
        if (r.with() == null) {
            return;
        }
        r.findings().add(String.format("%.0f frames discarded instead of swapped; swap I/O %.0f pages without, %.0f with (%.0f%% avoided)",
                r.withValue(Metric.HOST_DISCARDED), r.withoutValue(Metric.SWAP_IO_PAGES), r.withValue(Metric.SWAP_IO_PAGES),
                100 * (1 - r.withValue(Metric.SWAP_IO_PAGES) / Math.max(1, r.withoutValue(Metric.SWAP_IO_PAGES)))));
        r.findings().add(String.format("the guest's work took %s without, %s with the hyperupcall", runtime(r.withoutValue(Metric.RUNTIME_MS), r.config()),
                runtime(r.withValue(Metric.RUNTIME_MS), r.config())));
    }

    /**
     * A runtime for the findings: runtime_ms is -1 when the work did not finish within the simulated
     * duration, which is said in words rather than printed as a negative time.
     */
    static String runtime(double ms, ScenarioConfig config) {
        return ms < 0 ? String.format("(not finished within %s ms)", ScenarioParams.format(config.durationMs()))
                : String.format("%.1f ms", ms);
    }
}
