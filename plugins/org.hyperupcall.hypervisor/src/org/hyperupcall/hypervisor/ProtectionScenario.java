package org.hyperupcall.hypervisor;

import java.nio.ByteBuffer;
import java.util.List;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.GuestLayout;

/**
 * Use case 4, kernel self-protection: the {@code page_mapping} hyperupcall refuses mappings that
 * would let the guest write its kernel text or read-only data, and the {@code vm_exit} hyperupcall
 * checks on control-register exits that CR0's write protection is still on. The workload is the
 * usual mix of exits and benign page mappings, plus injected attacks, alternately a writable
 * mapping of a kernel text page and clearing CR0.WP. Parameters: {@code exitsPerMs} per running
 * vCPU (default 400), {@code mappingsPerMs} (default 40), {@code injections} (default 40).
 * A caught CR0 attack stops the vCPU (ABI: HUP_VIOLATION); the simulation restores WP and resumes
 * it 100 µs later, so that every injection is measured.
 */
final class ProtectionScenario extends AbstractScenario {
    private static final long ACCESS_READ = 1;
    private static final long ACCESS_WRITE = 2;

    @Override
    public String name() {
        return "protection";
    }

    @Override
    public String description() {
        return "kernel self-protection: writable mappings of kernel text and CR0.WP clearing are caught; overhead per VM exit in cycles";
    }

    @Override
    public List<Event> events() {
        return List.of(Event.PAGE_MAPPING, Event.VM_EXIT);
    }

    @Override
    public String example() {
        return "examples/huc/protect_kernel.huc";
    }

    @Override
    protected void workload(Vm vm, GuestKernel kernel, ScenarioConfig config, boolean hyperupcalls) {
        long perMs = (long) (vm.cost().ghz() * 1e6);
        long exitGap = Math.max(1, (long) (perMs / ScenarioParams.value(config, "exitsPerMs")));
        long mapGap = Math.max(1, (long) (perMs / ScenarioParams.value(config, "mappingsPerMs")));
        for (int v = 0; v < vm.vcpus(); v++) {
            int vcpu = v;
            vm.after(1 + vm.random().nextInt((int) exitGap), new Runnable() {
                @Override
                public void run() {
                    long cost = 0;
                    if (vm.state(vcpu) == Vm.State.RUNNING) {
                        int reason = VmExits.reason(vm.random());
                        cost = exit(vm, vcpu, reason, false);
                    }
                    vm.after(cost + exitGap, this);
                }
            });
        }
        vm.after(mapGap, new Runnable() {
            @Override
            public void run() {
                int vcpu = vm.random().nextInt(vm.vcpus());
                long gpa = (0x1000_0000L + vm.random().nextInt(1 << 24)) & ~0xfffL; // user memory, above the kernel
                map(vm, vcpu, gpa, vm.random().nextBoolean() ? ACCESS_WRITE | ACCESS_READ : ACCESS_READ, false);
                vm.after(mapGap, this);
            }
        });
        int injections = (int) ScenarioParams.value(config, "injections");
        long span = config.durationCycles(vm.cost());
        for (int i = 0; i < injections; i++) {
            boolean mapping = i % 2 == 0;
            vm.at(span * (i + 1) / (injections + 1), () -> {
                int vcpu = firstRunning(vm);
                vm.metrics().increment(Metric.ATTACKS_INJECTED);
                if (mapping) {
                    long gpa = GuestLayout.KERNEL_TEXT_PHYS + ((long) vm.random().nextInt(1 << 12) << 12);
                    map(vm, vcpu, gpa, ACCESS_WRITE | ACCESS_READ, true);
                } else {
                    vm.setRegister(vcpu, Constants.REG_CR0, vm.register(vcpu, Constants.REG_CR0) & ~Constants.CR0_WP); // the guest clears CR0.WP
                    exit(vm, vcpu, Constants.EXIT_CR_ACCESS, true);
                }
            });
        }
    }

    private static int firstRunning(Vm vm) {
        for (int v = 0; v < vm.vcpus(); v++) {
            if (vm.state(v) == Vm.State.RUNNING) {
                return v;
            }
        }
        return 0;
    }

    private static long exit(Vm vm, int vcpu, int reason, boolean attack) {
        VmExits.Handled h = VmExits.exit(vm, vcpu, reason, 0, 0xffffffff81000000L + vm.random().nextInt(1 << 20));
        boolean violation = h.ranHyperupcall() && h.verdict() == 1;
        if (violation && attack) {
            vm.metrics().increment(Metric.ATTACKS_CAUGHT);
            vm.metrics().increment(Metric.ATTACKS_CAUGHT_CR0_WP);
            vm.halt(vcpu);
            vm.after((long) (100_000 * vm.cost().ghz()), () -> {
                vm.setRegister(vcpu, Constants.REG_CR0, vm.register(vcpu, Constants.REG_CR0) | Constants.CR0_WP);
                vm.resume(vcpu);
            });
        } else if (violation) {
            vm.metrics().increment(Metric.FALSE_ALARMS);
        } else if (attack) {
            vm.metrics().increment(Metric.ATTACKS_MISSED);
            vm.setRegister(vcpu, Constants.REG_CR0, vm.register(vcpu, Constants.REG_CR0) | Constants.CR0_WP); // the attack ran its course unseen
        }
        return h.cycles();
    }

    /** A page mapping event: the page_mapping hyperupcall (when registered) allows or denies it. */
    private static void map(Vm vm, int vcpu, long gpa, long access, boolean attack) {
        CostModel c = vm.cost();
        Metrics m = vm.metrics();
        long cycles = c.vmExit() + c.exitHandling() + c.vmEntry();
        m.increment(Metric.MAPPINGS);
        boolean denied = false;
        Hyperupcall h = vm.hyperupcall(Event.PAGE_MAPPING);
        if (h != null) {
            ByteBuffer ctx = h.context();
            ctx.putInt(0, vcpu).putInt(4, (int) access).putLong(8, gpa).putLong(16, GuestLayout.PAGE_OFFSET + gpa);
            Hyperupcall.Outcome o = h.invoke(vcpu);
            cycles += c.hyperupcall(o.instructions());
            denied = o.ok() && o.r0() == 1;
            if (!o.ok()) {
                m.increment(Metric.FAULTS_FELL_BACK);
            }
        }
        m.add(Metric.CYCLES_MAPPINGS, cycles);
        if (denied) {
            m.increment(Metric.MAPPINGS_DENIED);
        }
        if (attack && denied) {
            m.increment(Metric.ATTACKS_CAUGHT);
            m.increment(Metric.ATTACKS_CAUGHT_TEXT_MAPPING);
        } else if (attack) {
            m.increment(Metric.ATTACKS_MISSED);
        } else if (denied) {
            m.increment(Metric.FALSE_ALARMS);
        }
    }

    @Override
    protected void findings(ScenarioResult r) {
        if (r.with() == null) {
            return;
        }
        r.findings().add(String.format("%.0f of %.0f injected writes to protected kernel memory caught (%.0f without the hyperupcalls), "
                + "%.0f false alarms", r.withValue(Metric.ATTACKS_CAUGHT), r.withValue(Metric.ATTACKS_INJECTED), r.withoutValue(Metric.ATTACKS_CAUGHT),
                r.withValue(Metric.FALSE_ALARMS)));
        r.findings().add(String.format("the check costs %.1f cycles per VM exit on the simulated clock (paper: 43 cycles), %.1f ns of real time (median)",
                r.withValue(Metric.HYPERUPCALL_CYCLES.at("vm_exit")), r.withValue(Metric.HYPERUPCALL_REAL_NS.at("vm_exit"))));
    }
}
