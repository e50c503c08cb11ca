package org.hyperupcall.hypervisor;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

import org.hyperupcall.ebpf.EngineKind;

/**
 * Scenario files: JSON objects whose fields {@link ScenarioSchema} describes; every field but
 * {@code scenario} defaults to the bundled scenario's value. A file that breaks a rule gets one
 * line naming the file and the field, quoting at most {@value #QUOTED_CHARS} characters of a bad value.
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
    /** The largest scenario file read: the fields above take a few hundred bytes. */
    public static final long MAX_FILE_BYTES = 1 << 20;
    /** How much of a bad value or name an error message quotes. */
    public static final int QUOTED_CHARS = 60;

    /** A scenario file that breaks a rule. */
    public static final class ScenarioFileException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /** One line, whatever the file's strings hold (a JSON string can carry a line break as {@code \\n}). */
        ScenarioFileException(String message) {
            super(org.hyperupcall.ebpf.InputFiles.printable(message, 1_000));
        }
    }

    private ScenarioFiles() {
    }

    /** Reads a scenario file: one of at most {@link #MAX_FILE_BYTES}, in UTF-8. */
    public static ScenarioConfig read(java.nio.file.Path file) throws java.io.IOException {
        byte[] bytes = org.hyperupcall.ebpf.InputFiles.read(file, MAX_FILE_BYTES, "a scenario file");
        try {
            return parse(file.toString(), org.hyperupcall.ebpf.Utf8.decode(file.toString(), bytes));
        } catch (org.hyperupcall.ebpf.Utf8.NotUtf8Exception e) {
            throw new ScenarioFileException(e.getMessage());
        }
    }

    public static ScenarioConfig parse(String file, String text) {
        if (text.length() > MAX_FILE_BYTES) {
            throw new ScenarioFileException(file + ": larger than " + org.hyperupcall.ebpf.InputFiles.size(MAX_FILE_BYTES)
                    + ", the most huc reads from a scenario file");
        }
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (!atEnd(reader)) {
                throw new MalformedJsonException("more text after the JSON value " + where(reader));
            }
        } catch (JsonParseException | java.io.IOException | IllegalStateException e) {
            throw new ScenarioFileException(file + ": not valid JSON: " + jsonProblem(e));
        } catch (StackOverflowError e) {
            throw new ScenarioFileException(file + ": not a scenario file: its JSON nests too deeply");
        }
        if (root == null || !root.isJsonObject()) {
            throw new ScenarioFileException(file + ": a scenario file is a JSON object ({ \"scenario\": \"tracing\", ... })");
        }
        JsonObject o = root.getAsJsonObject();
        for (String k : o.keySet()) {
            if (ScenarioSchema.field(k).isEmpty()) {
                throw new ScenarioFileException(file + ": unknown field '" + quote(k) + "' (fields: " + ScenarioSchema.names() + ")");
            }
        }
        if (!o.has("scenario")) {
            throw new ScenarioFileException(file + ": field 'scenario' is missing (one of " + names() + ")");
        }
        String name = string(file, o, ScenarioSchema.SCENARIO);
        ScenarioConfig d = Scenarios.defaults(name);
        if (o.has(ScenarioSchema.DESCRIPTION.name())) {
            string(file, o, ScenarioSchema.DESCRIPTION);
        }
        int vcpus = (int) number(file, o, ScenarioSchema.VCPUS, d.vcpus());
        int pcpus = (int) number(file, o, ScenarioSchema.PCPUS, d.pcpus());
        long mib = (long) number(file, o, ScenarioSchema.GUEST_MIB, d.guestMib());
        EngineKind engine = o.has("engine") ? EngineKind.parse(string(file, o, ScenarioSchema.ENGINE)) : d.engine();
        long seed = o.has("seed") ? seed(file, o) : d.seed();
        double duration = number(file, o, ScenarioSchema.DURATION_MS, d.durationMs());
        Map<String, Double> params = new LinkedHashMap<>(d.params());
        if (o.has("params")) {
            if (!o.get("params").isJsonObject()) {
                throw new ScenarioFileException(file + ": field 'params': must be an object of numbers, not " + quote(o.get("params")));
            }
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("params").entrySet()) {
                String where = file + ": field 'params." + quote(e.getKey()) + "'";
                if (!(e.getValue() instanceof JsonPrimitive p) || !p.isNumber()) {
                    throw new ScenarioFileException(where + ": must be a number, not " + quote(e.getValue()));
                }
                try {
                    ScenarioParams.check(where, name, e.getKey(), p.getAsDouble());
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
        o.addProperty("engine", c.engine().toString());
        o.addProperty("seed", c.seed());
        o.addProperty("duration_ms", c.durationMs());
        JsonObject params = new JsonObject();
        c.params().forEach(params::addProperty);
        o.add("params", params);
        return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    }

    private static String names() {
        return String.join(", ", ScenarioSchema.SCENARIO.choices());
    }

    /** A string field, one of its choices when it has some. */
    private static String string(String file, JsonObject o, ScenarioSchema.Field field) {
        JsonElement e = o.get(field.name());
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw new ScenarioFileException(file + ": field '" + field.name() + "': must be a string, not " + quote(e));
        }
        String v = p.getAsString();
        if (!field.choices().isEmpty() && !field.choices().contains(v)) {
            String what = field == ScenarioSchema.SCENARIO ? "no scenario '" + quote(v) + "' (one of " + names() + ")"
                    : "must be " + field.range() + ", not \"" + quote(v) + "\"";
            throw new ScenarioFileException(file + ": field '" + field.name() + "': " + what);
        }
        return v;
    }

    /** A number field in its range, or the fallback when the file does not give it. */
    private static double number(String file, JsonObject o, ScenarioSchema.Field field, double fallback) {
        if (!o.has(field.name())) {
            return fallback;
        }
        JsonElement e = o.get(field.name());
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw new ScenarioFileException(file + ": field '" + field.name() + "': must be a number, not " + quote(e));
        }
        double v = p.getAsDouble();
        if (!field.admits(v)) {
            String why = field == ScenarioSchema.GUEST_MIB ? " (MiB; the simulated guest's mem_map describes at most " + MAX_GUEST_MIB + ")" : "";
            throw new ScenarioFileException(file + ": field '" + field.name() + "': must be " + field.range() + why + ", not " + quote(e));
        }
        return v;
    }

    /** The seed, exactly: any 64-bit integer. */
    private static long seed(String file, JsonObject o) {
        JsonElement e = o.get("seed");
        try {
            if (e instanceof JsonPrimitive p && p.isNumber()) {
                return p.getAsBigDecimal().longValueExact();
            }
        } catch (ArithmeticException | NumberFormatException tooBig) {
            // reported below
        }
        throw new ScenarioFileException(file + ": field 'seed': must be " + ScenarioSchema.SEED.range() + ", not " + quote(e));
    }

    /** A JSON value or name as errors quote it: at most {@link #QUOTED_CHARS} characters of it. */
    private static String quote(Object value) {
        return org.hyperupcall.ebpf.InputFiles.printable(String.valueOf(value), QUOTED_CHARS);
    }

    /** Gson's message without its advice to Java programmers ("Use JsonReader.setStrictness…", "See https://…"). */
    private static String jsonProblem(Throwable e) {
        Throwable t = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("\\s*See https?://\\S+", "").replaceAll("Use JsonReader\\.set\\w+\\([^)]*\\) to accept malformed JSON",
                "unexpected text");
        return quote(m.strip());
    }

    private static boolean atEnd(JsonReader reader) {
        try {
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (java.io.IOException | IllegalStateException e) {
            return false;
        }
    }

    /** "at line 1 column 28 path $" */
    private static String where(JsonReader reader) {
        String s = reader.toString();
        int at = s.indexOf(" at line ");
        return at >= 0 ? s.substring(at + 1) : s;
    }
}
