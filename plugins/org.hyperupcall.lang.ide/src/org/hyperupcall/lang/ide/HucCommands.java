package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.xtext.ide.server.ILanguageServerAccess;
import org.eclipse.xtext.ide.server.commands.IExecutableCommandService;
import org.eclipse.xtext.util.CancelIndicator;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.ScenarioResult;
import org.hyperupcall.hypervisor.Scenarios;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.lang.huc.TranslationUnit;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;

/**
 * The server's commands ({@code workspace/executeCommand}), each with the document's URI as first
 * argument: {@code huc.compile} (entry points, sizes against limits, diagnostics; optional second
 * argument: the path or file URI where to write the ELF object, as {@code huc compile -o} does),
 * {@code huc.disassemble} (each entry point's eBPF with the HUC lines interleaved) and
 * {@code huc.run} (second argument: a bundled scenario name, default tlb-shootdown, or the path or
 * file URI of a scenario file; the result table, metrics without and with the hyperupcall,
 * findings); and {@code huc.memory}, the heap in
 * use after a full collection; {@code huc.header}, the text of the built-in hyperupcall.h and its
 * URI in the server's locations ({@code huc:/hyperupcall.h}), for an editor to show that virtual
 * document; and for a rejected entry point (second argument: the function's name) {@code huc.rejectionPath}
 * and {@code huc.runRejection} ({@link HucRejections}). Results are JSON objects.
 */
public class HucCommands implements IExecutableCommandService {
    public static final String COMPILE = "huc.compile";
    public static final String DISASSEMBLE = "huc.disassemble";
    public static final String RUN = "huc.run";
    /** The server's heap after a full collection (for the memory check of the latency benchmark). */
    public static final String MEMORY = "huc.memory";
    /** The built-in hyperupcall.h: {@code {"uri": "huc:/hyperupcall.h", "text": ...}}. */
    public static final String HEADER = "huc.header";
    /**
     * The verifier's log of one entry point (second argument: the function's name):
     * {@code {"function", "event", "accepted", "text": the per-instruction log with the verdict, "diagnostics"}}.
     */
    public static final String VERIFIER_LOG = "huc.verifierLog";

    @Override
    public List<String> initialize() {
        return List.of(COMPILE, DISASSEMBLE, RUN, MEMORY, HEADER, VERIFIER_LOG, HucRejections.PATH, HucRejections.RUN);
    }

    @Override
    public Object execute(ExecuteCommandParams params, ILanguageServerAccess access, CancelIndicator cancelIndicator) {
        List<Object> args = params.getArguments() == null ? List.of() : params.getArguments();
        if (MEMORY.equals(params.getCommand())) {
            Runtime rt = Runtime.getRuntime();
            System.gc();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("usedBytes", rt.totalMemory() - rt.freeMemory());
            m.put("maxBytes", rt.maxMemory());
            return m;
        }
        if (HEADER.equals(params.getCommand())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("uri", HucHeader.URI);
            m.put("text", HucHeader.text());
            return m;
        }
        if (args.isEmpty()) {
            return error(params.getCommand() + " needs the document's URI as its first argument");
        }
        String uri = string(args.get(0));
        Object result = access.doSyncRead(uri, context -> {
            Resource r = context.getResource();
            TranslationUnit unit = HucLanguageServerImpl.unit(r);
            if (unit == null) {
                return error("no HUC document at " + uri);
            }
            String file = r.getURI().lastSegment();
            Compilation c = Compiler.compileCached(file, unit);
            return switch (params.getCommand()) {
                case COMPILE -> compile(c, args.size() > 1 ? string(args.get(1)) : null);
                case DISASSEMBLE -> disassemble(c, context.getDocument().getContents());
                case RUN -> run(c, file, args.size() > 1 ? string(args.get(1)) : "tlb-shootdown");
                case VERIFIER_LOG -> verifierLog(c, args.size() > 1 ? string(args.get(1)) : null);
                case HucRejections.PATH -> HucRejections.path(c, args.size() > 1 ? string(args.get(1)) : null, context.getDocument().getContents());
                case HucRejections.RUN -> HucRejections.run(c, file, args.size() > 1 ? string(args.get(1)) : null);
                default -> error("unknown command " + params.getCommand());
            };
        });
        return result;
    }

    private static String string(Object o) {
        return o instanceof JsonPrimitive p ? p.getAsString() : o instanceof JsonElement e ? e.toString() : String.valueOf(o);
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return m;
    }

    /** A path, or a file URI's path. */
    private static java.nio.file.Path path(String pathOrUri) {
        return pathOrUri.startsWith("file:") ? java.nio.file.Path.of(java.net.URI.create(pathOrUri)) : java.nio.file.Path.of(pathOrUri);
    }

    private static Map<String, Object> compile(Compilation c, String output) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", c.ok());
        if (output != null && c.ok() && c.elf() != null) {
            try {
                java.nio.file.Path out = path(output);
                java.nio.file.Files.write(out, c.elf());
                m.put("object", out.toString());
                m.put("objectBytes", c.elf().length);
            } catch (java.io.IOException | RuntimeException e) {
                return error("cannot write " + output + ": " + e.getMessage());
            }
        }
        List<Map<String, Object>> programs = new ArrayList<>();
        for (CompiledProgram p : c.programs()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("function", p.function());
            e.put("event", p.event().id());
            e.put("instructions", p.size());
            e.put("limit", org.hyperupcall.abi.ProgramType.of(p.event()).instructionLimit());
            programs.add(e);
        }
        m.put("programs", programs);
        m.put("diagnostics", c.diagnostics().stream().map(SourceDiagnostic::format).toList());
        return m;
    }

    private static Map<String, Object> verifierLog(Compilation c, String function) {
        CompiledProgram p = c.programs().stream().filter(x -> function == null || x.function().equals(function)).findFirst().orElse(null);
        if (p == null) {
            return error(function == null ? "no entry point compiled" : "no compiled entry point '" + function + "'"
                    + (c.ok() ? "" : " (the file has errors)"));
        }
        CompiledProgram.VerifierLog log = p.verifierLog(org.hyperupcall.abi.GuestLayout.defaults());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("function", p.function());
        m.put("event", p.event().id());
        m.put("accepted", log.accepted());
        m.put("text", log.text());
        m.put("diagnostics", log.diagnostics().stream().map(SourceDiagnostic::format).toList());
        return m;
    }

    private static Map<String, Object> disassemble(Compilation c, String source) {
        String[] lines = source.split("\n", -1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", c.ok());
        m.put("text", c.listingWithSource(line -> line >= 1 && line <= lines.length ? lines[line - 1] : ""));
        m.put("diagnostics", c.diagnostics().stream().map(SourceDiagnostic::format).toList());
        return m;
    }

    private static Map<String, Object> run(Compilation c, String file, String name) {
        if (!c.ok() || c.elf() == null) {
            return error("the program does not compile: " + c.diagnostics().stream().map(SourceDiagnostic::format).toList());
        }
        org.hyperupcall.hypervisor.ScenarioConfig config;
        if (Scenarios.byName(name).isPresent()) {
            config = Scenarios.defaults(name);
        } else if (name.endsWith(".json") || name.startsWith("file:")) {
            try {
                java.nio.file.Path f = path(name);
                config = org.hyperupcall.hypervisor.ScenarioFiles.read(f);
            } catch (java.io.IOException e) {
                return error("cannot read the scenario file " + name + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                return error(e.getMessage());
            }
        } else {
            return error("no scenario '" + name + "' (scenarios: " + String.join(", ", Scenarios.all().stream().map(Scenario::name).toList())
                    + "; or a scenario file, .json)");
        }
        Scenario s = Scenarios.byName(config.scenario()).orElseThrow();
        ScenarioResult r = s.run(config, file, c.elf());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", name);
        m.put("table", r.table());
        m.put("refusals", r.refusals().stream().map(org.hyperupcall.hypervisor.Refusal::format).toList());
        m.put("without", r.without());
        m.put("with", r.with());
        m.put("findings", r.findings());
        return m;
    }
}
