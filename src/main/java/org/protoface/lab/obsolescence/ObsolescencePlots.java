package org.protoface.lab.obsolescence;

import org.protoface.lab.plot.ChartColors;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.protoface.head.AgeHistogram;
import org.protoface.util.AtomicFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The study's PNGs: the median negative age over the run per method, the pooled age histogram of
 * the second half per method, and held-out accuracy at each evaluated step per method.
 */
public final class ObsolescencePlots {
    private ObsolescencePlots() {}

    /** Median age of the negatives of each logged step; the full softmax is the line at 0. */
    public static void ages(Path png, List<VariantResult> results) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (VariantResult r : results) {
            if (!r.ran()) continue;
            XYSeries s = new XYSeries(r.method(), true, false);
            if (r.agesByConstruction()) {
                s.add(0, 0);
                s.add(r.steps(), 0);
            } else {
                for (NegativeAgeSummary.AgePoint p : r.ages().series()) s.add(p.step(), p.median());
            }
            if (s.getItemCount() > 0) data.addSeries(s);
        }
        write(png, "Median age of the class weights used as negatives", data, methods(results), "step", "age (steps)", true);
    }

    /** Share of negatives per power-of-two age bucket over the second half of each run. */
    public static void ageHistogram(Path png, List<VariantResult> results) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (VariantResult r : results) {
            if (!r.ran() || r.ages().histogram() == null) continue;
            double[] h = r.ages().histogram();
            for (int k = 0; k < h.length; k++) data.addValue(h[k], r.method(), bucketLabel(k));
        }
        if (data.getRowCount() == 0) throw new IllegalArgumentException("no method has an age histogram to plot");
        CategoryAxis buckets = new CategoryAxis("age of negative (steps)");
        buckets.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        List<String> methods = methods(results);
        for (int s = 0; s < data.getRowCount(); s++) renderer.setSeriesPaint(s, ChartColors.of(methods.indexOf((String) data.getRowKey(s))));
        CategoryPlot plot = new CategoryPlot(data, buckets, new NumberAxis("share of negatives"), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        save(png, new JFreeChart("Age of negatives, second half of each run", JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /** Held-out verification accuracy at each evaluated step. */
    public static void accuracy(Path png, List<VariantResult> results) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (VariantResult r : results) {
            if (!r.ran()) continue;
            XYSeries s = new XYSeries(r.method(), true, false);
            for (EvalPoint p : r.evaluations()) s.add(p.step(), p.accuracy());
            data.addSeries(s);
        }
        write(png, "Held-out verification accuracy", data, methods(results), "step", "accuracy", false);
    }

    private static List<String> methods(List<VariantResult> results) {
        return results.stream().map(VariantResult::method).toList();
    }

    /** "0", "1", "2-3", "4-7", ..., "16384+". */
    static String bucketLabel(int k) {
        long lo = AgeHistogram.lowerBound(k), hi = AgeHistogram.upperBound(k);
        if (hi == Long.MAX_VALUE) return lo + "+";
        return lo == hi ? Long.toString(lo) : lo + "-" + hi;
    }

    private static void write(Path png, String title, XYSeriesCollection data, List<String> methods, String x, String y,
                              boolean fromZero) throws IOException {
        if (data.getSeriesCount() == 0) throw new IllegalArgumentException("nothing to plot for '" + title + "'");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesStroke(s, new BasicStroke(2f));
            // a method keeps its colour in every chart, even where another method has no series
            renderer.setSeriesPaint(s, ChartColors.of(methods.indexOf((String) data.getSeriesKey(s))));
        }
        NumberAxis yAxis = new NumberAxis(y);
        yAxis.setAutoRangeIncludesZero(fromZero);
        XYPlot plot = new XYPlot(data, new NumberAxis(x), yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        save(png, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    private static void save(Path png, JFreeChart chart) throws IOException {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        chart.setBackgroundPaint(Color.WHITE);
        AtomicFiles.write(png, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, 900, 560));
    }
}
