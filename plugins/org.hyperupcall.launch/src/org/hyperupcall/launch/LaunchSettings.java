package org.hyperupcall.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.variables.VariablesPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.ScenarioConfig;
import org.hyperupcall.hypervisor.ScenarioFiles;
import org.hyperupcall.hypervisor.Scenarios;
import org.hyperupcall.lang.IncludeResolver;

/**
 * The attributes of a Hyperupcall launch configuration (see {@link HucLaunch}) as the user typed them,
 * and what they resolve to: the HUC file and the scenario configuration. The delegate launches with
 * them, the Main tab validates with them: both report the same messages.
 */
public record LaunchSettings(String program, String entryPoint, String scenario, String engine, String seed, String durationMs) {

    public LaunchSettings {
        program = trim(program);
        entryPoint = trim(entryPoint);
        scenario = trim(scenario);
        engine = trim(engine);
        seed = trim(seed);
        durationMs = trim(durationMs);
    }

    public static LaunchSettings of(ILaunchConfiguration c) throws CoreException {
        return new LaunchSettings(c.getAttribute(HucLaunch.ATTR_PROGRAM, ""), c.getAttribute(HucLaunch.ATTR_ENTRY_POINT, ""),
                c.getAttribute(HucLaunch.ATTR_SCENARIO, ""), c.getAttribute(HucLaunch.ATTR_ENGINE, ""),
                c.getAttribute(HucLaunch.ATTR_SEED, ""), c.getAttribute(HucLaunch.ATTR_DURATION_MS, ""));
    }

    /**
     * A HUC file to compile: its workspace file (null outside the workspace), the name diagnostics give
     * it (the workspace path, else the absolute path), its text, and how its includes are found (beside
     * it, in the workspace or on disk).
     */
    public record Source(IFile file, String name, String text, IncludeResolver includes) {
        /** The text of a 1-based line, or "" outside the file. */
        public String line(int line) {
            String[] lines = text.split("\r?\n", -1);
            return line >= 1 && line <= lines.length ? lines[line - 1] : "";
        }
    }

    /** The HUC file: a workspace file when the workspace has one at that path, else a file on disk. */
    public Source source() throws CoreException {
        if (program.isEmpty()) {
            throw Activator.failure("no program: choose the HUC file to run");
        }
        String path = expand(program, "program");
        Optional<IFile> ws = workspaceFile(path);
        if (ws.isPresent()) {
            IFile f = ws.get();
            if (!"huc".equals(f.getFileExtension())) {
                throw Activator.failure(f.getFullPath() + " is not a HUC file (.huc)");
            }
            return new Source(f, f.getFullPath().toString(), read(f), workspaceIncludes());
        }
        Path p = Path.of(path);
        if (!p.isAbsolute() || !Files.isRegularFile(p)) {
            throw Activator.failure("program " + program + ": no such file in the workspace" + (p.isAbsolute() ? " or on disk" : ""));
        }
        if (!p.getFileName().toString().endsWith(".huc")) {
            throw Activator.failure(p + " is not a HUC file (.huc)");
        }
        try {
            return new Source(null, p.toString(), Files.readString(p, StandardCharsets.UTF_8), IncludeResolver.files());
        } catch (IOException e) {
            throw Activator.failure(p + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * The scenario's configuration: a bundled scenario's defaults or a scenario file's values, with the
     * engine, seed and duration given here over them.
     */
    public ScenarioConfig scenarioConfig() throws CoreException {
        ScenarioConfig c = baseConfig();
        if (!engine.isEmpty()) {
            try {
                c = c.withEngine(EngineKind.parse(engine));
            } catch (IllegalArgumentException e) {
                throw Activator.failure(e.getMessage());
            }
        }
        if (!seed.isEmpty()) {
            c = c.withSeed(seedValue());
        }
        if (!durationMs.isEmpty()) {
            c = c.withDuration(durationValue());
        }
        return c;
    }

    /** The scenario as {@code huc dap} takes it: a bundled scenario's name, or the scenario file's absolute path on disk. */
    public String scenarioArgument() throws CoreException {
        if (Scenarios.byName(scenario).isPresent()) {
            return scenario;
        }
        String path = expand(scenario, "scenario");
        Optional<IFile> ws = workspaceFile(path);
        if (ws.isPresent() && ws.get().getLocation() != null) {
            return ws.get().getLocation().toOSString();
        }
        return Path.of(path).toAbsolutePath().toString();
    }

    /** The seed as a number. */
    long seedValue() throws CoreException {
        try {
            return Long.parseLong(seed);
        } catch (NumberFormatException e) {
            throw Activator.failure("seed must be an integer, not '" + seed + "' (empty: the scenario's seed)");
        }
    }

    double durationValue() throws CoreException {
        double d;
        try {
            d = Double.parseDouble(durationMs);
        } catch (NumberFormatException e) {
            throw Activator.failure("duration must be a number of milliseconds, not '" + durationMs + "' (empty: the scenario's)");
        }
        try {
            return org.hyperupcall.hypervisor.ScenarioSchema.DURATION_MS.check("duration (ms)", d);
        } catch (IllegalArgumentException e) {
            throw Activator.failure(e.getMessage());
        }
    }

    /**
     * The first problem of these settings, as the launch would report it, or null: the program is
     * found and read (not compiled), the scenario file parsed, the entry point looked up in the text.
     */
    public String validate() {
        try {
            Source s = source();
            scenarioConfig();
            if (!entryPoint.isEmpty() && EntryPoints.scan(s.text()).stream().noneMatch(e -> e.function().equals(entryPoint))) {
                return "no entry point '" + entryPoint + "' in " + s.name();
            }
            return null;
        } catch (CoreException e) {
            return e.getStatus().getMessage();
        }
    }

    private ScenarioConfig baseConfig() throws CoreException {
        if (scenario.isEmpty()) {
            throw Activator.failure("no scenario: choose one of " + names() + ", or a scenario file");
        }
        if (Scenarios.byName(scenario).isPresent()) {
            return Scenarios.defaults(scenario);
        }
        String path = expand(scenario, "scenario");
        String name;
        String text;
        Optional<IFile> ws = workspaceFile(path);
        if (ws.isPresent()) {
            name = ws.get().getFullPath().toString();
            text = read(ws.get());
        } else {
            Path p = Path.of(path);
            if (!p.isAbsolute() || !Files.isRegularFile(p)) {
                throw Activator.failure("unknown scenario '" + scenario + "' (scenarios: " + names()
                        + "; or a scenario file, a workspace or absolute path)");
            }
            try {
                return ScenarioFiles.read(p);
            } catch (IOException e) {
                throw Activator.failure(e.getMessage() != null && e.getMessage().startsWith(p.toString()) ? e.getMessage()
                        : p + ": cannot read: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw Activator.failure(e.getMessage());
            }
        }
        try {
            return ScenarioFiles.parse(name, text);
        } catch (IllegalArgumentException e) {
            throw Activator.failure(e.getMessage());
        }
    }

    /** The bundled scenarios' names, comma-separated. */
    public static String names() {
        return String.join(", ", Scenarios.all().stream().map(Scenario::name).toList());
    }

    private static String expand(String value, String what) throws CoreException {
        if (!value.contains("${")) {
            return value;
        }
        try {
            return VariablesPlugin.getDefault().getStringVariableManager().performStringSubstitution(value);
        } catch (CoreException e) {
            throw Activator.failure(what + " " + value + ": " + e.getStatus().getMessage());
        }
    }

    /** The workspace file at a workspace path ("/proj/a.huc"), if there is one. */
    static Optional<IFile> workspaceFile(String path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        IPath p = IPath.fromPortableString(path.replace('\\', '/'));
        if (p.segmentCount() < 2) {
            return Optional.empty();
        }
        IResource r = ResourcesPlugin.getWorkspace().getRoot().findMember(p);
        return r instanceof IFile f && f.exists() ? Optional.of(f) : Optional.empty();
    }

    /** Includes of a workspace file: beside it, in the workspace, named by their workspace path. */
    private static IncludeResolver workspaceIncludes() {
        IWorkspaceRoot root = ResourcesPlugin.getWorkspace().getRoot();
        return (including, name) -> {
            IPath p = IPath.fromPortableString(including).removeLastSegments(1).append(name);
            if (p.segmentCount() < 2 || !(root.findMember(p) instanceof IFile f) || !f.exists()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new IncludeResolver.Source(f.getFullPath().toString(), read(f)));
            } catch (CoreException e) {
                return Optional.empty();
            }
        };
    }

    /** The bundled scenario that matches the events of a HUC file's entry points ({@link EntryPoints#scenarioFor}). */
    public static String defaultScenario(IFile f) {
        String preferred = org.eclipse.core.runtime.Platform.getPreferencesService().getString(UI_PREFERENCES, "scenario", "", null);
        if (!preferred.isEmpty()) {
            return preferred; // Window > Preferences > Hyperupcall: Default scenario
        }
        try {
            return EntryPoints.scenarioForText(read(f));
        } catch (CoreException e) {
            return EntryPoints.scenarioFor(java.util.List.of());
        }
    }

    /** The preferences of the HUC editor (org.hyperupcall.ui): the default engine and scenario of new configurations. */
    static final String UI_PREFERENCES = "org.hyperupcall.ui";

    /** The engine new configurations get: the preference (Window &gt; Preferences &gt; Hyperupcall), "" when unset. */
    public static String preferredEngine() {
        return org.eclipse.core.runtime.Platform.getPreferencesService().getString(UI_PREFERENCES, "engine", "", null);
    }

    static String read(IFile f) throws CoreException {
        try (InputStream in = f.getContents(true)) {
            return new String(in.readAllBytes(), Charset.forName(f.getCharset(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw Activator.failure(f.getFullPath() + ": cannot read: " + e.getMessage());
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
