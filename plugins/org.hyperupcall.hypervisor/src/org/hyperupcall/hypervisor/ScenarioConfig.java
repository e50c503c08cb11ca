package org.hyperupcall.hypervisor;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hyperupcall.ebpf.EngineKind;

/**
 * The parameters of a run: the scenario's name, the VM's shape, engine and seed, the simulated
 * duration, and scenario-specific numbers ({@code params}, documented by each scenario). Scenario
 * files are JSON of this shape (see {@link ScenarioFiles}).
 */
public record ScenarioConfig(String scenario, int vcpus, int pcpus, long guestMib, EngineKind engine, long seed, double durationMs,
        Map<String, Double> params) {

    public ScenarioConfig {
        params = Map.copyOf(params);
    }

    /** The bundled defaults of a scenario, with its default parameters. */
    public static ScenarioConfig defaults(String scenario, int vcpus, int pcpus, double durationMs, Map<String, Double> params) {
        return new ScenarioConfig(scenario, vcpus, pcpus, 1024, EngineKind.DEFAULT, 1, durationMs, params);
    }

    public double param(String name, double fallback) {
        return params.getOrDefault(name, fallback);
    }

    public ScenarioConfig withEngine(EngineKind e) {
        return new ScenarioConfig(scenario, vcpus, pcpus, guestMib, e, seed, durationMs, params);
    }

    public ScenarioConfig withSeed(long s) {
        return new ScenarioConfig(scenario, vcpus, pcpus, guestMib, engine, s, durationMs, params);
    }

    public ScenarioConfig withDuration(double ms) {
        return new ScenarioConfig(scenario, vcpus, pcpus, guestMib, engine, seed, ms, params);
    }

    public ScenarioConfig withParam(String name, double value) {
        Map<String, Double> p = new LinkedHashMap<>(params);
        p.put(name, value);
        return new ScenarioConfig(scenario, vcpus, pcpus, guestMib, engine, seed, durationMs, p);
    }

    /** The duration in cycles of the cost model's clock. */
    public long durationCycles(CostModel cost) {
        return (long) (durationMs * 1e6 * cost.ghz());
    }
}
