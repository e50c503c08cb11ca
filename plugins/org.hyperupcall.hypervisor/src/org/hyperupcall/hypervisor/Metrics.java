package org.hyperupcall.hypervisor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named counters and latency samples of one simulation run, in insertion order. */
public final class Metrics {
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final Map<String, long[]> samples = new LinkedHashMap<>();
    private final Map<String, Integer> sampleCounts = new LinkedHashMap<>();

    public void add(String name, long delta) {
        counters.merge(name, delta, Long::sum);
    }

    public void increment(String name) {
        add(name, 1);
    }

    public long get(String name) {
        return counters.getOrDefault(name, 0L);
    }

    public void set(String name, long value) {
        counters.put(name, value);
    }

    /** Records a sample (a latency in cycles, say). */
    public void sample(String name, long value) {
        long[] a = samples.computeIfAbsent(name, k -> new long[64]);
        int n = sampleCounts.getOrDefault(name, 0);
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
            samples.put(name, a);
        }
        a[n] = value;
        sampleCounts.put(name, n + 1);
    }

    public int count(String name) {
        return sampleCounts.getOrDefault(name, 0);
    }

    /** The q-quantile (0..1) of a sample, or 0 when empty. */
    public long quantile(String name, double q) {
        int n = count(name);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples.get(name), n);
        Arrays.sort(sorted);
        return sorted[(int) Math.min(n - 1, Math.round(q * (n - 1)))];
    }

    public double mean(String name) {
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
        return Map.copyOf(counters);
    }

    /** Counters in insertion order, then for each sample its count, mean, median and p99. */
    public Map<String, Number> summary() {
        Map<String, Number> out = new LinkedHashMap<>(counters);
        for (String s : sampleNames()) {
            out.put(s + ".count", count(s));
            out.put(s + ".mean", Math.round(mean(s) * 10) / 10.0);
            out.put(s + ".p50", quantile(s, 0.5));
            out.put(s + ".p99", quantile(s, 0.99));
        }
        return out;
    }

    public List<String> sampleNames() {
        return new ArrayList<>(samples.keySet());
    }
}
