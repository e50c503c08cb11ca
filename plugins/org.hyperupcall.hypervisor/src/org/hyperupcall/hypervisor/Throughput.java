package org.hyperupcall.hypervisor;

import org.hyperupcall.abi.Event;

/**
 * The simulator's speed: a VM running the tracing scenario's workload (VM exits of every reason
 * on running vCPUs, the host scheduler, the guest draining its ring), with a vm_exit hyperupcall
 * registered or none, driven event by event. For benchmarks: {@link #exits(long)} handles that
 * many more VM exits.
 */
public final class Throughput {
    private final Vm vm;
    private final Metrics.Counter exits;

    /** @param object an ELF object with a hyperupcall/vm_exit program, or null for none */
    public Throughput(ScenarioConfig config, byte[] object) {
        TracingScenario tracing = new TracingScenario();
        vm = tracing.newVm(config);
        GuestKernel kernel = tracing.boot(vm);
        if (object != null) {
            Registry.Registration r = vm.registry().register(Event.VM_EXIT, "object", object);
            if (!r.accepted()) {
                throw new IllegalArgumentException(r.refusal().format());
            }
            vm.attach(r.hyperupcall());
        }
        tracing.workload(vm, kernel, config.withParam("keepRecords", 0), object != null);
        exits = vm.metrics().counter(Metric.EXITS);
    }

    /** Runs until n more VM exits have been handled; returns the simulated clock. */
    public long exits(long n) {
        long target = exits.get() + n;
        while (exits.get() < target && vm.step()) {
            // event by event
        }
        return vm.now();
    }

    /** The VM (for its metrics and hyperupcall). */
    public Vm vm() {
        return vm;
    }
}
