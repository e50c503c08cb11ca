package org.hyperupcall.hypervisor;

import java.nio.ByteBuffer;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.Event;

/**
 * VM exits: a workload that makes running vCPUs exit for every reason a Linux guest does (CPUID —
 * often asking the same leaf again from the same call site —, HLT, MSR reads and writes, port
 * I/O, EPT violations, external interrupts, control-register accesses), and the hypervisor's
 * handling of each: the exit, the {@code vm_exit} hyperupcall when one is registered, the default
 * handling and the entry back, on the cost model's clock.
 */
final class VmExits {
    /** Exit reasons with their weights in the generated mix (percent). */
    static final int[][] MIX = {
        {Constants.EXIT_CPUID, 30}, {Constants.EXIT_HLT, 10}, {Constants.EXIT_MSR_READ, 10}, {Constants.EXIT_MSR_WRITE, 8},
        {Constants.EXIT_IO, 12}, {Constants.EXIT_EPT_VIOLATION, 15}, {Constants.EXIT_EXTERNAL_INTERRUPT, 12},
        {Constants.EXIT_CR_ACCESS, 3}};
    /** Call sites of CPUID in the guest kernel (rip), and the leaves it asks. */
    static final long[] CPUID_SITES = {0xffffffff81001040L, 0xffffffff8102a310L, 0xffffffff810b5e20L, 0xffffffff81234560L};
    static final int[] CPUID_LEAVES = {0x0, 0x1, 0x4, 0x7, 0xb, 0xd, 0x80000001};

    /** What an exit handler decided: the hyperupcall's verdict, if one ran. */
    record Handled(long cycles, long verdict, boolean ranHyperupcall) {
    }

    private VmExits() {
    }

    /** Picks an exit reason from the mix. */
    static int reason(java.util.random.RandomGenerator r) {
        int x = r.nextInt(100);
        for (int[] m : MIX) {
            x -= m[1];
            if (x < 0) {
                return m[0];
            }
        }
        return Constants.EXIT_HLT;
    }

    /**
     * Handles one exit of a vCPU: the vm_exit hyperupcall runs when registered (its fault falls
     * back to default handling); returns the cycles the exit cost the vCPU.
     */
    /** The counters an exit updates, looked up once per VM. */
    static final class Counters {
        final Metrics.Counter exits;
        final Metrics.Family byReason;
        final Metrics.Counter cycles;
        final Metrics.Counter hyperupcallCycles;
        final Metrics.Counter fellBack;

        Counters(Metrics m) {
            exits = m.counter(Metric.EXITS);
            cycles = m.counter(Metric.CYCLES_EXITS);
            hyperupcallCycles = m.counter(Metric.CYCLES_HYPERUPCALLS);
            fellBack = m.counter(Metric.FAULTS_FELL_BACK);
            byReason = m.family(Metric.EXITS_BY_REASON, VmExits::name);
        }
    }

    static Handled exit(Vm vm, int vcpu, int reason, long qualification, long rip) {
        CostModel c = vm.cost();
        Counters m = vm.exitCounters();
        long cycles = c.vmExit() + c.exitHandling() + c.vmEntry();
        m.exits.increment();
        m.byReason.get(reason).increment();
        Hyperupcall h = vm.hyperupcall(Event.VM_EXIT);
        long verdict = 0;
        boolean ran = false;
        if (h != null) {
            ByteBuffer ctx = h.context();
            ctx.putInt(0, vcpu).putInt(4, reason).putLong(8, qualification).putLong(16, rip)
                    .putLong(24, vm.register(vcpu, 2)).putLong(32, vm.now());
            Hyperupcall.Outcome o = h.invoke(vcpu);
            long hc = c.hyperupcall(o.instructions());
            cycles += hc;
            m.hyperupcallCycles.add(hc);
            if (o.ok()) {
                verdict = o.r0();
                ran = true;
            } else {
                m.fellBack.increment();
            }
        }
        m.cycles.add(cycles);
        return new Handled(cycles, verdict, ran);
    }

    static String name(int reason) {
        return switch (reason) {
            case Constants.EXIT_CPUID -> "cpuid";
            case Constants.EXIT_HLT -> "hlt";
            case Constants.EXIT_MSR_READ -> "msr_read";
            case Constants.EXIT_MSR_WRITE -> "msr_write";
            case Constants.EXIT_IO -> "io";
            case Constants.EXIT_EPT_VIOLATION -> "ept_violation";
            case Constants.EXIT_EXTERNAL_INTERRUPT -> "external_interrupt";
            case Constants.EXIT_CR_ACCESS -> "cr_access";
            default -> "reason_" + reason;
        };
    }
}
