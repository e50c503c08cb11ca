package org.hyperupcall.launch.ui;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;
import org.hyperupcall.hypervisor.Refusal;
import org.hyperupcall.hypervisor.ScenarioConfig;
import org.hyperupcall.hypervisor.ScenarioResult;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.launch.HucLaunch;
import org.hyperupcall.launch.LaunchSettings;

/**
 * "Hyperupcall Results": the last finished run: what ran where, a table of metric / without / with /
 * ratio, a chart of the same (bars without and with the hyperupcall), and the findings. It opens, or
 * comes forward, when a run finishes.
 */
public class ResultsView extends ViewPart {
    public static final String ID = HucLaunch.RESULTS_VIEW_ID;

    private Label header;
    private Table table;
    private ResultsChart chart;
    private Text findings;
    private HucLaunch.Run run;

    @Override
    public void createPartControl(Composite parent) {
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        parent.setLayout(layout);
        header = new Label(parent, SWT.WRAP);
        header.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        SashForm vertical = new SashForm(parent, SWT.VERTICAL);
        vertical.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        SashForm horizontal = new SashForm(vertical, SWT.HORIZONTAL);
        table = new Table(horizontal, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        column("metric", SWT.LEFT, 210);
        column("without", SWT.RIGHT, 100);
        column("with", SWT.RIGHT, 100);
        column("ratio", SWT.RIGHT, 55);
        chart = new ResultsChart(horizontal);
        horizontal.setWeights(new int[] {45, 55});
        findings = new Text(vertical, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        vertical.setWeights(new int[] {75, 25});
        show(HucLaunch.lastRun().orElse(null));
    }

    private void column(String name, int align, int width) {
        TableColumn c = new TableColumn(table, align);
        c.setText(name);
        c.setWidth(width);
    }

    /** Shows a run (null: none yet). */
    public void show(HucLaunch.Run r) {
        if (table == null || table.isDisposed()) {
            return;
        }
        this.run = r;
        table.removeAll();
        if (r == null) {
            header.setText("No Hyperupcall run yet: Run As > Hyperupcall on a .huc file, or a Hyperupcall launch configuration.");
            chart.setBars(List.of());
            findings.setText("");
            header.getParent().layout();
            return;
        }
        ScenarioResult result = r.result();
        ScenarioConfig c = result.config();
        header.setText(r.configurationName() + ": " + r.program() + " on " + result.scenario() + " — " + c.vcpus() + " vCPUs on "
                + c.pcpus() + " physical CPUs, " + c.durationMs() + " ms simulated, engine " + c.engine() + ", seed " + c.seed()
                + " (" + r.elapsedMillis() + " ms)");
        setContentDescription("");
        setTitleToolTip(header.getText());
        List<ResultsChart.Bar> bars = new ArrayList<>();
        for (String metric : metrics(result)) {
            Double without = value(result.without(), metric);
            Double with = value(result.with(), metric);
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {metric, ResultsChart.format(without), ResultsChart.format(with), ratio(without, with)});
            bars.add(new ResultsChart.Bar(metric, without, with));
        }
        chart.setBars(bars);
        StringBuilder sb = new StringBuilder();
        for (String reg : result.registrations()) {
            sb.append("registered: ").append(reg).append('\n');
        }
        for (Refusal ref : result.refusals()) {
            sb.append("refused: ").append(ref.format()).append('\n');
        }
        for (String f : result.findings()) {
            sb.append("• ").append(f).append('\n');
        }
        findings.setText(sb.toString());
        header.getParent().layout();
    }

    private static Set<String> metrics(ScenarioResult r) {
        Set<String> names = new LinkedHashSet<>(r.without().keySet());
        if (r.with() != null) {
            names.addAll(r.with().keySet());
        }
        return names;
    }

    private static Double value(Map<String, Number> m, String metric) {
        Number n = m == null ? null : m.get(metric);
        return n == null ? null : n.doubleValue();
    }

    /** with / without, as the command line's table gives it; empty when either is missing or without is 0. */
    static String ratio(Double without, Double with) {
        return without != null && with != null && without != 0 ? String.format("%.2f", with / without) : "";
    }

    /** The run shown, if any. */
    public HucLaunch.Run run() {
        return run;
    }

    /** The table of metrics (one row each: metric, without, with, ratio). */
    public Table table() {
        return table;
    }

    public ResultsChart chart() {
        return chart;
    }

    /** Registrations, refusals and findings as shown. */
    public String findingsText() {
        return findings.getText();
    }

    @Override
    public void setFocus() {
        table.setFocus();
    }

    /**
     * Opens this view on each finished run, and the compile console on a program that does not compile
     * (contributed to {@link HucLaunch#RESULT_LISTENERS} in plugin.xml).
     */
    public static final class Opener implements HucLaunch.ResultListener {
        @Override
        public void finished(HucLaunch.Run run) {
            showLater(run);
        }

        @Override
        public void compileFailed(String configurationName, LaunchSettings.Source source, List<SourceDiagnostic> diagnostics) {
            CompileConsole.show(configurationName, source, diagnostics);
        }
    }

    /**
     * Shows a finished run in the view of the active workbench window, opening the view if needed
     * (without taking the focus from the editor); from any thread.
     */
    public static void showLater(HucLaunch.Run r) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IWorkbench workbench = PlatformUI.getWorkbench();
        Display display = workbench.getDisplay();
        if (display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> {
            if (workbench.isClosing()) {
                return;
            }
            IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
            if (window == null && workbench.getWorkbenchWindowCount() > 0) {
                window = workbench.getWorkbenchWindows()[0];
            }
            IWorkbenchPage page = window == null ? null : window.getActivePage();
            if (page == null) {
                return;
            }
            try {
                IViewPart view = page.showView(ID, null, IWorkbenchPage.VIEW_VISIBLE);
                if (view instanceof ResultsView v) {
                    v.show(r);
                }
            } catch (PartInitException e) {
                org.eclipse.core.runtime.Platform.getLog(ResultsView.class).log(e.getStatus());
            }
        });
    }
}
