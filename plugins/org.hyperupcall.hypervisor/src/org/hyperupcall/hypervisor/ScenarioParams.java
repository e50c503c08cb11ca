package org.hyperupcall.hypervisor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every scenario parameter ({@code params} of a scenario file, {@code --param} of huc run) with its
 * default and the range the simulation runs in: the scenarios read their values here, scenario files
 * and the command line are checked here, and {@code huc scenarios --schema} prints {@link #describe()}.
 */
public final class ScenarioParams {
    /** One parameter: a number from {@code min} to {@code max}, a whole one when {@code integer}. */
    public record Param(String scenario, String name, double defaultValue, double min, double max, boolean integer, String doc) {
        /** "an integer from 1 to 100" or "a number from 0 to 0.9". */
        public String range() {
            return (integer ? "an integer" : "a number") + " from " + format(min) + " to " + format(max);
        }
    }

    private static final List<Param> ALL = List.of(
            new Param("tlb-shootdown", "shootdownsPerMs", 20, 0.01, 1000, false, "shootdowns per ms per running vCPU"),
            new Param("tlb-shootdown", "lazyPercent", 25, 0, 100, true, "percent of schedule-ins in lazy TLB mode"),
            new Param("tlb-shootdown", "pages", 16, 1, 512, true, "pages per unmap"),
            new Param("discard-free", "operations", 200_000, 1, 10_000_000, true, "operations of work to finish"),
            new Param("discard-free", "baseMib", 32, 1, 1024, false, "MiB of the long-lived process"),
            new Param("discard-free", "burstMib", 64, 1, 1024, false, "MiB each job allocates"),
            new Param("discard-free", "burstOps", 20_000, 1, 10_000_000, true, "operations per job"),
            new Param("discard-free", "pressure", 0.5, 0, 0.9, false, "share of touched memory the host reclaims"),
            new Param("discard-free", "sweep", 0, 0, 1, true, "1 also runs pressures 0.2, 0.4, 0.6, 0.8"),
            new Param("tracing", "exitsPerMs", 400, 0.01, 10_000, false, "VM exits per ms per running vCPU"),
            new Param("tracing", "drainUs", 100, 1, 1_000_000, false, "microseconds between ring reads"),
            new Param("tracing", "keepRecords", 2000, 0, 1_000_000, true, "records kept for the written trace"),
            new Param("tracing", "repeatPercent", 60, 0, 100, true, "percent of CPUID exits repeating the previous question"),
            new Param("protection", "exitsPerMs", 400, 0.01, 10_000, false, "VM exits per ms per running vCPU"),
            new Param("protection", "mappingsPerMs", 40, 0.01, 10_000, false, "page mappings per ms"),
            new Param("protection", "injections", 40, 0, 100_000, true, "attacks injected over the run"));

    private ScenarioParams() {
    }

    /** The parameters of a scenario, in the order {@link #describe()} lists them. */
    public static List<Param> of(String scenario) {
        return ALL.stream().filter(p -> p.scenario().equals(scenario)).toList();
    }

    /**
     * The parameter {@code name} of {@code scenario} if {@code value} is in its range; else an
     * IllegalArgumentException whose message starts with {@code where} (the file, or --param) and
     * names the parameter and its range, or, for an unknown name, lists the valid ones.
     */
    public static Param check(String where, String scenario, String name, double value) {
        Param p = find(scenario, name);
        if (p == null) {
            throw new IllegalArgumentException(where + ": unknown parameter '" + name + "' for scenario " + scenario + " (parameters: "
                    + String.join(", ", of(scenario).stream().map(Param::name).toList()) + ")");
        }
        if (!(value >= p.min() && value <= p.max()) || (p.integer() && value != Math.rint(value))) {
            throw new IllegalArgumentException(where + ": parameter '" + name + "' of scenario " + scenario + ": must be " + p.range()
                    + ", not " + format(value));
        }
        return p;
    }

    /** Checks every parameter of a configuration (see {@link #check}). */
    public static void checkAll(String where, ScenarioConfig config) {
        config.params().forEach((name, value) -> check(where, config.scenario(), name, value));
    }

    /** The value the configuration gives the parameter, or its default. */
    static double value(ScenarioConfig config, String name) {
        Param p = find(config.scenario(), name);
        if (p == null) {
            throw new IllegalStateException("scenario " + config.scenario() + " has no parameter " + name);
        }
        return config.param(name, p.defaultValue());
    }

    /** The parameters of every scenario, one line each: name, default, range and meaning. */
    public static String describe() {
        Map<String, StringBuilder> by = new LinkedHashMap<>();
        for (Param p : ALL) {
            by.computeIfAbsent(p.scenario(), k -> new StringBuilder()).append(String.format(Locale.ROOT, "  %-14s %-16s %-9s %-16s %s%n",
                    by.get(p.scenario()) == null || by.get(p.scenario()).isEmpty() ? p.scenario() : "", p.name(), format(p.defaultValue()),
                    format(p.min()) + ".." + format(p.max()), p.doc() + (p.integer() ? " (integer)" : "")));
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-14s %-16s %-9s %-16s %s%n", "scenario", "parameter", "default",
                "range", "meaning"));
        by.values().forEach(sb::append);
        return sb.toString();
    }

    private static Param find(String scenario, String name) {
        return ALL.stream().filter(p -> p.scenario().equals(scenario) && p.name().equals(name)).findFirst().orElse(null);
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
