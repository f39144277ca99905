package org.protoface.eval;

import org.protoface.util.AtomicFiles;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Draws ROC curves (TAR against FAR on a log axis) into a PNG with JFreeChart. */
public final class RocPlot {
    private RocPlot() {}

    /**
     * Writes the plot atomically. Runs headless (sets {@code java.awt.headless=true} unless the
     * caller already chose), so it works on servers without a display.
     *
     * @throws IllegalArgumentException when labels repeat or no curve has a point to draw
     */
    public static void write(Path png, String title, List<RocCurve> curves, int width, int height) throws IOException {
        if (width < 1 || height < 1) throw new IllegalArgumentException("plot size must be positive, got " + width + "x" + height);
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        XYSeriesCollection dataset = new XYSeriesCollection();
        Set<String> labels = new HashSet<>();
        double minFar = 1;
        for (RocCurve curve : curves) {
            if (!labels.add(curve.label())) throw new IllegalArgumentException("ROC curve label '" + curve.label() + "' used twice");
            XYSeries series = new XYSeries(curve.label(), false, true);
            double[] far = curve.far();
            double[] tar = curve.tar();
            for (int i = 0; i < far.length; i++) {
                if (far[i] <= 0) continue; // not drawable on a log axis
                series.add(far[i], tar[i]);
                minFar = Math.min(minFar, far[i]);
            }
            if (series.getItemCount() > 0) dataset.addSeries(series);
        }
        if (dataset.getSeriesCount() == 0) throw new IllegalArgumentException("no ROC curve has a point with FAR > 0 to plot");

        LogAxis farAxis = new LogAxis("FAR");
        farAxis.setBase(10);
        farAxis.setSmallestValue(minFar);
        farAxis.setRange(minFar, 1.0);
        NumberAxis tarAxis = new NumberAxis("TAR");
        tarAxis.setRange(0.0, 1.0);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < dataset.getSeriesCount(); s++) renderer.setSeriesStroke(s, new BasicStroke(2f));
        XYPlot plot = new XYPlot(dataset, farAxis, tarAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        AtomicFiles.writeStream(png, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }
}
