package org.hyperupcall.launch.ui;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.resource.ResourceLocator;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.ElementTreeSelectionDialog;
import org.eclipse.ui.model.BaseWorkbenchContentProvider;
import org.eclipse.ui.model.WorkbenchLabelProvider;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.Scenarios;
import org.hyperupcall.launch.EntryPoints;
import org.hyperupcall.launch.EntryPoints.EntryPoint;
import org.hyperupcall.launch.HucLaunch;
import org.hyperupcall.launch.LaunchSettings;

/**
 * The Main tab: the HUC program (workspace or file system), one of its entry points or all, the
 * scenario (bundled, or a scenario file), the engine, the seed and the simulated duration. It reports
 * the problems the launch would report (missing file, unknown scenario, a scenario file that breaks a
 * rule, a seed that is not an integer…) as the dialog's error message.
 */
public class HucMainTab extends AbstractLaunchConfigurationTab {
    /** Key of {@link org.eclipse.swt.widgets.Widget#getData(String)} naming each input ("program", "seed", …), for tests and tools. */
    public static final String FIELD = "org.hyperupcall.launch.field";

    private static final String ALL_ENTRY_POINTS = "All entry points of the file";
    private static final String[] ENGINES = {"", EngineKind.JIT.toString(), EngineKind.INTERP.toString()};
    private static final String[] ENGINE_LABELS = {"The scenario's (jit unless its file says otherwise)", "jit: JVM bytecode",
        "interp: the reference interpreter"};

    private Text program;
    private Combo entryPoint;
    private final List<String> entryPointNames = new ArrayList<>();
    private Combo scenario;
    private Label scenarioDescription;
    private Combo engine;
    private Text seed;
    private Text duration;
    private boolean initializing;
    private Image image;

    @Override
    public void createControl(Composite parent) {
        Composite top = new Composite(parent, SWT.NONE);
        top.setLayout(new GridLayout(1, false));
        setControl(top);

        Group prog = group(top, "Program", 4);
        new Label(prog, SWT.NONE).setText("HUC file:");
        program = new Text(prog, SWT.SINGLE | SWT.BORDER);
        program.setData(FIELD, "program");
        program.setMessage("/project/file.huc or an absolute path");
        program.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        program.addModifyListener(e -> {
            refreshEntryPoints(selectedEntryPoint());
            changed();
        });
        button(prog, "Workspace...", () -> browseWorkspace(program, "huc", "Choose a HUC file"));
        button(prog, "File System...", () -> browseFileSystem(program, "*.huc"));
        new Label(prog, SWT.NONE).setText("Entry point:");
        entryPoint = new Combo(prog, SWT.READ_ONLY | SWT.DROP_DOWN);
        entryPoint.setData(FIELD, "entryPoint");
        entryPoint.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        entryPoint.addModifyListener(e -> changed());

        Group scen = group(top, "Scenario", 4);
        new Label(scen, SWT.NONE).setText("Scenario:");
        scenario = new Combo(scen, SWT.DROP_DOWN);
        scenario.setData(FIELD, "scenario");
        scenario.setItems(Scenarios.all().stream().map(Scenario::name).toArray(String[]::new));
        scenario.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        scenario.addModifyListener(e -> {
            describeScenario();
            changed();
        });
        button(scen, "Workspace...", () -> browseWorkspace(scenario, "json", "Choose a scenario file"));
        button(scen, "File System...", () -> browseFileSystem(scenario, "*.json"));
        new Label(scen, SWT.NONE);
        scenarioDescription = new Label(scen, SWT.WRAP);
        GridData d = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        d.widthHint = 400;
        scenarioDescription.setLayoutData(d);

        Group sim = group(top, "Simulation", 3);
        new Label(sim, SWT.NONE).setText("Engine:");
        engine = new Combo(sim, SWT.READ_ONLY | SWT.DROP_DOWN);
        engine.setData(FIELD, "engine");
        engine.setItems(ENGINE_LABELS);
        engine.select(0);
        engine.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        engine.addModifyListener(e -> changed());
        seed = field(sim, "Seed:", "seed", "integer; empty: the scenario's seed");
        duration = field(sim, "Duration (ms):", "duration", "simulated ms of each run; empty: the scenario's");
    }

    private static Group group(Composite parent, String title, int columns) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        g.setLayout(new GridLayout(columns, false));
        g.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return g;
    }

    private void button(Composite parent, String label, Runnable action) {
        Button b = createPushButton(parent, label, null);
        b.addListener(SWT.Selection, e -> action.run());
    }

    private Text field(Composite parent, String label, String name, String hint) {
        new Label(parent, SWT.NONE).setText(label);
        Text t = new Text(parent, SWT.SINGLE | SWT.BORDER);
        t.setData(FIELD, name);
        GridData gd = new GridData(SWT.LEFT, SWT.CENTER, false, false);
        gd.widthHint = 160;
        t.setLayoutData(gd);
        t.addModifyListener(e -> changed());
        Label h = new Label(parent, SWT.NONE);
        h.setText(hint);
        return t;
    }

    private void changed() {
        if (!initializing) {
            setDirty(true);
            updateLaunchConfigurationDialog();
        }
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
        IResource selected = null;
        try {
            selected = DebugUITools.getSelectedResource();
        } catch (RuntimeException e) {
            // no workbench window: no selection to start from
        }
        if (selected instanceof IFile f && "huc".equals(f.getFileExtension())) {
            configuration.setAttribute(HucLaunch.ATTR_PROGRAM, f.getFullPath().toString());
            configuration.setMappedResources(new IResource[] {f});
            configuration.setAttribute(HucLaunch.ATTR_SCENARIO, LaunchSettings.defaultScenario(f));
        } else {
            configuration.setAttribute(HucLaunch.ATTR_PROGRAM, "");
            configuration.setAttribute(HucLaunch.ATTR_SCENARIO, "tlb-shootdown");
        }
        configuration.setAttribute(HucLaunch.ATTR_ENTRY_POINT, "");
        configuration.setAttribute(HucLaunch.ATTR_ENGINE, LaunchSettings.preferredEngine());
        configuration.setAttribute(HucLaunch.ATTR_SEED, "");
        configuration.setAttribute(HucLaunch.ATTR_DURATION_MS, "");
    }

    @Override
    public void initializeFrom(ILaunchConfiguration configuration) {
        initializing = true;
        try {
            LaunchSettings s = LaunchSettings.of(configuration);
            program.setText(s.program());
            refreshEntryPoints(s.entryPoint());
            scenario.setText(s.scenario());
            describeScenario();
            int e = List.of(ENGINES).indexOf(s.engine());
            engine.select(Math.max(0, e));
            seed.setText(s.seed());
            duration.setText(s.durationMs());
        } catch (CoreException e) {
            setErrorMessage(e.getStatus().getMessage());
        } finally {
            initializing = false;
        }
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy configuration) {
        LaunchSettings s = fromWidgets();
        configuration.setAttribute(HucLaunch.ATTR_PROGRAM, s.program());
        configuration.setAttribute(HucLaunch.ATTR_ENTRY_POINT, s.entryPoint());
        configuration.setAttribute(HucLaunch.ATTR_SCENARIO, s.scenario());
        configuration.setAttribute(HucLaunch.ATTR_ENGINE, s.engine());
        configuration.setAttribute(HucLaunch.ATTR_SEED, s.seed());
        configuration.setAttribute(HucLaunch.ATTR_DURATION_MS, s.durationMs());
        IResource r = s.program().isEmpty() ? null : ResourcesPlugin.getWorkspace().getRoot().findMember(s.program());
        configuration.setMappedResources(r instanceof IFile ? new IResource[] {r} : null);
    }

    @Override
    public boolean isValid(ILaunchConfiguration configuration) {
        setErrorMessage(null);
        setMessage(null);
        LaunchSettings s;
        try {
            s = getControl() != null && !getControl().isDisposed() ? fromWidgets() : LaunchSettings.of(configuration);
        } catch (CoreException e) {
            setErrorMessage(e.getStatus().getMessage());
            return false;
        }
        String problem = s.validate();
        if (problem != null) {
            setErrorMessage(capitalized(problem));
            return false;
        }
        return true;
    }

    /** The settings as the widgets show them. */
    private LaunchSettings fromWidgets() {
        int e = engine.getSelectionIndex();
        return new LaunchSettings(program.getText(), selectedEntryPoint(), scenario.getText(), e < 0 ? "" : ENGINES[e], seed.getText(),
                duration.getText());
    }

    private String selectedEntryPoint() {
        int i = entryPoint.getSelectionIndex();
        return i <= 0 || i > entryPointNames.size() ? "" : entryPointNames.get(i - 1);
    }

    /** Fills the entry-point combo from the program's text (scanned, not compiled) and selects {@code select} ("" = all). */
    private void refreshEntryPoints(String select) {
        entryPointNames.clear();
        List<String> labels = new ArrayList<>();
        labels.add(ALL_ENTRY_POINTS);
        try {
            for (EntryPoint p : EntryPoints.scan(new LaunchSettings(program.getText(), "", "", "", "", "").source().text())) {
                entryPointNames.add(p.function());
                labels.add(p.label());
            }
        } catch (CoreException e) {
            // no file (yet): the validation says so
        }
        if (!select.isEmpty() && !entryPointNames.contains(select)) {
            entryPointNames.add(select);
            labels.add(select + " (not in the file)");
        }
        entryPoint.setItems(labels.toArray(String[]::new));
        entryPoint.select(select.isEmpty() ? 0 : entryPointNames.indexOf(select) + 1);
    }

    private void describeScenario() {
        String text = Scenarios.byName(scenario.getText().strip()).map(Scenario::description)
                .orElse("A scenario file (JSON: scenario, vcpus, pcpus, guest_mib, engine, seed, duration_ms, params).");
        scenarioDescription.setText(text);
        scenarioDescription.getParent().layout();
    }

    private void browseWorkspace(Object target, String extension, String title) {
        ElementTreeSelectionDialog dialog = new ElementTreeSelectionDialog(getShell(), new WorkbenchLabelProvider(),
                new BaseWorkbenchContentProvider());
        dialog.setTitle(title);
        dialog.setMessage(title + " in the workspace:");
        dialog.setInput(ResourcesPlugin.getWorkspace().getRoot());
        dialog.setAllowMultiple(false);
        dialog.addFilter(new ViewerFilter() {
            @Override
            public boolean select(Viewer viewer, Object parent, Object element) {
                return element instanceof IContainer c && c.isAccessible()
                        || element instanceof IFile f && extension.equals(f.getFileExtension());
            }
        });
        dialog.setValidator(selection -> selection.length == 1 && selection[0] instanceof IFile
                ? Status.OK_STATUS : new Status(IStatus.ERROR, HucLaunch.PLUGIN_ID, "Choose a ." + extension + " file"));
        if (dialog.open() == ElementTreeSelectionDialog.OK && dialog.getFirstResult() instanceof IFile f) {
            setText(target, f.getFullPath().toString());
        }
    }

    private void browseFileSystem(Object target, String pattern) {
        FileDialog dialog = new FileDialog(getShell(), SWT.OPEN);
        dialog.setFilterExtensions(new String[] {pattern, "*"});
        String path = dialog.open();
        if (path != null) {
            setText(target, path);
        }
    }

    private static void setText(Object target, String text) {
        if (target instanceof Text t) {
            t.setText(text);
        } else if (target instanceof Combo c) {
            c.setText(text);
        }
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    @Override
    public String getName() {
        return "Main";
    }

    @Override
    public String getId() {
        return "org.hyperupcall.launch.mainTab";
    }

    @Override
    public Image getImage() {
        if (image == null) {
            image = ResourceLocator.imageDescriptorFromBundle(HucLaunch.PLUGIN_ID, "icons/hyperupcall.png").map(d -> d.createImage())
                    .orElse(null);
        }
        return image;
    }

    @Override
    public void dispose() {
        if (image != null) {
            image.dispose();
            image = null;
        }
        super.dispose();
    }
}
