package org.hyperupcall.hypervisor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.abi.GuestStructs;

/**
 * Use case 3, tracing: every VM exit is recorded with guest context into the guest's trace ring
 * by the {@code vm_exit} hyperupcall, and the guest drains the ring periodically, like ftrace.
 * The trace shows the redundant CPUID exits of the guest (the same vCPU asking the same leaf from
 * the same call site again). Parameters: {@code exitsPerMs} per running vCPU (default 400),
 * {@code drainUs} (guest reads the ring every so many µs, default 100), {@code keepRecords}
 * (records kept for the written trace, default 2000), {@code repeatPercent} (how often a vCPU's
 * CPUID repeats its previous question, default 60).
 */
final class TracingScenario extends AbstractScenario {
    /** A trace record as the guest reads it. */
    record TraceRecord(long tsc, int vcpu, int reason, long qualification, long rip, long cr3) {
        String text() {
            return String.format("%14d  vcpu %-2d %-18s qual 0x%-10x rip 0x%x cr3 0x%x", tsc, vcpu, VmExits.name(reason), qualification, rip, cr3);
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tsc", tsc);
            m.put("vcpu", vcpu);
            m.put("exit", VmExits.name(reason));
            m.put("exit_reason", reason);
            m.put("qualification", qualification);
            m.put("rip", String.format("0x%x", rip));
            m.put("cr3", String.format("0x%x", cr3));
            return m;
        }
    }

    private final List<TraceRecord> kept = new ArrayList<>();
    private final Set<Long> cpuidSeen = new HashSet<>();

    @Override
    public String name() {
        return "tracing";
    }

    @Override
    public String description() {
        return "every VM exit traced with guest context into the guest's ring buffer; the trace shows redundant CPUID exits";
    }

    @Override
    public List<Event> events() {
        return List.of(Event.VM_EXIT);
    }

    @Override
    public String example() {
        return "examples/huc/trace_exits.huc";
    }

    @Override
    protected void workload(Vm vm, GuestKernel kernel, ScenarioConfig config, boolean hyperupcalls) {
        kept.clear();
        cpuidSeen.clear();
        recordCounter = null;
        redundantCounter = null;
        reasonCounters = null;
        double rate = ScenarioParams.value(config, "exitsPerMs");
        long meanGap = Math.max(1, (long) (vm.cost().ghz() * 1e6 / rate));
        int repeat = (int) ScenarioParams.value(config, "repeatPercent");
        long[] lastCpuid = new long[vm.vcpus() * 2];
        for (int v = 0; v < vm.vcpus(); v++) {
            int vcpu = v;
            vm.after(gap(vm, meanGap), new Runnable() {
                @Override
                public void run() {
                    long cost = 0;
                    if (vm.state(vcpu) != Vm.State.RUNNING) {
                        vm.after(vm.cost().timeSlice() / 8, this); // a preempted vCPU does not exit: look again later
                        return;
                    }
                    {
                        int reason = VmExits.reason(vm.random());
                        long qual;
                        long rip;
                        if (reason == Constants.EXIT_CPUID) {
                            if (lastCpuid[2 * vcpu + 1] != 0 && vm.random().nextInt(100) < repeat) {
                                qual = lastCpuid[2 * vcpu];
                                rip = lastCpuid[2 * vcpu + 1];
                            } else {
                                qual = VmExits.CPUID_LEAVES[vm.random().nextInt(VmExits.CPUID_LEAVES.length)];
                                rip = VmExits.CPUID_SITES[vm.random().nextInt(VmExits.CPUID_SITES.length)];
                            }
                            lastCpuid[2 * vcpu] = qual;
                            lastCpuid[2 * vcpu + 1] = rip;
                        } else {
                            qual = vm.random().nextInt(1 << 16);
                            rip = 0xffffffff81000000L + vm.random().nextInt(1 << 22);
                        }
                        cost = VmExits.exit(vm, vcpu, reason, qual, rip).cycles();
                    }
                    vm.after(cost + gap(vm, meanGap), this);
                }
            });
        }
        long drain = (long) (ScenarioParams.value(config, "drainUs") * 1000 * vm.cost().ghz());
        int keep = (int) ScenarioParams.value(config, "keepRecords");
        vm.after(drain, new Runnable() {
            @Override
            public void run() {
                drain(vm, keep);
                vm.after(drain, this);
            }
        });
    }

    private static long gap(Vm vm, long mean) {
        return 1 + (long) (-Math.log(1 - vm.random().nextDouble()) * mean);
    }

    /** The guest's reader: records between tail and head, tail advanced; records overwritten before it came count as lost. */
    private void drain(Vm vm, int keep) {
        GuestMemory mem = vm.memory();
        long ring = GuestMemory.gpa(vm.layout().symbol("trace_ring").orElseThrow().address());
        long records = GuestMemory.gpa(vm.layout().symbol("trace_records").orElseThrow().address());
        long head = mem.read64(ring);
        long tail = mem.read64(ring + 8);
        int nr = (int) mem.read(ring + 16, 4);
        int size = (int) mem.read(ring + 20, 4);
        if (nr <= 0 || Integer.bitCount(nr) != 1 || size < GuestStructs.VMEXIT_RECORD.size()) {
            return;
        }
        Metrics m = vm.metrics();
        if (head - tail > nr) {
            m.add(Metric.TRACE_LOST, head - tail - nr);
            tail = head - nr;
        }
        if (recordCounter == null) {
            recordCounter = m.counter(Metric.TRACE_RECORDS);
            redundantCounter = m.counter(Metric.TRACE_CPUID_REDUNDANT);
            reasonCounters = m.family(Metric.TRACE_BY_REASON, VmExits::name);
        }
        for (long i = tail; i < head; i++) {
            long at = records + (i & (nr - 1)) * size;
            int vcpu = (int) mem.read(at + 8, 4);
            int reason = (int) mem.read(at + 12, 4);
            long qualification = mem.read64(at + 16);
            long rip = mem.read64(at + 24);
            recordCounter.increment();
            reasonCounters.get(reason).increment();
            if (reason == Constants.EXIT_CPUID && !cpuidSeen.add(((long) vcpu << 48) ^ (qualification << 32) ^ rip)) {
                redundantCounter.increment();
            }
            if (kept.size() < keep) {
                kept.add(new TraceRecord(mem.read64(at), vcpu, reason, qualification, rip, mem.read64(at + 32)));
            }
        }
        mem.write64(ring + 8, head);
    }

    private Metrics.Counter recordCounter;
    private Metrics.Counter redundantCounter;
    private Metrics.Family reasonCounters;

    @Override
    protected Map<String, Number> collect(Vm vm, GuestKernel kernel, ScenarioConfig config) {
        drain(vm, (int) ScenarioParams.value(config, "keepRecords"));
        return super.collect(vm, kernel, config);
    }

    @Override
    protected void extra(Vm vm, GuestKernel kernel, ScenarioResult result) {
        StringBuilder text = new StringBuilder("#            tsc  vcpu exit               qualification  rip               cr3\n");
        List<Map<String, Object>> json = new ArrayList<>();
        for (TraceRecord r : kept) {
            text.append(r.text()).append('\n');
            json.add(r.json());
        }
        result.extra().put("trace.text", text.toString());
        result.extra().put("trace.json", json);
    }

    @Override
    protected void findings(ScenarioResult r) {
        if (r.with() == null) {
            return;
        }
        double exits = r.withValue(Metric.EXITS);
        double traced = r.withValue(Metric.TRACE_RECORDS);
        double cpuid = r.withValue(Metric.TRACE_BY_REASON.at("cpuid"));
        double redundant = r.withValue(Metric.TRACE_CPUID_REDUNDANT);
        r.findings().add(String.format("%.0f of %.0f VM exits traced into the guest's ring (%.0f lost); without the hyperupcall the guest sees none",
                traced, exits, r.withValue(Metric.TRACE_LOST)));
        if (cpuid > 0) {
            r.findings().add(String.format("the trace shows %.0f CPUID exits, %.0f of them redundant (%.0f%%: the same vCPU asked the same leaf "
                    + "from the same call site before)", cpuid, redundant, 100 * redundant / cpuid));
        }
        r.findings().add(String.format("tracing costs %.1f cycles per exit on the simulated clock (paper: 232 cycles over native), "
                + "%.1f ns of real time (median) in the %s engine", r.withValue(Metric.HYPERUPCALL_CYCLES.at("vm_exit")),
                r.withValue(Metric.HYPERUPCALL_REAL_NS.at("vm_exit")), r.config().engine()));
    }
}
