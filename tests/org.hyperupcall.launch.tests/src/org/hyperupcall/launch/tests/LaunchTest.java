package org.hyperupcall.launch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.TextConsole;
import org.eclipse.ui.texteditor.ITextEditor;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.hypervisor.Metric;
import org.hyperupcall.hypervisor.ScenarioResult;
import org.hyperupcall.launch.ui.CompileConsole;
import org.hyperupcall.launch.HucLaunch;
import org.junit.jupiter.api.Test;

/** Run As > Hyperupcall as the user sees it: the process, its console, the result, the errors and markers. */
class LaunchTest {

    @Test
    void launchingTheTracingExampleTracesEveryExitAndShowsTheTableInTheConsole() throws Exception {
        IFile file = Fixture.copyExample("trace_exits.huc");
        ILaunchConfiguration c = Fixture.configuration("trace exits", file.getFullPath().toString(), "tracing", Map.of());

        ILaunch launch = Fixture.launchAndWait(c);

        IProcess process = launch.getProcesses()[0];
        assertEquals(HucLaunch.EXIT_OK, process.getExitValue());
        ScenarioResult result = HucLaunch.lastResult(launch).orElseThrow();
        assertEquals("tracing", result.scenario());
        assertEquals(2.0, result.config().durationMs());
        assertTrue(result.withValue(Metric.TRACE_RECORDS) > 0, "exits traced with the hyperupcall");
        assertEquals(result.withValue(Metric.EXITS), result.withValue(Metric.TRACE_RECORDS), "every exit traced");
        assertEquals(0, result.withoutValue(Metric.TRACE_RECORDS));
        assertTrue(result.refusals().isEmpty());

        String console = Fixture.consoleText(launch, "finished in");
        assertTrue(console.contains("compiled trace_exit for vm_exit: 27 instructions"), console);
        assertTrue(console.contains("simulating tracing"), console);
        assertTrue(console.matches("(?s).*metric +without +with +ratio\n.*"), "the table's header\n" + console);
        assertTrue(console.matches("(?s).*\ntrace\\.records +- +\\d+ .*"), "a row of the table\n" + console);
        assertTrue(console.contains("VM exits traced into the guest's ring"), "the findings\n" + console);
        assertEquals(0, file.findMarkers(HucLaunch.PROBLEM_MARKER, true, IResource.DEPTH_ZERO).length);
    }

    @Test
    void aFileThatDoesNotCompileFailsWithItsFirstErrorAtFileLineAndColumnAndStartsNoRun() throws Exception {
        Fixture.write("broken.huc", """
                #include "hyperupcall.h"

                SEC("hyperupcall/vm_exit")
                long f(struct hup_vm_exit_ctx *ctx)
                {
                    return undefined_thing + 1;
                }
                """);
        ILaunchConfiguration c = Fixture.configuration("broken", "/" + Fixture.PROJECT + "/broken.huc", "tracing", Map.of());

        CoreException e = assertThrows(CoreException.class, () -> Fixture.launchAndWait(c));

        String message = e.getStatus().getMessage();
        assertTrue(message.matches("/launch-tests/broken\\.huc:6:\\d+: error: .*undefined_thing.* \\[HUC-[A-Z-]+\\]"), message);
        assertTrue(Arrays.stream(DebugPlugin.getDefault().getLaunchManager().getLaunches()).noneMatch(l -> c.equals(l.getLaunchConfiguration())),
                "no run was left behind");
        Fixture.waitUntil("the compile console shows the error", () -> compileConsole("broken").contains(message), Duration.ofSeconds(10));
        assertTrue(compileConsole("broken").contains("    return undefined_thing + 1;\n"), compileConsole("broken"));
    }

    private static String compileConsole(String configuration) {
        return Arrays.stream(ConsolePlugin.getDefault().getConsoleManager().getConsoles())
                .filter(x -> x.getName().equals(CompileConsole.name(configuration)))
                .map(x -> ((TextConsole) x).getDocument().get()).findFirst().orElse("");
    }

    @Test
    void aScenarioFileWithABadFieldFailsNamingTheFileAndTheField() throws Exception {
        IFile file = Fixture.copyExample("trace_exits.huc");
        Fixture.write("bad.json", "{ \"scenario\": \"tracing\", \"vcpus\": 0 }\n");
        ILaunchConfiguration c = Fixture.configuration("bad scenario", file.getFullPath().toString(), "/" + Fixture.PROJECT + "/bad.json",
                Map.of());

        CoreException e = assertThrows(CoreException.class, () -> Fixture.launchAndWait(c));

        assertTrue(e.getStatus().getMessage().startsWith("/launch-tests/bad.json: field 'vcpus': must be an integer from 1 to 64"),
                e.getStatus().getMessage());
    }

    @Test
    void aScenarioFileRunsWithItsValuesAndTheConfigurationsSeedOverIt() throws Exception {
        IFile file = Fixture.copyExample("trace_exits.huc");
        Fixture.write("two.json", "{ \"scenario\": \"tracing\", \"vcpus\": 2, \"pcpus\": 1, \"duration_ms\": 1, \"seed\": 5 }\n");
        ILaunchConfiguration c = Fixture.configuration("scenario file", file.getFullPath().toString(), "/" + Fixture.PROJECT + "/two.json",
                Map.of(HucLaunch.ATTR_SEED, "7", HucLaunch.ATTR_DURATION_MS, "", HucLaunch.ATTR_ENGINE, "interp"));

        ScenarioResult r = HucLaunch.lastResult(Fixture.launchAndWait(c)).orElseThrow();

        assertEquals(2, r.config().vcpus());
        assertEquals(1, r.config().pcpus());
        assertEquals(1.0, r.config().durationMs());
        assertEquals(7, r.config().seed());
        assertEquals(EngineKind.INTERP, r.config().engine());
    }

    @Test
    void aRefusedRegistrationIsAnErrorAtItsSourceLineWithAProblemMarkerAndAConsoleLinkThere() throws Exception {
        // the ring index without its mask: the verifier cannot bound the write through rec (line 18)
        IFile file = Fixture.write("unbounded.huc", Fixture.example("trace_exits.huc").replace("[head & (TRACE_RECORDS - 1)]", "[head]"));
        ILaunchConfiguration c = Fixture.configuration("unbounded", file.getFullPath().toString(), "tracing", Map.of());

        ILaunch launch = Fixture.launchAndWait(c);

        assertEquals(HucLaunch.EXIT_REFUSED, launch.getProcesses()[0].getExitValue());
        String console = Fixture.consoleText(launch, "registration for vm_exit refused");
        assertTrue(console.matches("(?s).*\n/launch-tests/unbounded\\.huc:18:5: error: registration for vm_exit refused: writes 8 bytes "
                + "at an address it cannot bound .*\\(insn \\d+\\) \\[HUV-MEM-BOUNDS\\]\n    rec->tsc = ctx->tsc;\n    \\^~+\n.*"), console);
        IMarker[] markers = file.findMarkers(HucLaunch.PROBLEM_MARKER, true, IResource.DEPTH_ZERO);
        assertEquals(1, markers.length);
        IMarker m = markers[0];
        assertTrue(m.isSubtypeOf(IMarker.PROBLEM));
        assertEquals(18, m.getAttribute(IMarker.LINE_NUMBER, -1));
        assertEquals(IMarker.SEVERITY_ERROR, m.getAttribute(IMarker.SEVERITY, -1));
        assertEquals("HUV-MEM-BOUNDS", m.getAttribute(HucLaunch.MARKER_RULE, ""));
        assertTrue(m.getAttribute(IMarker.MESSAGE, "").startsWith("registration for vm_exit refused: writes 8 bytes"));

        TextConsole text = (TextConsole) DebugUITools.getConsole(launch.getProcesses()[0]);
        Fixture.waitUntil("the error is a link", () -> text.getHyperlinks().length > 0, Duration.ofSeconds(10));
        assertEquals(1, text.getHyperlinks().length);
        assertTrue(text.getDocument().get(text.getRegion(text.getHyperlinks()[0]).getOffset(),
                text.getRegion(text.getHyperlinks()[0]).getLength()).equals("/launch-tests/unbounded.huc:18:5"));
        text.getHyperlinks()[0].linkActivated();
        IEditorPart editor = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().getActiveEditor();
        assertEquals(file, editor.getEditorInput().getAdapter(IFile.class));
        ITextSelection selection = (ITextSelection) editor.getAdapter(ITextEditor.class).getSelectionProvider().getSelection();
        assertEquals(17, selection.getStartLine(), "the cursor is on line 18");
        editor.getSite().getPage().closeEditor(editor, false);

        // fixed: the next run clears the marker
        Fixture.write("unbounded.huc", Fixture.example("trace_exits.huc"));
        Fixture.launchAndWait(c);
        assertEquals(0, file.findMarkers(HucLaunch.PROBLEM_MARKER, true, IResource.DEPTH_ZERO).length);
    }

    @Test
    void anEntryPointRegistersOnlyItsProgramAndOneForAnotherEventIsRefusedBeforeTheRun() throws Exception {
        IFile file = Fixture.copyExample("protect_kernel.huc");
        ILaunchConfiguration vmExit = Fixture.configuration("check write protect", file.getFullPath().toString(), "tracing",
                Map.of(HucLaunch.ATTR_ENTRY_POINT, "check_write_protect"));

        ScenarioResult r = HucLaunch.lastResult(Fixture.launchAndWait(vmExit)).orElseThrow();
        assertEquals(1, r.registrations().size());
        assertTrue(r.registrations().get(0).startsWith("vm_exit: /launch-tests/protect_kernel.huc (13 instructions"), r.registrations().get(0));

        ILaunchConfiguration mapping = Fixture.configuration("protect mapping", file.getFullPath().toString(), "tracing",
                Map.of(HucLaunch.ATTR_ENTRY_POINT, "protect_mapping"));
        CoreException e = assertThrows(CoreException.class, () -> Fixture.launchAndWait(mapping));
        assertEquals("entry point protect_mapping is for page_mapping, scenario tracing runs hyperupcalls for vm_exit",
                e.getStatus().getMessage());
    }

    @Test
    void aFileOutsideTheWorkspaceRunsByItsAbsolutePath() throws Exception {
        String path = Fixture.examplePath("trace_exits.huc").toString();
        ILaunchConfiguration c = Fixture.configuration("absolute", path, "tracing", Map.of());

        ILaunch launch = Fixture.launchAndWait(c);

        assertEquals(HucLaunch.EXIT_OK, launch.getProcesses()[0].getExitValue());
        assertTrue(HucLaunch.lastResult(launch).orElseThrow().registrations().get(0).startsWith("vm_exit: " + path));
    }

    @Test
    void terminatingARunEndsItsProcessAtOnceWithoutAResult() throws Exception {
        IFile file = Fixture.copyExample("trace_exits.huc");
        // long enough to be still running when terminated
        ILaunchConfiguration c = Fixture.configuration("long", file.getFullPath().toString(), "tracing",
                Map.of(HucLaunch.ATTR_DURATION_MS, "500"));
        ILaunch launch = c.launch(org.eclipse.debug.core.ILaunchManager.RUN_MODE, null);
        IProcess process = launch.getProcesses()[0];
        assertTrue(process.canTerminate());

        launch.terminate();

        assertTrue(launch.isTerminated());
        assertEquals(HucLaunch.EXIT_TERMINATED, process.getExitValue());
        assertTrue(HucLaunch.lastResult(launch).isEmpty());
        Fixture.consoleText(launch, "terminated: the rest of the simulation is abandoned, no result");
        // the abandoned simulation finishes in the background, its result is never published
        org.eclipse.core.runtime.jobs.Job.getJobManager().join(launch, null);
        assertTrue(HucLaunch.lastResult(launch).isEmpty());
    }
}
