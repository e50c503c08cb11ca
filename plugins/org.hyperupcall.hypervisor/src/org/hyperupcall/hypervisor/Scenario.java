package org.hyperupcall.hypervisor;

import java.util.List;

import org.hyperupcall.abi.Event;

/**
 * A use case of the paper as a simulation: it builds a VM, runs the same workload without and with
 * the hyperupcall, and reports metrics of both runs.
 */
public interface Scenario {
    /** The name used on the command line and in scenario files ("tlb-shootdown"). */
    String name();

    /** One line for {@code huc scenarios}. */
    String description();

    /** The events whose programs the scenario registers from the object. */
    List<Event> events();

    /** The example program that goes with it (path in the repository). */
    String example();

    /**
     * Runs the workload without the hyperupcall, then with the object's programs registered for
     * {@link #events()} (when {@code object} is null, only without), with the config's parameters.
     */
    ScenarioResult run(ScenarioConfig config, String objectName, byte[] object);

    /**
     * Runs the workload once, with the object's programs registered for {@link #events()} and run on
     * the interpreter under {@code debugging}; the result holds that run's metrics as {@code with} (or
     * the refusals). What the debugger does (blocking, {@link org.hyperupcall.ebpf.vm.ExecutionHook.Stop})
     * is its own.
     */
    ScenarioResult debug(ScenarioConfig config, String objectName, byte[] object, Debugging debugging);
}
