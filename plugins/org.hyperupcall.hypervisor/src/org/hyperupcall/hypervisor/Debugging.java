package org.hyperupcall.hypervisor;

import org.hyperupcall.ebpf.vm.ExecutionHook;

/**
 * A debugger of the hyperupcalls a scenario registers ({@link Scenario#debug}): they run on the
 * interpreter with this hook, which sees each instruction ({@link ExecutionHook#before}) and may block
 * there; around each run it learns which hyperupcall runs, for which vCPU, at which simulated time.
 * Without a debugger nothing of this is on the path of a run.
 */
public interface Debugging extends ExecutionHook {
    /** A hyperupcall is about to run: its context ({@link Hyperupcall#context()}) is filled. */
    void invoking(Hyperupcall hyperupcall, int vcpu, long nowNanos);

    /** It returned (or faulted: {@link Hyperupcall.Outcome#fault()}); the program's memory still holds its state. */
    void returned(Hyperupcall hyperupcall, Hyperupcall.Outcome outcome);
}
