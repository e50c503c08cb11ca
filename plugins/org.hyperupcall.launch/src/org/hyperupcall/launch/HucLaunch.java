package org.hyperupcall.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.Platform;
import org.eclipse.debug.core.ILaunch;
import org.hyperupcall.hypervisor.ScenarioResult;
import org.hyperupcall.lang.SourceDiagnostic;

/**
 * The "Hyperupcall" launch configuration type: its id, its attributes, and the results of its runs.
 *
 * <p>Attributes (all strings; empty means "the default"):
 * <ul>
 * <li>{@link #ATTR_PROGRAM}: the HUC file, a workspace path ({@code /proj/tlb_shootdown.huc}) or an
 * absolute file-system path; string variables such as {@code ${workspace_loc}} are expanded;</li>
 * <li>{@link #ATTR_ENTRY_POINT}: the function name of one entry point; empty registers every entry point
 * of the file (the scenario takes those of its events);</li>
 * <li>{@link #ATTR_SCENARIO}: a bundled scenario name ({@code tracing}) or a scenario file (JSON, workspace
 * or absolute path);</li>
 * <li>{@link #ATTR_ENGINE}: {@code jit} or {@code interp}; empty: the scenario's engine;</li>
 * <li>{@link #ATTR_SEED}: an integer; empty: the scenario's seed;</li>
 * <li>{@link #ATTR_DURATION_MS}: simulated milliseconds of each run; empty: the scenario's.</li>
 * </ul>
 */
public final class HucLaunch {
    /** The bundle's symbolic name. */
    public static final String PLUGIN_ID = "org.hyperupcall.launch";
    /** The launch configuration type. */
    public static final String TYPE_ID = "org.hyperupcall.launch.hyperupcall";
    /** The marker type of refusals at their source line (a problem marker). */
    public static final String PROBLEM_MARKER = "org.hyperupcall.launch.problem";
    /** The marker attribute with the rule id of a refusal ({@code HUV-MEM-BOUNDS}). */
    public static final String MARKER_RULE = "rule";
    /** The results view. */
    public static final String RESULTS_VIEW_ID = "org.hyperupcall.launch.resultsView";
    /** The value of {@link org.eclipse.debug.core.model.IProcess#ATTR_PROCESS_TYPE} of a run. */
    public static final String PROCESS_TYPE = "hyperupcall";

    public static final String ATTR_PROGRAM = PLUGIN_ID + ".program";
    public static final String ATTR_ENTRY_POINT = PLUGIN_ID + ".entryPoint";
    public static final String ATTR_SCENARIO = PLUGIN_ID + ".scenario";
    public static final String ATTR_ENGINE = PLUGIN_ID + ".engine";
    public static final String ATTR_SEED = PLUGIN_ID + ".seed";
    public static final String ATTR_DURATION_MS = PLUGIN_ID + ".durationMs";

    /** Exit values of a run's process. */
    public static final int EXIT_OK = 0;
    public static final int EXIT_REFUSED = 1;
    public static final int EXIT_FAILED = 2;
    public static final int EXIT_TERMINATED = 130;

    /** A finished run: the launch, its configuration's name, the program (as shown) and the simulator's result. */
    public record Run(ILaunch launch, String configurationName, String program, ScenarioResult result, long elapsedMillis) {
    }

    /** Told of every run that finishes (not of runs the user terminates); called on the run's job thread. */
    @FunctionalInterface
    public interface ResultListener {
        void finished(Run run);

        /** The program of a launch did not compile: no run (called on the launching thread). */
        default void compileFailed(String configurationName, LaunchSettings.Source source, List<SourceDiagnostic> diagnostics) {
        }
    }

    private static final Map<ILaunch, Run> RUNS = new WeakHashMap<>();
    private static final CopyOnWriteArrayList<ResultListener> LISTENERS = new CopyOnWriteArrayList<>();
    private static volatile Run last;

    private HucLaunch() {
    }

    /** The result of a launch's run, once it has finished; empty before, for a terminated or failed run, or another launch. */
    public static Optional<ScenarioResult> lastResult(ILaunch launch) {
        return run(launch).map(Run::result);
    }

    /** The finished run of a launch. */
    public static Optional<Run> run(ILaunch launch) {
        synchronized (RUNS) {
            return Optional.ofNullable(RUNS.get(launch));
        }
    }

    /** The run that finished last, of any launch. */
    public static Optional<Run> lastRun() {
        return Optional.ofNullable(last);
    }

    public static void addResultListener(ResultListener l) {
        LISTENERS.addIfAbsent(l);
    }

    public static void removeResultListener(ResultListener l) {
        LISTENERS.remove(l);
    }

    /** The extension point where other bundles (the launch UI) contribute {@link ResultListener}s: {@code <listener class="..."/>}. */
    public static final String RESULT_LISTENERS = PLUGIN_ID + ".resultListeners";

    /** The listeners contributed through {@link #RESULT_LISTENERS}, created at the first finished run. */
    private static volatile List<ResultListener> contributed;

    private static List<ResultListener> contributed() {
        List<ResultListener> c = contributed;
        if (c == null) {
            List<ResultListener> found = new ArrayList<>();
            IExtensionRegistry registry = Platform.getExtensionRegistry();
            for (IConfigurationElement e : registry == null ? new IConfigurationElement[0] : registry.getConfigurationElementsFor(RESULT_LISTENERS)) {
                try {
                    if (e.createExecutableExtension("class") instanceof ResultListener l) {
                        found.add(l);
                    }
                } catch (CoreException ex) {
                    Activator.log("cannot create the result listener of " + e.getContributor().getName(), ex);
                }
            }
            contributed = c = List.copyOf(found);
        }
        return c;
    }

    static void compileFailed(String configurationName, LaunchSettings.Source source, List<SourceDiagnostic> diagnostics) {
        for (ResultListener l : listeners()) {
            try {
                l.compileFailed(configurationName, source, diagnostics);
            } catch (RuntimeException e) {
                Activator.log("a result listener failed", e);
            }
        }
    }

    private static List<ResultListener> listeners() {
        List<ResultListener> all = new ArrayList<>(contributed());
        all.addAll(LISTENERS);
        return all;
    }

    static void finished(Run run) {
        synchronized (RUNS) {
            RUNS.put(run.launch(), run);
        }
        last = run;
        for (ResultListener l : listeners()) {
            try {
                l.finished(run);
            } catch (RuntimeException e) {
                Activator.log("a result listener failed", e);
            }
        }
    }
}
