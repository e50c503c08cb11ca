package org.hyperupcall.launch.ui;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/**
 * Horizontal bars of each metric, without and with the hyperupcall, each pair scaled to the larger
 * of its two values (metrics differ by orders of magnitude: one scale for all would hide most), with
 * the metric's name on the left, the values at the bars' ends and a legend on top. Drawn with GC on a
 * canvas in a scrolled composite.
 */
public final class ResultsChart {
    /** One metric: its values without and with the hyperupcall (null when the run did not report it). */
    public record Bar(String metric, Double without, Double with) {
    }

    /** Colour of the run without the hyperupcall. */
    public static final Color WITHOUT = new Color(120, 144, 176);
    /** Colour of the run with the hyperupcall. */
    public static final Color WITH = new Color(230, 126, 34);

    private static final int MARGIN = 6;
    private static final int GAP = 2;

    private final ScrolledComposite scroll;
    private final Canvas canvas;
    private List<Bar> bars = List.of();

    ResultsChart(Composite parent) {
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.BORDER);
        canvas = new Canvas(scroll, SWT.DOUBLE_BUFFERED);
        canvas.setBackground(parent.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        scroll.setContent(canvas);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        canvas.addPaintListener(e -> paint(e.gc, canvas.getClientArea()));
        scroll.addListener(SWT.Resize, e -> resize());
    }

    /** The scrolled composite (the chart's place in a layout). */
    public Control control() {
        return scroll;
    }

    /** The canvas the bars are drawn on. */
    public Canvas canvas() {
        return canvas;
    }

    public List<Bar> bars() {
        return bars;
    }

    void setBars(List<Bar> bars) {
        this.bars = List.copyOf(bars);
        resize();
        canvas.redraw();
    }

    private void resize() {
        GC gc = new GC(canvas);
        try {
            int line = gc.getFontMetrics().getHeight();
            scroll.setMinSize(new Point(240, legendHeight(line) + bars.size() * rowHeight(line) + MARGIN));
        } finally {
            gc.dispose();
        }
    }

    private static int legendHeight(int line) {
        return line + 2 * MARGIN;
    }

    private static int rowHeight(int line) {
        return 2 * line + 3 * GAP + 4;
    }

    /** Paints the chart into an area (public so that it can be drawn on an image too). */
    public void paint(GC gc, Rectangle area) {
        int line = gc.getFontMetrics().getHeight();
        Color text = canvas.getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND);
        gc.setForeground(text);
        if (bars.isEmpty()) {
            gc.drawText("No Hyperupcall run yet: Run As > Hyperupcall on a .huc file.", MARGIN, MARGIN, true);
            return;
        }
        // legend
        int x = MARGIN;
        int y = MARGIN;
        x = legend(gc, x, y, line, WITHOUT, "without the hyperupcall");
        x = legend(gc, x + 3 * MARGIN, y, line, WITH, "with the hyperupcall");
        gc.drawText("(each metric scaled to the larger of its two values)", x + 3 * MARGIN, y, true);

        int labelWidth = 0;
        int valueWidth = 0;
        for (Bar b : bars) {
            labelWidth = Math.max(labelWidth, gc.textExtent(b.metric()).x);
            valueWidth = Math.max(valueWidth, Math.max(gc.textExtent(format(b.without())).x, gc.textExtent(format(b.with())).x));
        }
        labelWidth = Math.min(labelWidth, Math.max(80, area.width * 2 / 5));
        int barX = MARGIN + labelWidth + MARGIN;
        int barMax = Math.max(20, area.width - barX - valueWidth - 2 * MARGIN);
        int row = rowHeight(line);
        int top = legendHeight(line);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int ry = top + i * row;
            if (i % 2 == 1) {
                gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_LIGHT_SHADOW));
                gc.fillRectangle(0, ry, area.width, row);
            }
            gc.setForeground(text);
            gc.drawText(shorten(gc, b.metric(), labelWidth), MARGIN, ry + (row - line) / 2, true);
            double scale = Math.max(abs(b.without()), abs(b.with()));
            bar(gc, barX, ry + GAP + 2, barMax, line, b.without(), scale, WITHOUT, text);
            bar(gc, barX, ry + 2 * GAP + 2 + line, barMax, line, b.with(), scale, WITH, text);
        }
    }

    private static int legend(GC gc, int x, int y, int line, Color color, String label) {
        gc.setBackground(color);
        gc.fillRectangle(x, y + 2, line - 4, line - 4);
        gc.drawText(label, x + line, y, true);
        return x + line + gc.textExtent(label).x;
    }

    private static void bar(GC gc, int x, int y, int max, int line, Double value, double scale, Color color, Color text) {
        int length = value == null || scale == 0 ? 0 : (int) Math.round(max * Math.abs(value) / scale);
        if (value != null && value != 0 && length == 0) {
            length = 1;
        }
        gc.setBackground(color);
        gc.fillRectangle(x, y + 1, length, line - 2);
        gc.setForeground(text);
        gc.drawText(format(value), x + length + 4, y, true);
    }

    private static double abs(Double v) {
        return v == null || !Double.isFinite(v) ? 0 : Math.abs(v);
    }

    /** A value as the table shows it: integers with grouping, others with one decimal; "–" when missing. */
    public static String format(Double v) {
        if (v == null) {
            return "–";
        }
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format("%,d", v.longValue()) : String.format("%,.1f", v);
    }

    private static String shorten(GC gc, String s, int width) {
        if (gc.textExtent(s).x <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && gc.textExtent("…" + t).x > width) {
            t = t.substring(1);
        }
        return "…" + t;
    }
}
