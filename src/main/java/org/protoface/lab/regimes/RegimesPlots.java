package org.protoface.lab.regimes;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.protoface.lab.plot.ChartColors;
import org.protoface.util.AtomicFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The study's PNGs: held-out accuracy against passes per identity and against training steps (one
 * line per method, raw pixels as a grey line), and the stored class weights over a run (drift
 * cosine and median norm against the step).
 */
public final class RegimesPlots {
    private static final Color RAW = new Color(0x999999);

    private RegimesPlots() {}

    /** Accuracy at the end of each passes-axis cell, x = passes per identity (log scale). */
    public static void accuracyVsPasses(Path png, List<String> methods, List<RegimesReport.Entry> entries) throws IOException {
        accuracy(png, "Held-out accuracy at a fixed image budget", "passes per identity (batches each identity is in)", methods,
                entries, e -> e.cell().passesPerIdentity());
    }

    /** Accuracy at the end of each length-axis cell, x = training steps (log scale). */
    public static void accuracyVsSteps(Path png, List<String> methods, List<RegimesReport.Entry> entries) throws IOException {
        accuracy(png, "Held-out accuracy against training length", "training steps (each run its own schedule)", methods, entries,
                e -> e.cell().steps());
    }

    private static void accuracy(Path png, String title, String xLabel, List<String> methods, List<RegimesReport.Entry> entries,
                                 ToDoubleFunction<RegimesReport.Entry> x) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Color> colours = new ArrayList<>();
        XYSeries raw = new XYSeries("raw pixels", true, false);
        for (int i = 0; i < methods.size(); i++) {
            XYSeries s = new XYSeries(methods.get(i), true, false);
            for (RegimesReport.Entry e : entries) {
                CellResult r = e.result();
                if (r == null || !r.ran() || !r.method().equals(methods.get(i))) continue;
                s.add(x.applyAsDouble(e), r.accuracy());
                if (!Double.isNaN(r.rawPixels()) && raw.indexOf(x.applyAsDouble(e)) < 0) raw.add(x.applyAsDouble(e), r.rawPixels());
            }
            if (s.getItemCount() == 0) continue;
            data.addSeries(s);
            colours.add(ChartColors.of(i));
        }
        if (data.getSeriesCount() == 0) throw new IllegalArgumentException("nothing to plot for '" + title + "'");
        if (raw.getItemCount() > 0) {
            data.addSeries(raw);
            colours.add(RAW);
        }
        XYLineAndShapeRenderer renderer = renderer(colours);
        if (raw.getItemCount() > 0) {
            renderer.setSeriesStroke(data.getSeriesCount() - 1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
        }
        NumberAxis y = new NumberAxis("10-fold accuracy (held-out identities)");
        y.setAutoRangeIncludesZero(false);
        save(png, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot(data, log(xLabel, data), y, renderer), true));
    }

    /** A run's class weights over its steps. */
    public record Trace(String label, int colour, boolean dashed, WeightTrace trace) {}

    /**
     * Two panels over the training step: the drift cosine (a batch class's stored weight against its
     * samples' mean embedding) and the median row norm of the stored weights, one line per trace.
     */
    public static void classWeights(Path png, String title, List<Trace> traces) throws IOException {
        XYSeriesCollection drift = new XYSeriesCollection(), norms = new XYSeriesCollection();
        List<Color> driftColours = new ArrayList<>(), normColours = new ArrayList<>();
        List<Boolean> driftDashed = new ArrayList<>(), normDashed = new ArrayList<>();
        for (Trace t : traces) {
            XYSeries d = new XYSeries(t.label(), true, false), n = new XYSeries(t.label(), true, false);
            for (WeightTrace.Point p : t.trace().points()) {
                if (!Double.isNaN(p.driftCos())) d.add(p.step(), p.driftCos());
                if (!Double.isNaN(p.normP50())) n.add(p.step(), p.normP50());
            }
            if (d.getItemCount() > 0) {
                drift.addSeries(d);
                driftColours.add(ChartColors.of(t.colour()));
                driftDashed.add(t.dashed());
            }
            if (n.getItemCount() > 0) {
                norms.addSeries(n);
                normColours.add(ChartColors.of(t.colour()));
                normDashed.add(t.dashed());
            }
        }
        if (drift.getSeriesCount() == 0 && norms.getSeriesCount() == 0) throw new IllegalArgumentException("no class-weight telemetry to plot");
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("step"));
        combined.setGap(12);
        // short axis titles: the two panels' titles overlap at the chart's height otherwise
        NumberAxis driftAxis = new NumberAxis("drift cos");
        driftAxis.setAutoRangeIncludesZero(true);
        combined.add(plot(drift, null, driftAxis, dashed(renderer(driftColours), driftDashed)), 1);
        NumberAxis normAxis = new NumberAxis("median weight norm");
        normAxis.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer normRenderer = dashed(renderer(normColours), normDashed);
        // each trace once in the legend: a norm line whose trace already has a drift line is not listed again
        for (int s = 0; s < norms.getSeriesCount(); s++) {
            if (drift.getSeriesIndex(norms.getSeriesKey(s)) >= 0) normRenderer.setSeriesVisibleInLegend(s, false);
        }
        combined.add(plot(norms, null, normAxis, normRenderer), 1);
        save(png, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true));
    }

    private static XYLineAndShapeRenderer renderer(List<Color> colours) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < colours.size(); s++) {
            renderer.setSeriesStroke(s, new BasicStroke(2f));
            renderer.setSeriesPaint(s, colours.get(s));
            renderer.setSeriesShapesVisible(s, true);
        }
        return renderer;
    }

    private static XYLineAndShapeRenderer dashed(XYLineAndShapeRenderer r, List<Boolean> dashed) {
        for (int s = 0; s < dashed.size(); s++) {
            r.setSeriesShapesVisible(s, false);
            if (dashed.get(s)) {
                r.setSeriesStroke(s, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            }
        }
        return r;
    }

    /** A log axis when the x values span a factor of 4 or more, else a linear one. */
    private static ValueAxis log(String label, XYSeriesCollection data) {
        double lo = data.getDomainLowerBound(false), hi = data.getDomainUpperBound(false);
        if (lo > 0 && hi / lo >= 4) {
            LogAxis axis = new LogAxis(label);
            axis.setBase(2);
            axis.setSmallestValue(lo / 2);
            // a tick at every power of 2, labelled with its value (1, 4, 16, 1,024), not "2^4.0"
            axis.setTickUnit(new NumberTickUnit(1));
            axis.setNumberFormatOverride(new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            return axis;
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static XYPlot plot(XYSeriesCollection data, ValueAxis x, NumberAxis y, XYLineAndShapeRenderer renderer) {
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static void save(Path png, JFreeChart chart) throws IOException {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        chart.setBackgroundPaint(Color.WHITE);
        AtomicFiles.write(png, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, 900, 600));
    }
}
