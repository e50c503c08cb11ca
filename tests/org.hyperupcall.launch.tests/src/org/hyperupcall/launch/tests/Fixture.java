package org.hyperupcall.launch.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.TextConsole;
import org.hyperupcall.launch.HucLaunch;

/** A workspace project with HUC files, Hyperupcall launch configurations, and waiting for what the UI shows. */
final class Fixture {
    static final String PROJECT = "launch-tests";

    private Fixture() {
    }

    static IProject project() throws CoreException {
        IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
        if (!p.exists()) {
            p.create(null);
        }
        if (!p.isOpen()) {
            p.open(null);
        }
        return p;
    }

    /** The text of an example of the repository (examples/huc/NAME). */
    static String example(String name) throws IOException {
        String repo = System.getProperty("hyperupcall.repo");
        assertTrue(repo != null && !repo.isEmpty(), "system property hyperupcall.repo (the repository root) is set");
        return Files.readString(Path.of(repo, "examples", "huc", name), StandardCharsets.UTF_8);
    }

    static Path examplePath(String name) {
        return Path.of(System.getProperty("hyperupcall.repo"), "examples", "huc", name);
    }

    /** A copy of an example in the test project. */
    static IFile copyExample(String name) throws IOException, CoreException {
        return write(name, example(name));
    }

    /** A file of the test project with this text (replaced if it exists). */
    static IFile write(String name, String text) throws CoreException {
        IFile f = project().getFile(name);
        ByteArrayInputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        if (f.exists()) {
            f.setContents(in, true, false, null);
        } else {
            f.create(in, true, null);
        }
        f.setCharset("UTF-8", null);
        return f;
    }

    /** A saved Hyperupcall configuration: the program, the scenario, 2 simulated ms, and more attributes. */
    static ILaunchConfiguration configuration(String name, String program, String scenario, Map<String, String> more)
            throws CoreException {
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        for (ILaunchConfiguration c : manager.getLaunchConfigurations()) {
            if (c.getName().equals(name)) {
                c.delete();
            }
        }
        ILaunchConfigurationWorkingCopy wc = manager.getLaunchConfigurationType(HucLaunch.TYPE_ID).newInstance(null, name);
        wc.setAttribute(HucLaunch.ATTR_PROGRAM, program);
        wc.setAttribute(HucLaunch.ATTR_SCENARIO, scenario);
        wc.setAttribute(HucLaunch.ATTR_DURATION_MS, "2");
        more.forEach(wc::setAttribute);
        return wc.doSave();
    }

    /** Launches in run mode (as Run does, without the dialog) and waits until the launch terminates. */
    static ILaunch launchAndWait(ILaunchConfiguration c) throws CoreException {
        DebugUITools.getPreferenceStore(); // the debug UI (its console manager) is up before the launch
        ILaunch launch = c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        waitUntil("the launch terminates", launch::isTerminated, Duration.ofSeconds(60));
        return launch;
    }

    /** The text of the console of the launch's (one) process, once it contains {@code expected}. */
    static String consoleText(ILaunch launch, String expected) {
        Supplier<String> text = () -> {
            IConsole console = DebugUITools.getConsole(launch.getProcesses()[0]);
            return console instanceof TextConsole t ? t.getDocument().get() : "";
        };
        waitUntil("the console shows '" + expected + "'", () -> text.get().contains(expected), Duration.ofSeconds(20));
        return text.get();
    }

    /** Runs the UI's event loop until the condition holds; fails after the timeout. */
    static void waitUntil(String what, BooleanSupplier condition, Duration timeout) {
        Display display = Display.getCurrent();
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting until " + what);
            }
            if (display == null || !display.readAndDispatch()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted waiting until " + what);
                }
            }
        }
    }

    /** Runs pending UI events for a moment. */
    static void settle() {
        Display display = Display.getCurrent();
        long end = System.nanoTime() + 100_000_000L;
        while (System.nanoTime() < end) {
            if (display == null || !display.readAndDispatch()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
