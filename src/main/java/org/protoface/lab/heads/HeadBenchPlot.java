package org.protoface.lab.heads;

import org.protoface.lab.plot.ChartColors;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.protoface.util.Bytes;
import org.protoface.util.AtomicFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scale benchmark as one PNG with two panels sharing a log N axis: milliseconds per step of
 * the cases that ran (top) and the heads' state in GiB (bottom; includes the cases that do not
 * fit, computed from their formulas, with the memory that was available drawn as a line). One
 * series per head; both value axes are logarithmic.
 */
public final class HeadBenchPlot {

    private static final Shape[] SHAPES = DefaultDrawingSupplier.createStandardSeriesShapes();

    private HeadBenchPlot() {}

    /**
     * Writes a PNG plot of ms per step and head state bytes against the number of identities, one series per head.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(Path png, List<CaseResult> rows) throws IOException {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        XYSeriesCollection time = new XYSeriesCollection();
        XYSeriesCollection state = new XYSeriesCollection();
        Map<String, XYSeries> timeByHead = new LinkedHashMap<>();
        Map<String, XYSeries> stateByHead = new LinkedHashMap<>();
        long available = -1;
        for (CaseResult r : rows) {
            if (r.ran()) timeByHead.computeIfAbsent(r.head(), h -> new XYSeries(h, true, false)).add(r.classes(), r.msPerStep());
            if (r.stateBytes() > 0) {
                stateByHead.computeIfAbsent(r.head(), h -> new XYSeries(h, true, false))
                        .add(r.classes(), r.stateBytes() / (double) Bytes.GIB);
            }
            available = Math.max(available, r.availableBytes());
        }
        if (stateByHead.isEmpty()) throw new IllegalArgumentException("no benchmark row to plot");
        timeByHead.values().forEach(time::addSeries);
        stateByHead.values().forEach(state::addSeries);

        LogarithmicAxis classes = logAxis("identities N");
        classes.setExpTickLabelsFlag(true);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(classes);
        plot.setGap(12);
        List<String> heads = rows.stream().map(CaseResult::head).distinct().toList();
        if (time.getSeriesCount() > 0) plot.add(panel(time, "ms per step (head only)", heads), 1);
        XYPlot statePanel = panel(state, "head state (GiB)", heads);
        if (available > 0) {
            ValueMarker limit = new ValueMarker(available / (double) Bytes.GIB, Color.GRAY,
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            limit.setLabel("available memory");
            limit.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            limit.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            statePanel.addRangeMarker(limit);
        }
        plot.add(statePanel, 1);
        // the state panel has every head; without this each panel would list its heads again
        plot.setFixedLegendItems(statePanel.getLegendItems());
        JFreeChart chart = new JFreeChart("Head cost against the number of identities", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        AtomicFiles.write(png, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, 900, 900));
    }

    /** A head keeps its colour in both panels even when it has no point in one of them. */
    private static XYPlot panel(XYSeriesCollection data, String label, List<String> heads) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesStroke(s, new BasicStroke(2f));
            int head = heads.indexOf((String) data.getSeriesKey(s));
            renderer.setSeriesPaint(s, ChartColors.of(head));
            renderer.setSeriesShape(s, SHAPES[head % SHAPES.length]);
        }
        XYPlot p = new XYPlot(data, null, logAxis(label), renderer);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return p;
    }

    /** Log scale with plain-number labels at 1, 2, ..., 9 x 10^k, which stay readable over less than a decade. */
    private static LogarithmicAxis logAxis(String label) {
        LogarithmicAxis axis = new LogarithmicAxis(label);
        axis.setAllowNegativesFlag(false);
        axis.setStrictValuesFlag(true);
        return axis;
    }
}
