package org.hyperupcall.launch;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.LaunchConfigurationDelegate;
import org.hyperupcall.abi.Event;
import org.hyperupcall.ebpf.elf.ElfException;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.ElfWriter;
import org.hyperupcall.ebpf.elf.LineInfo;
import org.hyperupcall.hypervisor.Refusal;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.ScenarioConfig;
import org.hyperupcall.hypervisor.ScenarioResult;
import org.hyperupcall.hypervisor.Scenarios;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.launch.debug.HucDebugTarget;
import org.hyperupcall.launch.debug.HucSourceLocator;

/**
 * Launches a Hyperupcall configuration as {@code huc run FILE --scenario S} does: compiles the HUC file
 * (includes beside it), and runs the scenario without, then with its hyperupcalls in a job, as a
 * {@link HucProcess} whose console shows progress, the metrics table with the findings, and refusals
 * as {@code file:line:col: error: registration for EVENT refused: … [RULE]} (with a problem marker on
 * the line of a workspace file).
 *
 * <p>Problems found before the run (missing file, unknown scenario, a scenario file that breaks a rule,
 * a bad seed, compile errors) throw a CoreException and start no run; compile errors are all printed
 * to the console "Hyperupcall: NAME" as well, the first is the exception's message.
 *
 * <p>With an entry point, the object handed to the simulator holds only that function's program
 * (the compiled program put alone in a fresh ELF object with the file's line information), so the
 * scenario registers nothing else; an entry point for an event the scenario does not run is an error.
 *
 * <p>The simulator has no way to stop a run half-way: terminating the process (or cancelling its job)
 * ends the process at once and drops the result; the simulation finishes in the background.
 */
public class HucLaunchDelegate extends LaunchConfigurationDelegate {

    @Override
    public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor) throws CoreException {
        SubMonitor sm = SubMonitor.convert(monitor, "Hyperupcall " + configuration.getName(), 3);
        LaunchSettings settings = LaunchSettings.of(configuration);
        LaunchSettings.Source source = settings.source();
        ScenarioConfig config = settings.scenarioConfig();
        Scenario scenario = Scenarios.byName(config.scenario()).orElseThrow();
        sm.worked(1);

        sm.subTask("Compiling " + source.name());
        Compilation compilation = Compiler.compile(source.name(), source.text(), source.includes());
        if (!compilation.ok()) {
            HucLaunch.compileFailed(configuration.getName(), source, compilation.diagnostics());
            SourceDiagnostic first = compilation.diagnostics().stream().filter(SourceDiagnostic::error).findFirst().orElseThrow();
            throw new CoreException(Activator.error(first.format()));
        }
        byte[] object = compilation.elf();
        List<CompiledProgram> programs = compilation.programs();
        if (!settings.entryPoint().isEmpty()) {
            String all = String.join(", ", programs.stream().map(CompiledProgram::function).toList());
            CompiledProgram p = compilation.program(settings.entryPoint()).orElseThrow(() -> Activator.failure("no entry point '"
                    + settings.entryPoint() + "' in " + source.name() + " (entry points: " + all + ")"));
            if (!scenario.events().contains(p.event())) {
                throw Activator.failure("entry point " + p.function() + " is for " + p.event().id() + ", scenario " + scenario.name()
                        + " runs hyperupcalls for " + String.join(" and ", scenario.events().stream().map(Event::id).toList()));
            }
            object = new ElfWriter().withSource(source.name(), source.text()).add(p.event().section(), p.program(), p.externs()).toBytes();
            programs = List.of(p);
        }
        sm.worked(1);
        if (sm.isCanceled()) {
            return;
        }
        if (ILaunchManager.DEBUG_MODE.equals(mode)) {
            debug(launch, settings, source, config);
            sm.done();
            return;
        }

        Map<String, String> attributes = new LinkedHashMap<>();
        String commandLine = "huc run " + source.name() + " --scenario " + settings.scenario() + (settings.engine().isEmpty() ? ""
                : " --engine " + settings.engine()) + (settings.seed().isEmpty() ? "" : " --seed " + settings.seed())
                + (settings.durationMs().isEmpty() ? "" : " --duration-ms " + settings.durationMs());
        attributes.put(IProcess.ATTR_CMDLINE, commandLine);
        HucProcess process = new HucProcess(launch, source.name() + " [" + config.scenario() + "]", attributes);
        clearMarkers(source.file());
        for (CompiledProgram p : programs) {
            process.println("compiled " + p.function() + " for " + p.event().id() + ": " + p.size() + " instructions");
        }
        for (SourceDiagnostic d : compilation.diagnostics()) {
            process.println(d.format());
        }
        Simulation run = new Simulation(configuration.getName(), launch, process, source, config, scenario, object);
        process.onTerminate(run::cancel);
        run.schedule();
        sm.done();
    }

    /**
     * Debug mode: the scenario runs once, with the file's hyperupcalls on the interpreter under the
     * debug adapter of {@code huc dap}, in this process ({@link HucDebugTarget}); the process's console
     * shows what the adapter prints. A launch the adapter refuses fails with its message.
     */
    private static void debug(ILaunch launch, LaunchSettings settings, LaunchSettings.Source source, ScenarioConfig config) throws CoreException {
        String onDisk = source.file() == null ? source.name() : source.file().getLocation() == null ? null : source.file().getLocation().toOSString();
        if (onDisk == null) {
            throw Activator.failure(source.name() + " is not on the local disk: the debugger reads the file there");
        }
        Path program = Path.of(onDisk).toAbsolutePath().normalize();
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("program", program.toString());
        arguments.put("scenario", settings.scenarioArgument());
        arguments.put("durationMs", config.durationMs());
        arguments.put("seed", config.seed());
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(IProcess.ATTR_CMDLINE, "huc dap: launch " + program + " in " + config.scenario());
        HucProcess process = new HucProcess(launch, source.name() + " [" + config.scenario() + ", debugging]", attributes);
        process.println("debugging " + source.name() + " in " + config.scenario() + ": " + config.vcpus() + " vCPUs on " + config.pcpus()
                + " physical CPUs, " + config.durationMs() + " ms simulated, seed " + config.seed() + ", the hyperupcalls on the interpreter"
                + (settings.entryPoint().isEmpty() ? "" : " (every entry point of the file is registered, not only " + settings.entryPoint() + ")"));
        launch.setSourceLocator(new HucSourceLocator());
        try {
            HucDebugTarget target = HucDebugTarget.start(launch, process, program, arguments);
            process.onTerminate(target::terminate);
        } catch (CoreException e) {
            process.error(e.getStatus().getMessage());
            process.finish(HucLaunch.EXIT_FAILED);
            launch.removeProcess(process);
            throw e;
        }
    }

    /** The run has no build of its own: it compiles the file itself. */
    @Override
    public boolean buildForLaunch(ILaunchConfiguration configuration, String mode, IProgressMonitor monitor) {
        return false;
    }

    /** The simulation, in a job that the Progress view shows and can cancel (which terminates the process). */
    private static final class Simulation extends Job {
        private final String configurationName;
        private final ILaunch launch;
        private final HucProcess process;
        private final LaunchSettings.Source source;
        private final ScenarioConfig config;
        private final Scenario scenario;
        private final byte[] object;

        Simulation(String configurationName, ILaunch launch, HucProcess process, LaunchSettings.Source source, ScenarioConfig config,
                Scenario scenario, byte[] object) {
            super("Hyperupcall: " + configurationName);
            this.configurationName = configurationName;
            this.launch = launch;
            this.process = process;
            this.source = source;
            this.config = config;
            this.scenario = scenario;
            this.object = object;
            setUser(false);
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == launch || family == HucLaunch.TYPE_ID;
        }

        @Override
        protected void canceling() {
            process.terminate();
        }

        @Override
        protected IStatus run(IProgressMonitor monitor) {
            monitor.beginTask("Simulating " + config.scenario() + " without, then with the hyperupcall", IProgressMonitor.UNKNOWN);
            long start = System.nanoTime();
            try {
                process.println("simulating " + config.scenario() + " (" + scenario.description() + "): " + config.vcpus() + " vCPUs on "
                        + config.pcpus() + " physical CPUs, " + config.durationMs() + " ms simulated, engine " + config.engine() + ", seed "
                        + config.seed() + ", without then with the hyperupcall…");
                ScenarioResult result = scenario.run(config, source.name(), object);
                if (process.isTerminated()) {
                    return Status.CANCEL_STATUS;
                }
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                process.print(result.table());
                reportRefusals(result);
                process.println("finished in " + elapsed + " ms");
                HucLaunch.finished(new HucLaunch.Run(launch, configurationName, source.name(), result, elapsed));
                process.finish(result.refusals().isEmpty() ? HucLaunch.EXIT_OK : HucLaunch.EXIT_REFUSED);
                return Status.OK_STATUS;
            } catch (RuntimeException | LinkageError e) {
                if (!process.isTerminated()) {
                    process.error("internal error in the simulator: " + e);
                    process.finish(HucLaunch.EXIT_FAILED);
                }
                Activator.log("Hyperupcall run " + configurationName + " failed", e);
                return Status.OK_STATUS; // reported in the console; no error dialog on top
            } finally {
                monitor.done();
            }
        }

        /** Each refusal as a compiler error at its source line, with a problem marker there (workspace files). */
        private void reportRefusals(ScenarioResult result) {
            if (result.refusals().isEmpty()) {
                return;
            }
            List<Event> events = scenario.events();
            Event refused = events.get(Math.min(result.registrations().size(), events.size() - 1));
            for (Refusal r : result.refusals()) {
                int line = r.line() > 0 ? r.line() : lineOf(r.insn(), refused);
                String message = "registration for " + refused.id() + " refused: " + r.message()
                        + (r.insn() >= 0 ? " (insn " + r.insn() + ")" : "");
                if (line > 0) {
                    String text = source.line(line);
                    int column = firstNonBlank(text) + 1;
                    process.error(new SourceDiagnostic(source.name(), line, column, true, message, r.rule()).format());
                    for (String l : org.hyperupcall.lang.SourceDiagnostic.excerpt(text, column, true)) {
                        process.error(l);
                    }
                } else {
                    process.error(source.name() + ": error: " + message + " [" + r.rule() + "]");
                }
                mark(source, line, message, r.rule());
            }
        }

        /** The source line of an instruction of the refused event's program, from the object's line information. */
        private int lineOf(int insn, Event event) {
            if (insn < 0) {
                return 0;
            }
            try {
                return LineInfo.of(ElfReader.read(source.name(), object)).getOrDefault(event.section(), List.of()).stream()
                        .filter(e -> e.insn() <= insn).max(Comparator.comparingInt(LineInfo.Entry::insn)).map(LineInfo.Entry::line).orElse(0);
            } catch (ElfException e) {
                return 0;
            }
        }
    }

    private static int firstNonBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void clearMarkers(IFile file) {
        if (file == null) {
            return;
        }
        try {
            file.deleteMarkers(HucLaunch.PROBLEM_MARKER, true, IResource.DEPTH_ZERO);
        } catch (CoreException e) {
            Activator.log("cannot delete the markers of " + file.getFullPath(), e);
        }
    }

    /** A problem marker for a refusal on the file's line (the first line when the refusal has none). */
    static void mark(LaunchSettings.Source source, int line, String message, String rule) {
        IFile file = source.file();
        if (file == null || !file.exists()) {
            return;
        }
        try {
            IMarker m = file.createMarker(HucLaunch.PROBLEM_MARKER);
            int l = Math.max(1, line);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put(IMarker.SEVERITY, IMarker.SEVERITY_ERROR);
            a.put(IMarker.MESSAGE, message + " [" + rule + "]");
            a.put(IMarker.LINE_NUMBER, l);
            a.put(IMarker.LOCATION, "line " + l);
            a.put(HucLaunch.MARKER_RULE, rule);
            int[] span = span(source.text(), l);
            if (span != null) {
                a.put(IMarker.CHAR_START, span[0]);
                a.put(IMarker.CHAR_END, span[1]);
            }
            m.setAttributes(a);
        } catch (CoreException e) {
            Activator.log("cannot mark " + file.getFullPath(), e);
        }
    }

    /** The offsets of a line's code (without leading and trailing blanks) in the text. */
    private static int[] span(String text, int line) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', offset);
            if (nl < 0) {
                return null;
            }
            offset = nl + 1;
        }
        int end = text.indexOf('\n', offset);
        String l = text.substring(offset, end < 0 ? text.length() : end);
        int start = firstNonBlank(l);
        int stop = l.stripTrailing().length();
        return stop > start ? new int[] {offset + start, offset + stop} : null;
    }
}
