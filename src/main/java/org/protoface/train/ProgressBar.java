package org.protoface.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One status line for an interactive terminal (redrawn in place) or a plain line every
 * {@code every} steps when the output is a file or pipe.
 */
public final class ProgressBar {
    private final PrintStream out;
    private final long total;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private final long startStep;
    private long lastDraw;

    /**
     * @param out       where the bar is drawn (redrawn in place when a console is attached, else one line per update)
     * @param startStep first step of this run (0, or the resumed step)
     * @param total     total training steps
     */
    public ProgressBar(PrintStream out, long startStep, long total) {
        this.out = out;
        this.total = total;
        this.startStep = startStep;
        this.interactive = System.console() != null;
    }

    /**
     * Draws the bar after 0-based {@code step} (at most every 200 ms on a console, always at the last step) with
     * throughput (images/s), loss, learning rate, and {@code dataWait}, the fraction (0..1) of time spent waiting
     * for data, plus an ETA.
     */
    public void update(long step, double imagesPerSecond, double loss, double lr, double dataWait) {
        long now = System.nanoTime();
        if (interactive && now - lastDraw < 200_000_000L && step + 1 < total) return;
        lastDraw = now;
        double elapsed = (now - startNanos) / 1e9;
        long done = step + 1 - startStep;
        double eta = done > 0 ? elapsed / done * (total - step - 1) : 0;
        int width = 24;
        int filled = (int) Math.round(width * (step + 1) / (double) total);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String line = String.format(Locale.ROOT, "[%s] %d/%d  %.0f img/s  loss %.4f  lr %.4g  data-wait %.0f%%  ETA %s",
                bar, step + 1, total, imagesPerSecond, loss, lr, 100 * dataWait, duration(eta));
        if (interactive) {
            out.print("\r" + line);
            if (step + 1 >= total) out.println();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends an in-place line before other output is printed. */
    public void breakLine() {
        if (interactive) out.println();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s / 60) % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
