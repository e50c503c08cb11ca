package org.hyperupcall.launch.ui;

import java.io.IOException;
import java.util.List;

import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.IConsoleManager;
import org.eclipse.ui.console.MessageConsole;
import org.eclipse.ui.console.MessageConsoleStream;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.launch.HucLaunch;
import org.hyperupcall.launch.LaunchSettings;

/**
 * The console "Hyperupcall: NAME" that shows the compile errors of a launch that did not start a run
 * (a run's own output goes to its process's console): each diagnostic as clang prints it, the source
 * line and a caret under the column.
 */
public final class CompileConsole {
    /** The console's type (its diagnostics link to their lines, see plugin.xml). */
    public static final String TYPE = "org.hyperupcall.launch.compileConsole";

    private CompileConsole() {
    }

    /** The console's name for a launch configuration. */
    public static String name(String configurationName) {
        return "Hyperupcall: " + configurationName;
    }

    /** Shows the diagnostics in the configuration's console (cleared first) and brings it forward. */
    public static void show(String configurationName, LaunchSettings.Source source, List<SourceDiagnostic> diagnostics) {
        IConsoleManager manager = ConsolePlugin.getDefault().getConsoleManager();
        String name = name(configurationName);
        MessageConsole console = null;
        for (IConsole c : manager.getConsoles()) {
            if (c instanceof MessageConsole m && c.getName().equals(name)) {
                console = m;
            }
        }
        if (console == null) {
            console = new MessageConsole(name, TYPE, ResourceLocator.imageDescriptorFromBundle(HucLaunch.PLUGIN_ID, "icons/hyperupcall.png")
                    .orElse(null), true);
            manager.addConsoles(new IConsole[] {console});
        }
        console.clearConsole();
        MessageConsoleStream out = console.newMessageStream();
        if (PlatformUI.isWorkbenchRunning()) {
            Display display = PlatformUI.getWorkbench().getDisplay();
            display.asyncExec(() -> out.setColor(display.getSystemColor(SWT.COLOR_DARK_RED)));
        }
        long errors = diagnostics.stream().filter(SourceDiagnostic::error).count();
        out.println(source.name() + ": " + errors + (errors == 1 ? " error" : " errors") + ", no run");
        for (SourceDiagnostic d : diagnostics) {
            out.println(d.format());
            if (d.file().equals(source.name())) {
                for (String l : SourceDiagnostic.excerpt(source.line(d.line()), d.column(), false)) {
                    out.println(l);
                }
            }
        }
        try {
            out.close();
        } catch (IOException e) {
            // nothing left to write
        }
        manager.showConsoleView(console);
    }
}
