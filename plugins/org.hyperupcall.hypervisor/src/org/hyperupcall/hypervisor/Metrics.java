package org.hyperupcall.hypervisor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named counters and latency samples of one simulation run, in insertion order. */
public final class Metrics {
    /** A counter a hot path keeps a reference to (no map lookup per event). */
    public static final class Counter {
        long value;

        public void increment() {
            value++;
        }

        public void add(long delta) {
            value += delta;
        }

        public long get() {
            return value;
        }
    }

    /** The counters of a family's members, family.name(i) for small non-negative i (an exit reason, say), each looked up once. */
    public final class Family {
        private final Metric family;
        private final java.util.function.IntFunction<String> name;
        private final Counter[] cache = new Counter[64];

        Family(Metric family, java.util.function.IntFunction<String> name) {
            this.family = family;
            this.name = name;
        }

        public Counter get(int i) {
            if (i < 0 || i >= cache.length) {
                return counter(family.at(name.apply(i)));
            }
            Counter c = cache[i];
            if (c == null) {
                c = counter(family.at(name.apply(i)));
                cache[i] = c;
            }
            return c;
        }
    }

    private final Map<String, Counter> counters = new LinkedHashMap<>();

    /** The counters family.name(i). */
    public Family family(Metric family, java.util.function.IntFunction<String> name) {
        return new Family(family, name);
    }
    private final Map<String, long[]> samples = new LinkedHashMap<>();
    private final Map<String, Integer> sampleCounts = new LinkedHashMap<>();

    /** The counter of a metric, created at 0. */
    public Counter counter(Metric metric) {
        return counters.computeIfAbsent(metric.name(), k -> new Counter());
    }

    public void add(Metric metric, long delta) {
        counter(metric).value += delta;
    }

    public void increment(Metric metric) {
        add(metric, 1);
    }

    public long get(Metric metric) {
        Counter c = counters.get(metric.name());
        return c == null ? 0 : c.value;
    }

    public void set(Metric metric, long value) {
        counter(metric).value = value;
    }

    /** Records a sample of a metric (a latency in cycles, say). */
    public void sample(Metric metric, long value) {
        String name = metric.name();
        long[] a = samples.computeIfAbsent(name, k -> new long[64]);
        int n = sampleCounts.getOrDefault(name, 0);
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
            samples.put(name, a);
        }
        a[n] = value;
        sampleCounts.put(name, n + 1);
    }

    /** How many samples a metric has. */
    public int count(Metric metric) {
        return count(metric.name());
    }

    private int count(String name) {
        return sampleCounts.getOrDefault(name, 0);
    }

    /** The q-quantile (0..1) of a metric's samples, or 0 when none. */
    public long quantile(Metric metric, double q) {
        return quantile(metric.name(), q);
    }

    private long quantile(String name, double q) {
        int n = count(name);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples.get(name), n);
        Arrays.sort(sorted);
        return sorted[(int) Math.min(n - 1, Math.round(q * (n - 1)))];
    }

    /** The mean of a metric's samples, or 0 when none. */
    public double mean(Metric metric) {
        return mean(metric.name());
    }

    private double mean(String name) {
        int n = count(name);
        if (n == 0) {
            return 0;
        }
        long[] a = samples.get(name);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i];
        }
        return s / n;
    }

    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.forEach((k, c) -> out.put(k, c.value));
        return out;
    }

    /** Counters in insertion order (those still 0 left out), then for each sample its count, mean, median and p99. */
    public Map<String, Number> summary() {
        Map<String, Number> out = new LinkedHashMap<>();
        counters.forEach((k, c) -> {
            if (c.value != 0) {
                out.put(k, c.value);
            }
        });
        for (String s : sampleNames()) {
            out.put(s + ".count", count(s));
            out.put(s + ".mean", Math.round(mean(s) * 10) / 10.0);
            out.put(s + ".p50", quantile(s, 0.5));
            out.put(s + ".p99", quantile(s, 0.99));
        }
        return out;
    }

    private List<String> sampleNames() {
        return new ArrayList<>(samples.keySet());
    }
}
