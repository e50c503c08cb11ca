package org.hyperupcall.hypervisor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.verifier.MemoryRange;

/**
 * The frame every scenario shares: a fresh VM and guest per run, the workload run without the
 * hyperupcall, then again with the object's programs registered (memory: the guest symbols their
 * externs name), and the hyperupcalls' own figures added to the second run's metrics.
 */
abstract class AbstractScenario implements Scenario {
    /** Sets up the guest's state in a fresh VM; every vCPU starts with the kernel's page tables in CR3. */
    protected GuestKernel boot(Vm vm) {
        GuestKernel kernel = GuestKernel.boot(vm.memory(), vm.layout());
        for (int v = 0; v < vm.vcpus(); v++) {
            vm.setRegister(v, Constants.REG_CR3, kernel.kernelPgd());
        }
        return kernel;
    }

    /** Schedules the workload on the VM (it runs when the VM's clock advances). */
    protected abstract void workload(Vm vm, GuestKernel kernel, ScenarioConfig config, boolean hyperupcalls);

    /** Metrics of a finished run. */
    protected Map<String, Number> collect(Vm vm, GuestKernel kernel, ScenarioConfig config) {
        return new LinkedHashMap<>(vm.metrics().summary());
    }

    /** Findings in words, comparing the runs. */
    protected void findings(ScenarioResult result) {
    }

    /** Anything extra the run shows (a trace), from the run with the hyperupcall. */
    protected void extra(Vm vm, GuestKernel kernel, ScenarioResult result) {
    }

    @Override
    public ScenarioResult run(ScenarioConfig config, String objectName, byte[] object) {
        ScenarioResult result = new ScenarioResult(name(), config);
        result.without(simulate(config, null, null, result, null));
        if (object != null) {
            Map<String, Number> with = simulate(config, objectName, object, result, null);
            if (with != null) {
                result.with(with);
            }
        }
        findings(result);
        return result;
    }

    @Override
    public ScenarioResult debug(ScenarioConfig config, String objectName, byte[] object, Debugging debugging) {
        ScenarioResult result = new ScenarioResult(name(), config);
        Map<String, Number> with = simulate(config, objectName, object, result, debugging);
        if (with != null) {
            result.with(with);
        }
        return result;
    }

    /** A fresh VM with empty guest memory. */
    Vm newVm(ScenarioConfig config) {
        if (config.guestMib() < ScenarioFiles.MIN_GUEST_MIB || config.guestMib() > ScenarioFiles.MAX_GUEST_MIB) {
            throw new IllegalArgumentException("guest_mib " + config.guestMib() + ": the simulated guest takes "
                    + ScenarioFiles.MIN_GUEST_MIB + " to " + ScenarioFiles.MAX_GUEST_MIB + " MiB");
        }
        ScenarioParams.checkAll("scenario " + config.scenario(), config);
        GuestMemory memory = new GuestMemory(config.guestMib() << 20);
        return new Vm(config.vcpus(), config.pcpus(), memory, GuestLayout.defaults(), CostModel.defaults(), config.engine(), config.seed());
    }

    private Map<String, Number> simulate(ScenarioConfig config, String objectName, byte[] object, ScenarioResult result,
            Debugging debugging) {
        Vm vm = newVm(config);
        vm.registry().debugWith(debugging);
        GuestKernel kernel = boot(vm);
        if (object != null) {
            for (Event e : events()) {
                Registry.Registration r = vm.registry().register(e, objectName, object);
                if (!r.accepted()) {
                    result.refusals().add(r.refusal());
                    return null;
                }
                vm.attach(r.hyperupcall());
                result.registrations().add(e.id() + ": " + objectName + " (" + r.hyperupcall().program().size() + " instructions, "
                        + r.hyperupcall().memory().stream().map(MemoryRange::name).toList() + ", " + config.engine() + ")");
            }
        }
        workload(vm, kernel, config, object != null);
        vm.runUntil(config.durationCycles(vm.cost()));
        Map<String, Number> m = collect(vm, kernel, config);
        if (object != null) {
            for (Event e : events()) {
                Hyperupcall h = vm.hyperupcall(e);
                m.put(Metric.HYPERUPCALL_RUNS.at(e.id()).name(), h.invocations());
                m.put(Metric.HYPERUPCALL_FAULTS.at(e.id()).name(), h.faults());
                if (h.invocations() > 0) {
                    m.put(Metric.HYPERUPCALL_INSNS.at(e.id()).name(), round(h.instructions() / (double) h.invocations()));
                    m.put(Metric.HYPERUPCALL_CYCLES.at(e.id()).name(), round(vm.cost().hyperupcallEntry()
                            + vm.cost().perInstruction() * h.instructions() / (double) h.invocations()));
                    m.put(Metric.HYPERUPCALL_REAL_NS.at(e.id()).name(), round(h.medianNanos()));
                }
                if (h.lastFault() != null) {
                    result.findings().add(e.id() + " hyperupcall faulted " + h.faults() + " times (default handling used); last: "
                            + h.lastFault());
                }
            }
            extra(vm, kernel, result);
        }
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
