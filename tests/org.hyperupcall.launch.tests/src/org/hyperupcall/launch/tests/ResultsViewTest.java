package org.hyperupcall.launch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.hyperupcall.hypervisor.ScenarioResult;
import org.hyperupcall.launch.HucLaunch;
import org.hyperupcall.launch.ui.ResultsChart;
import org.hyperupcall.launch.ui.ResultsView;
import org.junit.jupiter.api.Test;

/** The Hyperupcall Results view after a run. */
class ResultsViewTest {

    @Test
    void theResultsViewOpensWhenARunFinishesAndShowsItsRowsChartAndFindings() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        IViewPart open = page.findView(HucLaunch.RESULTS_VIEW_ID);
        if (open != null) {
            page.hideView(open);
        }
        IFile file = Fixture.copyExample("trace_exits.huc");
        ILaunch launch = Fixture.launchAndWait(Fixture.configuration("results", file.getFullPath().toString(), "tracing", Map.of()));
        ScenarioResult result = HucLaunch.lastResult(launch).orElseThrow();

        Fixture.waitUntil("the results view shows the run", () -> page.findView(HucLaunch.RESULTS_VIEW_ID) instanceof ResultsView v
                && v.run() != null && v.run().launch() == launch, Duration.ofSeconds(10));
        ResultsView view = (ResultsView) page.findView(HucLaunch.RESULTS_VIEW_ID);

        java.util.Set<String> metrics = new java.util.LinkedHashSet<>(result.without().keySet());
        metrics.addAll(result.with().keySet());
        assertEquals(metrics.size(), view.table().getItemCount());
        TableItem exits = view.table().getItem(0);
        assertEquals("exits", exits.getText(0));
        assertEquals(String.format("%,d", result.without().get("exits").longValue()), exits.getText(1));
        assertEquals(String.format("%,d", result.with().get("exits").longValue()), exits.getText(2));
        assertTrue(exits.getText(3).matches("\\d+\\.\\d\\d"), exits.getText(3));
        TableItem records = row(view, "trace.records");
        assertEquals("–", records.getText(1), "no trace without the hyperupcall");
        assertTrue(Long.parseLong(records.getText(2).replace(",", "")) > 0);
        assertEquals("", records.getText(3));
        assertTrue(view.findingsText().contains("VM exits traced into the guest's ring"), view.findingsText());
        assertTrue(view.findingsText().startsWith("registered: vm_exit: /launch-tests/trace_exits.huc"), view.findingsText());

        assertEquals(metrics.size(), view.chart().bars().size());
        assertBarsInBothColours(view.chart());
    }

    private static TableItem row(ResultsView view, String metric) {
        for (TableItem i : view.table().getItems()) {
            if (i.getText(0).equals(metric)) {
                return i;
            }
        }
        throw new AssertionError("no row " + metric);
    }

    /** Draws the chart on an image: both series' colours are there. */
    private static void assertBarsInBothColours(ResultsChart chart) {
        Display display = Display.getCurrent();
        Rectangle area = new Rectangle(0, 0, 600, 900);
        Image image = new Image(display, area.width, area.height);
        try {
            GC gc = new GC(image);
            try {
                chart.paint(gc, area);
            } finally {
                gc.dispose();
            }
            ImageData data = image.getImageData();
            int without = 0;
            int with = 0;
            for (int y = 0; y < data.height; y++) {
                for (int x = 0; x < data.width; x++) {
                    RGB rgb = data.palette.getRGB(data.getPixel(x, y));
                    if (rgb.equals(ResultsChart.WITHOUT.getRGB())) {
                        without++;
                    } else if (rgb.equals(ResultsChart.WITH.getRGB())) {
                        with++;
                    }
                }
            }
            assertTrue(without > 500, "pixels of bars without the hyperupcall: " + without);
            assertTrue(with > 500, "pixels of bars with the hyperupcall: " + with);
        } finally {
            image.dispose();
        }
    }
}
