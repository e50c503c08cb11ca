package org.hyperupcall.hypervisor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hyperupcall.abi.Event;

/**
 * Use case 1, TLB shootdown under vCPU overcommit. The threads of one process run on every vCPU
 * and map and unmap memory now and then (real page-table changes in the guest's tables); each unmap flushes the range on every other vCPU that has the
 * process loaded, by IPI, and the sender waits for all of them. A preempted target answers only
 * when the host scheduler runs it again. With the {@code tlb_shootdown} hyperupcall, the
 * hypervisor runs the guest's own deferral logic on the preempted target's TLB state instead:
 * the flush is recorded and done when the target next runs (or skipped, for a vCPU in lazy TLB
 * mode), and the IPI completes at once.
 *
 * <p>Costs: IPIs to running targets are sent one after another ({@code ipi / 4} cycles each on the
 * sender) and each running target exits, flushes and re-enters; the sender waits for the slowest.
 * Parameters: {@code shootdownsPerMs} per running vCPU (default 20), {@code lazyPercent} (share
 * of schedule-ins that run a kernel thread in lazy TLB mode, default 25), {@code pages} per unmap
 * (default 16). The result also gives the native figure: the same workload without overcommit
 * (one physical CPU per vCPU) and without the hyperupcall.
 */
final class TlbShootdownScenario extends AbstractScenario {
    private static final int VECTOR = 0xfb; // CALL_FUNCTION_VECTOR, which Linux uses for flushes

    /** Shootdowns waiting for preempted targets: per target, the completions to run when it is scheduled in. */
    private List<List<Runnable>> waiting;

    @Override
    public String name() {
        return "tlb-shootdown";
    }

    @Override
    public String description() {
        return "TLB shootdowns to preempted vCPUs under overcommit: latency, IPIs and exits with deferred flushes vs without";
    }

    @Override
    public List<Event> events() {
        return List.of(Event.TLB_SHOOTDOWN);
    }

    @Override
    public String example() {
        return "examples/huc/tlb_shootdown.huc";
    }

    @Override
    public ScenarioResult run(ScenarioConfig config, String objectName, byte[] object) {
        ScenarioResult r = super.run(config, objectName, object);
        if (config.vcpus() != config.pcpus()) {
            ScenarioConfig nativeConfig = new ScenarioConfig(config.scenario(), config.vcpus(), config.vcpus(), config.guestMib(),
                    config.engine(), config.seed(), config.durationMs(), config.params());
            ScenarioResult n = super.run(nativeConfig, null, null);
            r.extra().put("native", n.without());
            double nat = n.withoutValue(Metric.SHOOTDOWN_LATENCY.member("mean"));
            r.findings().add(String.format("native (%d vCPUs on %d physical CPUs, no hyperupcall): %.0f cycles mean shootdown latency",
                    config.vcpus(), config.vcpus(), nat));
            if (r.with() != null && nat > 0) {
                r.findings().add(String.format("with the hyperupcall under %.1fx overcommit, shootdowns take %.2f of native's time",
                        config.vcpus() / (double) config.pcpus(), r.withValue(Metric.SHOOTDOWN_LATENCY.member("mean")) / nat));
            }
        }
        return r;
    }

    @Override
    protected void workload(Vm vm, GuestKernel kernel, ScenarioConfig config, boolean hyperupcalls) {
        int n = vm.vcpus();
        waiting = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            waiting.add(new ArrayList<>());
        }
        AnonProcess process = kernel.createProcess().orElseThrow(() -> new IllegalStateException("the guest has no memory for a process"));
        long mm = process.mm();
        for (int v = 0; v < n; v++) {
            kernel.switchMm(v, mm);
        }
        int lazyPercent = (int) ScenarioParams.value(config, "lazyPercent");
        vm.onScheduleIn(v -> {
            // Deferred flushes happen now, before the vCPU runs guest code.
            kernel.takePendingFlush(v).ifPresent(range -> {
                vm.metrics().increment(Metric.DEFERRED_FLUSHES_DONE);
                vm.metrics().add(Metric.CYCLES_TLB_FLUSH, vm.cost().tlbFlush());
            });
            if (vm.random().nextInt(100) < lazyPercent) {
                kernel.enterLazy(v);
            } else {
                kernel.leaveLazy(v);
            }
            List<Runnable> w = waiting.get(v);
            List<Runnable> now = new ArrayList<>(w);
            w.clear();
            now.forEach(Runnable::run);
        });
        long gap = Math.max(1, (long) (vm.cost().ghz() * 1e6 / ScenarioParams.value(config, "shootdownsPerMs")));
        long pages = (long) ScenarioParams.value(config, "pages");
        for (int v = 0; v < n; v++) {
            int sender = v;
            vm.after(1 + vm.random().nextInt((int) gap), new Runnable() {
                @Override
                public void run() {
                    if (vm.state(sender) != Vm.State.RUNNING) {
                        vm.after(gap, this);
                        return;
                    }
                    // munmap of memory the thread mapped: real page-table changes, frames freed, the range flushed everywhere.
                    long start = process.map((int) pages);
                    if (start < 0) {
                        vm.metrics().increment(Metric.MAP_FAILURES);
                        vm.after(gap, this);
                        return;
                    }
                    GvaRange range = process.unmap(start, (int) pages);
                    shootdown(vm, kernel, sender, range.start(), range.end(), () -> vm.after(gap, this));
                }
            });
        }
    }

    /** One shootdown from sender; {@code done} runs when every target has answered. */
    private void shootdown(Vm vm, GuestKernel kernel, int sender, long start, long end, Runnable done) {
        CostModel c = vm.cost();
        Metrics m = vm.metrics();
        long begin = vm.now();
        m.increment(Metric.SHOOTDOWNS);
        int[] pending = {0};
        long[] slowest = {0};
        long sendCost = 0;
        List<Integer> deferredTargets = new ArrayList<>();
        for (int t = 0; t < vm.vcpus(); t++) {
            if (t == sender) {
                continue;
            }
            if (vm.state(t) == Vm.State.RUNNING) {
                sendCost += c.ipi() / 4;
                m.increment(Metric.IPIS);
                m.increment(Metric.EXITS);
                m.add(Metric.CYCLES_TARGET_EXITS, c.vmExit() + c.tlbFlush() + c.vmEntry());
                slowest[0] = Math.max(slowest[0], sendCost + c.ipi() + c.vmExit() + c.tlbFlush() + c.vmEntry());
                continue;
            }
            m.increment(Metric.TARGETS_NOT_RUNNING);
            Hyperupcall h = vm.hyperupcall(Event.TLB_SHOOTDOWN);
            if (h != null) {
                ByteBuffer ctx = h.context();
                ctx.putInt(0, sender).putInt(4, t).putInt(8, VECTOR).putInt(12, 0).putLong(16, start).putLong(24, end);
                Hyperupcall.Outcome o = h.invoke(t);
                long hc = c.hyperupcall(o.instructions());
                sendCost += hc;
                m.add(Metric.CYCLES_HYPERUPCALLS, hc);
                if (o.ok() && o.r0() == 1) {
                    m.increment(Metric.TARGETS_HANDLED);
                    continue;
                }
                if (!o.ok()) {
                    m.increment(Metric.FAULTS_FELL_BACK);
                }
            }
            deferredTargets.add(t);
        }
        m.increment(Metric.EXITS); // the sender's IPI write exits to the hypervisor
        long base = c.vmExit() + sendCost + c.vmEntry();
        if (deferredTargets.isEmpty()) {
            long latency = Math.max(base, slowest[0]);
            finish(vm, begin, latency, done);
            return;
        }
        // Preempted targets answer the IPI when the host scheduler runs them.
        pending[0] = deferredTargets.size();
        for (int t : deferredTargets) {
            m.increment(Metric.IPIS);
            waiting.get(t).add(() -> {
                m.increment(Metric.EXITS);
                m.add(Metric.CYCLES_TARGET_EXITS, c.vmExit() + c.tlbFlush() + c.vmEntry());
                if (--pending[0] == 0) {
                    long latency = Math.max(vm.now() - begin + c.vmExit() + c.tlbFlush() + c.vmEntry(), Math.max(base, slowest[0]));
                    finish(vm, begin, latency, done);
                }
            });
        }
    }

    private static void finish(Vm vm, long begin, long latency, Runnable done) {
        vm.metrics().sample(Metric.SHOOTDOWN_LATENCY, latency);
        vm.metrics().add(Metric.CYCLES_SENDERS_WAITING, latency);
        vm.at(begin + latency, done);
    }

    @Override
    protected Map<String, Number> collect(Vm vm, GuestKernel kernel, ScenarioConfig config) {
        Map<String, Number> m = super.collect(vm, kernel, config);
        m.put(Metric.SHOOTDOWN_LATENCY_US.name(), round(vm.metrics().mean(Metric.SHOOTDOWN_LATENCY) / vm.cost().ghz() / 1000));
        double n = Math.max(1, vm.metrics().get(Metric.SHOOTDOWNS));
        m.put(Metric.IPIS_PER_SHOOTDOWN.name(), round(vm.metrics().get(Metric.IPIS) / n));
        m.put(Metric.EXITS_PER_SHOOTDOWN.name(), round(vm.metrics().get(Metric.EXITS) / n));
        return m;
    }

    @Override
    protected void findings(ScenarioResult r) {
        if (r.with() == null) {
            return;
        }
        r.findings().add(String.format("mean shootdown latency %.0f cycles without the hyperupcall, %.0f with (%.1fx faster); "
                + "%.0f vs %.0f shootdowns completed", r.withoutValue(Metric.SHOOTDOWN_LATENCY.member("mean")), r.withValue(Metric.SHOOTDOWN_LATENCY.member("mean")),
                r.withoutValue(Metric.SHOOTDOWN_LATENCY.member("mean")) / Math.max(1, r.withValue(Metric.SHOOTDOWN_LATENCY.member("mean"))),
                r.withoutValue(Metric.SHOOTDOWNS), r.withValue(Metric.SHOOTDOWNS)));
        r.findings().add(String.format("per shootdown: %.1f IPIs and %.1f VM exits without, %.1f and %.1f with",
                r.withoutValue(Metric.IPIS_PER_SHOOTDOWN), r.withoutValue(Metric.EXITS_PER_SHOOTDOWN), r.withValue(Metric.IPIS_PER_SHOOTDOWN),
                r.withValue(Metric.EXITS_PER_SHOOTDOWN)));
    }
}
