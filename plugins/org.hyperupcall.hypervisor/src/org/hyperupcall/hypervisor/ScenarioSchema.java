package org.hyperupcall.hypervisor;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.hyperupcall.ebpf.EngineKind;

/**
 * The one description of scenario files: every field with its type, range and meaning, and through
 * {@link ScenarioParams} every parameter. {@link ScenarioFiles} validates files against it, huc run
 * and the launch configuration check their overrides against it, {@code huc scenarios --schema}
 * prints {@link #describe()}, and {@code huc scenarios --json-schema} prints {@link #jsonSchema()}
 * (JSON Schema 2020-12, which editors use to complete and check scenario files).
 */
public final class ScenarioSchema {
    /** The JSON type of a field. */
    public enum Kind {
        STRING("string"), INTEGER("integer"), NUMBER("number"), OBJECT("object");

        private final String json;

        Kind(String json) {
            this.json = json;
        }
    }

    /**
     * One field: its name, type, the values it takes (a range from {@code min} to {@code max},
     * {@code min} excluded when {@code minExclusive}, a multiple of {@code multipleOf} when above 1;
     * or one of {@code choices}), an example value and what it means.
     */
    public record Field(String name, Kind kind, double min, boolean minExclusive, double max, long multipleOf, List<String> choices,
            String example, String doc) {

        /** "an integer from 1 to 64", "a number more than 0 and at most 100000", "jit or interp". */
        public String range() {
            if (!choices.isEmpty()) {
                return String.join(" or ", choices.stream().map(c -> '"' + c + '"').toList());
            }
            if (kind == Kind.INTEGER && min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
                return "a 64-bit integer";
            }
            String what = kind == Kind.INTEGER ? "an integer" : "a number";
            String multiple = multipleOf > 1 ? ", a multiple of " + multipleOf : "";
            return minExclusive ? what + " more than " + ScenarioParams.format(min) + " and at most " + ScenarioParams.format(max) + multiple
                    : what + " from " + ScenarioParams.format(min) + " to " + ScenarioParams.format(max) + multiple;
        }

        /** Whether a number is one of this field's values. */
        public boolean admits(double v) {
            boolean inRange = minExclusive ? v > min && v <= max : v >= min && v <= max;
            return inRange && (kind != Kind.INTEGER || v == Math.rint(v)) && (multipleOf <= 1 || v % multipleOf == 0);
        }

        /**
         * {@code v} if this field takes it; else an IllegalArgumentException
         * {@code "WHERE: must be RANGE, not V"}.
         */
        public double check(String where, double v) {
            if (!admits(v)) {
                throw new IllegalArgumentException(where + ": must be " + range() + ", not " + ScenarioParams.format(v));
            }
            return v;
        }
    }

    public static final Field SCENARIO = new Field("scenario", Kind.STRING, 0, false, 0, 1,
            Scenarios.all().stream().map(Scenario::name).toList(), "\"tlb-shootdown\"", "required: the bundled scenario to run");
    public static final Field DESCRIPTION = new Field("description", Kind.STRING, 0, false, 0, 1, List.of(), "\"...\"",
            "free text, ignored");
    public static final Field VCPUS = new Field("vcpus", Kind.INTEGER, 1, false, 64, 1, List.of(), "8", "virtual CPUs of the VM");
    public static final Field PCPUS = new Field("pcpus", Kind.INTEGER, 1, false, 64, 1, List.of(), "2", "physical CPUs of the host");
    public static final Field GUEST_MIB = new Field("guest_mib", Kind.INTEGER, ScenarioFiles.MIN_GUEST_MIB, false,
            ScenarioFiles.MAX_GUEST_MIB, 2, List.of(), "1024", "guest memory in MiB");
    public static final Field ENGINE = new Field("engine", Kind.STRING, 0, false, 0, 1, List.of(EngineKind.JIT.toString(), EngineKind.INTERP.toString()), "\"" + EngineKind.DEFAULT + "\"",
            "the engine that runs the hyperupcalls");
    public static final Field SEED = new Field("seed", Kind.INTEGER, Long.MIN_VALUE, false, Long.MAX_VALUE, 1, List.of(), "1",
            "random seed of the workload");
    public static final Field DURATION_MS = new Field("duration_ms", Kind.NUMBER, 0, true, 100_000, 1, List.of(), "40",
            "simulated time of each run, in ms");
    public static final Field PARAMS = new Field("params", Kind.OBJECT, 0, false, 0, 1, List.of(), "{ \"pages\": 16 }",
            "the scenario's parameters (below)");

    private static final List<Field> FIELDS = List.of(SCENARIO, DESCRIPTION, VCPUS, PCPUS, GUEST_MIB, ENGINE, SEED, DURATION_MS, PARAMS);

    private ScenarioSchema() {
    }

    /** The fields of a scenario file, in the order files are written. */
    public static List<Field> fields() {
        return FIELDS;
    }

    /** The field of that name. */
    public static Optional<Field> field(String name) {
        return FIELDS.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The names of the fields, "scenario, description, vcpus, …". */
    public static String names() {
        return String.join(", ", FIELDS.stream().map(Field::name).toList());
    }

    /** Scenario files and the scenarios' parameters, described for people ({@code huc scenarios --schema}). */
    public static String describe() {
        StringBuilder sb = new StringBuilder("""
                A scenario file is a JSON object; every field but "scenario" defaults to the bundled scenario's value,
                and huc run's options (--engine, --seed, --duration-ms, --param) override the file:
                  {
                """);
        for (int i = 0; i < FIELDS.size(); i++) {
            Field f = FIELDS.get(i);
            String entry = "\"" + f.name() + "\": " + f.example() + (i < FIELDS.size() - 1 ? "," : "");
            String values = f.kind() == Kind.OBJECT || f == DESCRIPTION ? "" : f.range() + "; ";
            sb.append(String.format(Locale.ROOT, "    %-30s %s%s%n", entry, values, f.doc()));
        }
        sb.append("""
                  }
                A field that breaks a rule (an unknown field, a wrong type, a value out of range) is an error naming the
                file and the field. huc scenarios --json-schema prints the same as a JSON Schema for editors.

                Parameters (an unknown name or a value out of its range is an error naming the file and the parameter):
                """);
        sb.append(ScenarioParams.describe());
        return sb.toString();
    }

    /**
     * Scenario files as a JSON Schema (2020-12): the fields, and for each scenario the parameters it
     * takes, with their ranges, defaults and meanings.
     */
    public static String jsonSchema() {
        JsonObject root = new JsonObject();
        root.addProperty("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.addProperty("title", "Hyperupcall Studio scenario file");
        root.addProperty("description", "A run of the hypervisor simulator (huc run --scenario FILE.json); see huc scenarios --schema.");
        root.addProperty("type", "object");
        JsonObject properties = new JsonObject();
        for (Field f : FIELDS) {
            JsonObject p = new JsonObject();
            p.addProperty("type", f.kind().json);
            p.addProperty("description", f.doc());
            if (!f.choices().isEmpty()) {
                JsonArray values = new JsonArray();
                f.choices().forEach(values::add);
                p.add("enum", values);
            } else if ((f.kind() == Kind.INTEGER || f.kind() == Kind.NUMBER) && !f.range().equals("a 64-bit integer")) {
                p.addProperty(f.minExclusive() ? "exclusiveMinimum" : "minimum", number(f.min()));
                p.addProperty("maximum", number(f.max()));
                if (f.multipleOf() > 1) {
                    p.addProperty("multipleOf", f.multipleOf());
                }
            }
            properties.add(f.name(), p);
        }
        root.add("properties", properties);
        JsonArray required = new JsonArray();
        required.add(SCENARIO.name());
        root.add("required", required);
        root.addProperty("additionalProperties", false);
        JsonArray cases = new JsonArray();
        for (Scenario s : Scenarios.all()) {
            JsonObject params = new JsonObject();
            for (ScenarioParams.Param p : ScenarioParams.of(s.name())) {
                JsonObject q = new JsonObject();
                q.addProperty("type", p.integer() ? "integer" : "number");
                q.addProperty("minimum", number(p.min()));
                q.addProperty("maximum", number(p.max()));
                q.addProperty("default", number(p.defaultValue()));
                q.addProperty("description", p.doc());
                params.add(p.name(), q);
            }
            JsonObject paramsSchema = new JsonObject();
            paramsSchema.add("properties", params);
            paramsSchema.addProperty("additionalProperties", false);
            JsonObject thenProperties = new JsonObject();
            thenProperties.add(PARAMS.name(), paramsSchema);
            JsonObject then = new JsonObject();
            then.add("properties", thenProperties);
            JsonObject constName = new JsonObject();
            constName.addProperty("const", s.name());
            JsonObject ifProperties = new JsonObject();
            ifProperties.add(SCENARIO.name(), constName);
            JsonObject ifSchema = new JsonObject();
            ifSchema.add("properties", ifProperties);
            JsonObject branch = new JsonObject();
            branch.add("if", ifSchema);
            branch.add("then", then);
            cases.add(branch);
        }
        root.add("allOf", cases);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    /** A whole number as a JSON integer, other numbers as they are. */
    private static Number number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e16 ? (Number) (long) v : (Number) v;
    }
}
