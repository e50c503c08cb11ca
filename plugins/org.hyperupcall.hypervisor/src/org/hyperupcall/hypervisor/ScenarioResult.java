package org.hyperupcall.hypervisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scenario run shows: the metrics without and with the hyperupcall, the registrations (or
 * their refusals), findings in words, and any extra output (the tracing scenario's trace).
 */
public final class ScenarioResult {
    private final String scenario;
    private final ScenarioConfig config;
    private Map<String, Number> without = Map.of();
    private Map<String, Number> with;
    private final List<String> registrations = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();

    public ScenarioResult(String scenario, ScenarioConfig config) {
        this.scenario = scenario;
        this.config = config;
    }

    public String scenario() {
        return scenario;
    }

    public ScenarioConfig config() {
        return config;
    }

    public Map<String, Number> without() {
        return without;
    }

    /** Metrics of the run with the hyperupcall; null when it was not registered. */
    public Map<String, Number> with() {
        return with;
    }

    public List<String> registrations() {
        return registrations;
    }

    public List<Refusal> refusals() {
        return refusals;
    }

    public List<String> findings() {
        return findings;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    void without(Map<String, Number> m) {
        without = m;
    }

    void with(Map<String, Number> m) {
        with = m;
    }

    /** A metric of the run with the hyperupcall (0 when absent). */
    public double withValue(Metric metric) {
        return with == null || !with.containsKey(metric.name()) ? 0 : with.get(metric.name()).doubleValue();
    }

    /** A metric of the run without the hyperupcall (0 when absent). */
    public double withoutValue(Metric metric) {
        return without.containsKey(metric.name()) ? without.get(metric.name()).doubleValue() : 0;
    }

    /** The metrics side by side, one line each: name, without, with, and their ratio. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("scenario ").append(scenario).append(": ").append(config.vcpus()).append(" vCPUs on ").append(config.pcpus())
                .append(" physical CPUs, ").append(config.durationMs()).append(" ms simulated, engine ").append(config.engine())
                .append(", seed ").append(config.seed()).append('\n');
        for (String r : registrations) {
            sb.append("registered: ").append(r).append('\n');
        }
        for (Refusal r : refusals) {
            sb.append("refused: ").append(r.format()).append('\n');
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>(without.keySet());
        if (with != null) {
            names.addAll(with.keySet());
        }
        int w = Math.max(30, names.stream().mapToInt(String::length).max().orElse(0) + 2);
        sb.append(String.format("%-" + w + "s %16s %16s %8s%n", "metric", "without", "with", "ratio"));
        for (String n : names) {
            Number a = without.get(n);
            Number b = with == null ? null : with.get(n);
            String ratio = a != null && b != null && a.doubleValue() != 0 ? String.format("%.2f", b.doubleValue() / a.doubleValue()) : "";
            sb.append(String.format("%-" + w + "s %16s %16s %8s%n", n, a == null ? "-" : format(a), b == null ? "-" : format(b), ratio));
        }
        for (String f : findings) {
            sb.append("* ").append(f).append('\n');
        }
        return sb.toString();
    }

    private static String format(Number n) {
        return n instanceof Double d ? String.format("%.1f", d) : String.valueOf(n);
    }
}
