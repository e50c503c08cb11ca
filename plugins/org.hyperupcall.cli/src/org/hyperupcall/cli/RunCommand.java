package org.hyperupcall.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hyperupcall.abi.Event;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.ebpf.elf.ElfException;
import org.hyperupcall.ebpf.elf.ElfObject;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.LineInfo;
import org.hyperupcall.hypervisor.Refusal;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.ScenarioConfig;
import org.hyperupcall.hypervisor.ScenarioFiles;
import org.hyperupcall.hypervisor.ScenarioParams;
import org.hyperupcall.hypervisor.ScenarioResult;
import org.hyperupcall.hypervisor.ScenarioSchema;
import org.hyperupcall.hypervisor.Scenarios;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code huc run}: a hyperupcall in the hypervisor simulator, on one of its scenarios, without and with it. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a scenario of the hypervisor simulator without, then with the hyperupcalls of FILE registered, and "
            + "print the metrics of both runs side by side with the findings. FILE is HUC source (compiled first; errors as huc "
            + "compile prints them) or an ELF object. The scenario is a bundled one (huc scenarios) or a scenario file (JSON, see "
            + "huc scenarios --schema); --engine, --seed, --duration-ms and --param override its values.",
            "Exit status 0 on success; 1 when FILE does not compile, the hypervisor refuses to register it (errors name the "
            + "rule and source line), a scenario file breaks a rule (the message names the file and field) or the scenario "
            + "has no trace for --trace; 2 on a usage or I/O error (an unknown scenario name among them)."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "HUC source (.huc) or ELF object (.o) with the hyperupcalls.")
    Path file;

    @Option(names = "--scenario", required = true, paramLabel = "NAME|FILE.json",
            description = "Bundled scenario (tlb-shootdown, discard-free, tracing, protection) or scenario file.")
    String scenario;

    @Option(names = "--engine", paramLabel = "jit|interp", completionCandidates = EngineOption.Names.class,
            description = "Engine that runs the hyperupcalls (default: the scenario's, jit).")
    EngineKind engine;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed of the workload.")
    Long seed;

    @Option(names = "--duration-ms", paramLabel = "X", description = "Simulated time in milliseconds (each run).")
    Double durationMs;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A scenario parameter (repeatable; huc scenarios --schema lists them).")
    List<String> params = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object (config, registrations, refusals, without, with, findings, trace).")
    boolean json;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write the trace of the run with the hyperupcall (tracing scenario): "
            + "JSON (an array of records) if FILE ends in .json, else text.")
    Path trace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ScenarioConfig config = overrides(baseConfig());
        Scenario sc = Scenarios.byName(config.scenario()).orElseThrow();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(file)) {
            throw UserError.io(file + ": " + (Files.exists(file) ? "cannot read" : "no such file"));
        }
        HucSource source = null;
        byte[] object;
        if (HucSource.isHuc(file)) {
            source = HucSource.read(file);
            Compilation c = source.compile(err);
            if (!c.ok()) {
                return 1;
            }
            object = c.elf();
        } else {
            object = ProgramFiles.read(file);
        }
        boolean tty = System.console() != null;
        if (tty) {
            err.printf("huc: simulating %s for %s ms, without then with the hyperupcall…%n", config.scenario(), config.durationMs());
            err.flush();
        }
        ScenarioResult result = sc.run(config, file.toString(), object);
        out.print(json ? GSON.toJson(toJson(result)) + "\n" : result.table());
        out.flush();
        if (!result.refusals().isEmpty()) {
            Event refused = sc.events().get(Math.min(result.registrations().size(), sc.events().size() - 1));
            for (Refusal r : result.refusals()) {
                printRefusal(err, r, refused, source, object);
            }
            err.flush();
            return 1;
        }
        if (trace != null) {
            writeTrace(result);
        }
        return 0;
    }

    /** The bundled scenario's defaults, or a scenario file's values. */
    private ScenarioConfig baseConfig() {
        if (Scenarios.byName(scenario).isPresent()) {
            return Scenarios.defaults(scenario);
        }
        Path f = Path.of(scenario);
        if (!Files.exists(f) && !scenario.endsWith(".json")) {
            throw new ParameterException(spec.commandLine(), "unknown scenario '" + scenario + "' (scenarios: " + names()
                    + "; or a scenario file, see huc scenarios --schema)");
        }
        try {
            return ScenarioFiles.read(f);
        } catch (java.nio.file.NoSuchFileException e) {
            throw UserError.io(f + ": no such file");
        } catch (java.io.IOException e) {
            throw e instanceof org.hyperupcall.ebpf.InputFiles.TooLargeException ? new UserError(e.getMessage())
                    : UserError.io(e.getMessage() != null && e.getMessage().startsWith(f.toString()) ? e.getMessage()
                            : f + ": cannot read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    static String names() {
        return String.join(", ", Scenarios.all().stream().map(Scenario::name).toList());
    }

    /** The command line's values over the scenario's. */
    private ScenarioConfig overrides(ScenarioConfig c) {
        if (engine != null) {
            c = c.withEngine(engine);
        }
        if (seed != null) {
            c = c.withSeed(seed);
        }
        if (durationMs != null) {
            try {
                c = c.withDuration(ScenarioSchema.DURATION_MS.check("--duration-ms", durationMs));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--param wants NAME=VALUE, not '" + p + "'");
            }
            double value;
            try {
                value = Double.parseDouble(p.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--param " + p + ": '" + p.substring(eq + 1) + "' is not a number");
            }
            try {
                ScenarioParams.check("--param " + p, c.scenario(), p.substring(0, eq), value);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            c = c.withParam(p.substring(0, eq), value);
        }
        return c;
    }

    /**
     * A refusal as a compiler error: {@code file:line:col: error: message (insn N) [RULE]} with the
     * source line when the object's line information gives it (for refusals that only name an
     * instruction, the line of that instruction in the refused event's program), else one line.
     */
    private void printRefusal(PrintWriter err, Refusal r, Event event, HucSource huc, byte[] object) {
        HucSource source = huc;
        int line = r.line();
        try {
            ElfObject obj = ElfReader.read(file.toString(), object);
            if (source == null) {
                source = HucSource.of(obj).orElse(null);
            }
            if (line <= 0 && r.insn() >= 0) {
                line = LineInfo.of(obj).getOrDefault(event.section(), List.of()).stream().filter(e -> e.insn() <= r.insn())
                        .max(Comparator.comparingInt(LineInfo.Entry::insn)).map(LineInfo.Entry::line).orElse(0);
            }
        } catch (ElfException e) {
            // the refusal says why the object cannot be read
        }
        String message = "registration for " + event.id() + " refused: " + r.message();
        if (source != null && line > 0) {
            source.print(err, new SourceDiagnostic(source.file().toString(), line, source.column(line, null), true,
                    message + (r.insn() >= 0 ? " (insn " + r.insn() + ")" : ""), r.rule()), true);
        } else {
            err.println("huc: " + file + ": " + (r.insn() >= 0 ? "insn " + r.insn() + ": " : "") + "error: " + message + " [" + r.rule() + "]");
        }
    }

    private void writeTrace(ScenarioResult result) {
        Object text = result.extra().get("trace.text");
        Object records = result.extra().get("trace.json");
        if (text == null || records == null) {
            throw new UserError("--trace " + trace + ": scenario " + result.scenario() + " produces no trace (the tracing scenario does)");
        }
        String content = trace.toString().endsWith(".json") ? GSON.toJson(GSON.toJsonTree(records)) + "\n" : text.toString();
        try {
            Files.writeString(trace, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw UserError.io(trace + ": cannot write: " + e.getMessage());
        }
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    /** The result as one JSON object; its "config" has the shape of a scenario file. */
    static JsonObject toJson(ScenarioResult r) {
        ScenarioConfig c = r.config();
        JsonObject config = new JsonObject();
        config.addProperty("scenario", c.scenario());
        config.addProperty("vcpus", c.vcpus());
        config.addProperty("pcpus", c.pcpus());
        config.addProperty("guest_mib", c.guestMib());
        config.addProperty("engine", c.engine().toString());
        config.addProperty("seed", c.seed());
        config.addProperty("duration_ms", c.durationMs());
        config.add("params", numbers(c.params()));
        JsonObject o = new JsonObject();
        o.add("config", config);
        JsonArray registrations = new JsonArray();
        r.registrations().forEach(registrations::add);
        o.add("registrations", registrations);
        JsonArray refusals = new JsonArray();
        for (Refusal x : r.refusals()) {
            JsonObject j = new JsonObject();
            j.addProperty("rule", x.rule());
            j.addProperty("message", x.message());
            j.add("insn", x.insn() >= 0 ? new JsonPrimitive(x.insn()) : JsonNull.INSTANCE);
            j.add("file", x.file() != null ? new JsonPrimitive(x.file()) : JsonNull.INSTANCE);
            j.add("line", x.line() > 0 ? new JsonPrimitive(x.line()) : JsonNull.INSTANCE);
            refusals.add(j);
        }
        o.add("refusals", refusals);
        o.add("without", numbers(r.without()));
        o.add("with", r.with() == null ? JsonNull.INSTANCE : numbers(r.with()));
        JsonArray findings = new JsonArray();
        r.findings().forEach(findings::add);
        o.add("findings", findings);
        if (r.extra().get("native") instanceof Map<?, ?> n) {
            o.add("native", numbers(n));
        }
        if (r.extra().containsKey("trace.json")) {
            o.add("trace", GSON.toJsonTree(r.extra().get("trace.json")));
        }
        return o;
    }

    /** Metrics as a JSON object; a value that is not finite becomes null (JSON has no NaN). */
    private static JsonObject numbers(Map<?, ?> m) {
        JsonObject o = new JsonObject();
        m.forEach((k, v) -> o.add(String.valueOf(k), v instanceof Number n && Double.isFinite(n.doubleValue())
                ? new JsonPrimitive(n) : JsonNull.INSTANCE));
        return o;
    }
}
