package org.hyperupcall.hypervisor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Scenario files: JSON objects with the fields below; every field but {@code scenario} defaults
 * to the bundled scenario's value. A file that breaks a rule gets an error naming the file and
 * the field.
 *
 * <pre>
 * {
 *   "scenario": "tlb-shootdown",   // required: tlb-shootdown, discard-free, tracing, protection
 *   "vcpus": 8,                    // 1..64
 *   "pcpus": 2,                    // 1..64 physical CPUs of the host
 *   "guest_mib": 1024,             // guest memory, a multiple of 2 MiB, {@link #MIN_GUEST_MIB}..{@link #MAX_GUEST_MIB} (128..1024)
 *   "engine": "jit",               // jit or interp
 *   "seed": 1,                     // random seed of the workload
 *   "duration_ms": 40,             // simulated time, 0 < d <= 100000
 *   "params": { "pages": 16 }      // numbers in the ranges of {@link ScenarioParams}
 * }
 * </pre>
 */
public final class ScenarioFiles {
    /**
     * Least guest memory, in MiB, a scenario runs in: the guest kernel's image, its symbols and
     * mem_map take the first 80 MiB, and the workloads need the rest.
     */
    public static final int MIN_GUEST_MIB = 128;
    /** Most guest memory, in MiB: the simulated guest's mem_map has a struct page for 1 GiB of frames and no more. */
    public static final int MAX_GUEST_MIB = (int) (org.hyperupcall.abi.GuestLayout.GUEST_MEMORY >> 20);

    private static final Set<String> FIELDS = Set.of("scenario", "vcpus", "pcpus", "guest_mib", "engine", "seed", "duration_ms", "params",
            "description");

    /** A scenario file that breaks a rule. */
    public static final class ScenarioFileException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ScenarioFileException(String message) {
            super(message);
        }
    }

    private ScenarioFiles() {
    }

    public static ScenarioConfig parse(String file, String text) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new ScenarioFileException(file + ": not valid JSON: " + why);
        }
        if (root == null || !root.isJsonObject()) {
            throw new ScenarioFileException(file + ": a scenario file is a JSON object ({ \"scenario\": \"tracing\", ... })");
        }
        JsonObject o = root.getAsJsonObject();
        for (String k : o.keySet()) {
            if (!FIELDS.contains(k)) {
                throw new ScenarioFileException(file + ": unknown field '" + k + "' (fields: scenario, vcpus, pcpus, guest_mib, engine, seed, "
                        + "duration_ms, params, description)");
            }
        }
        if (!o.has("scenario")) {
            throw new ScenarioFileException(file + ": field 'scenario' is missing (one of "
                    + String.join(", ", Scenarios.all().stream().map(Scenario::name).toList()) + ")");
        }
        String name = string(file, o, "scenario");
        if (Scenarios.byName(name).isEmpty()) {
            throw new ScenarioFileException(file + ": field 'scenario': no scenario '" + name + "' (one of "
                    + String.join(", ", Scenarios.all().stream().map(Scenario::name).toList()) + ")");
        }
        ScenarioConfig d = Scenarios.defaults(name);
        int vcpus = (int) integer(file, o, "vcpus", d.vcpus(), 1, 64);
        int pcpus = (int) integer(file, o, "pcpus", d.pcpus(), 1, 64);
        long mib = integer(file, o, "guest_mib", d.guestMib(), MIN_GUEST_MIB, MAX_GUEST_MIB);
        if (mib % 2 != 0) {
            throw new ScenarioFileException(file + ": field 'guest_mib': must be a multiple of 2, not " + mib);
        }
        String engine = o.has("engine") ? string(file, o, "engine") : d.engine();
        if (!engine.equals("jit") && !engine.equals("interp")) {
            throw new ScenarioFileException(file + ": field 'engine': must be \"jit\" or \"interp\", not \"" + engine + "\"");
        }
        long seed = integer(file, o, "seed", d.seed(), Long.MIN_VALUE, Long.MAX_VALUE);
        double duration = number(file, o, "duration_ms", d.durationMs());
        if (!(duration > 0 && duration <= 100_000)) {
            throw new ScenarioFileException(file + ": field 'duration_ms': must be more than 0 and at most 100000, not " + duration);
        }
        Map<String, Double> params = new LinkedHashMap<>(d.params());
        if (o.has("params")) {
            if (!o.get("params").isJsonObject()) {
                throw new ScenarioFileException(file + ": field 'params': must be an object of numbers");
            }
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("params").entrySet()) {
                if (!(e.getValue() instanceof JsonPrimitive p) || !p.isNumber()) {
                    throw new ScenarioFileException(file + ": field 'params." + e.getKey() + "': must be a number, not " + e.getValue());
                }
                try {
                    ScenarioParams.check(file + ": field 'params." + e.getKey() + "'", name, e.getKey(), p.getAsDouble());
                } catch (IllegalArgumentException bad) {
                    throw new ScenarioFileException(bad.getMessage());
                }
                params.put(e.getKey(), p.getAsDouble());
            }
        }
        return new ScenarioConfig(name, vcpus, pcpus, mib, engine, seed, duration, params);
    }

    /**
     * The scenario file of a configuration, pretty-printed with the fields in the order above
     * ({@code description} first when given): what {@link #parse} reads back to the same values.
     */
    public static String write(ScenarioConfig c, String description) {
        JsonObject o = new JsonObject();
        if (description != null && !description.isEmpty()) {
            o.addProperty("description", description);
        }
        o.addProperty("scenario", c.scenario());
        o.addProperty("vcpus", c.vcpus());
        o.addProperty("pcpus", c.pcpus());
        o.addProperty("guest_mib", c.guestMib());
        o.addProperty("engine", c.engine());
        o.addProperty("seed", c.seed());
        o.addProperty("duration_ms", c.durationMs());
        JsonObject params = new JsonObject();
        c.params().forEach(params::addProperty);
        o.add("params", params);
        return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    }

    private static String string(String file, JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw new ScenarioFileException(file + ": field '" + field + "': must be a string, not " + e);
        }
        return p.getAsString();
    }

    private static double number(String file, JsonObject o, String field, double fallback) {
        if (!o.has(field)) {
            return fallback;
        }
        JsonElement e = o.get(field);
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw new ScenarioFileException(file + ": field '" + field + "': must be a number, not " + e);
        }
        return p.getAsDouble();
    }

    private static long integer(String file, JsonObject o, String field, long fallback, long min, long max) {
        if (!o.has(field)) {
            return fallback;
        }
        double v = number(file, o, field, fallback);
        if (v != Math.rint(v) || v < min || v > max) {
            String why = field.equals("guest_mib") ? " (MiB; the simulated guest's mem_map describes at most " + MAX_GUEST_MIB + ")" : "";
            throw new ScenarioFileException(file + ": field '" + field + "': must be an integer from " + min + " to " + max + why + ", not "
                    + o.get(field));
        }
        return (long) v;
    }
}
