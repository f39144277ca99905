package org.protoface.train;

/**
 * Learning rate as a pure function of the step, so a resumed run needs only the step number.
 * Warm-up rises linearly from lr/warmup to lr; the decay then runs from lr at the end of warm-up
 * to min_lr at the last step.
 */
public final class LrSchedule {
    private final double peak;
    private final ScheduleConfig cfg;
    private final long totalSteps;

    /**
     * @param peak       peak learning rate (optim.lr), &gt; 0
     * @param cfg        warm-up steps, decay kind (poly, cosine, step, constant) and its parameters
     * @param totalSteps training steps of the run (the decay reaches its end there)
     * @throws IllegalArgumentException naming the key when {@code peak}, the warm-up or the decay kind is invalid
     */
    public LrSchedule(double peak, ScheduleConfig cfg, long totalSteps) {
        if (peak <= 0) throw new IllegalArgumentException("optim.lr must be > 0, got " + peak);
        if (cfg.warmupSteps() < 0) throw new IllegalArgumentException("schedule.warmup_steps must be >= 0");
        switch (cfg.decay()) {
            case "poly", "cosine", "step", "constant" -> { }
            default -> throw new IllegalArgumentException("schedule.decay must be poly, cosine, step or constant, got '" + cfg.decay() + "'");
        }
        this.peak = peak;
        this.cfg = cfg;
        this.totalSteps = totalSteps;
    }

    /**
     * Learning rate at 0-based {@code step}: linear warm-up from peak / warmup_steps to peak over the warm-up
     * steps, then the configured decay from peak towards min_lr over the remaining steps.
     */
    public double at(long step) {
        int w = cfg.warmupSteps();
        if (step < w) return peak * (step + 1) / w;
        double span = Math.max(1, totalSteps - w);
        double p = Math.min(1.0, (step - w) / span);
        double min = cfg.minLr();
        return switch (cfg.decay()) {
            case "poly" -> min + (peak - min) * Math.pow(1 - p, cfg.power());
            case "cosine" -> min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * p));
            case "step" -> {
                double lr = peak;
                if (cfg.milestones() != null) for (long m : cfg.milestones()) if (step >= m) lr *= cfg.gamma();
                yield lr;
            }
            default -> peak;
        };
    }
}
