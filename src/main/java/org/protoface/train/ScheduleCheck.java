package org.protoface.train;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Says, before training starts, when the {@code schedule:} section will not do what it reads
 * like for a run of {@code train.steps}: a warm-up that does not end before the run does (the
 * peak learning rate is never reached, or reached only at the end), step-decay milestones at or
 * past the last step (they never apply), milestones given to a decay that ignores them. Each
 * finding is one line naming the keys and the learning rate the run will actually reach, as
 * computed by {@link LrSchedule} itself.
 */
public final class ScheduleCheck {
    private ScheduleCheck() {}

    /**
     * @param peak       {@code optim.lr}
     * @param totalSteps {@code train.steps} (steps numbered from 1 in the messages, as in metrics.jsonl)
     * @return one message per finding; empty when the schedule runs as configured
     */
    public static List<String> warnings(double peak, ScheduleConfig cfg, long totalSteps) {
        List<String> out = new ArrayList<>();
        if (totalSteps < 1) return out;
        LrSchedule schedule = new LrSchedule(peak, cfg, totalSteps);
        long lastIndex = totalSteps - 1;
        int warmup = cfg.warmupSteps();
        if (warmup > totalSteps) {
            out.add("schedule: warm-up of " + warmup + " steps (schedule.warmup_steps) is longer than the run ("
                    + totalSteps + " steps, train.steps): the learning rate peaks at " + lr(schedule.at(lastIndex))
                    + " at step " + totalSteps + ", not " + lr(peak) + ", and never decays");
        } else if (warmup == totalSteps && warmup > 0) {
            out.add("schedule: warm-up of " + warmup + " steps (schedule.warmup_steps) takes the whole run ("
                    + totalSteps + " steps, train.steps): the learning rate reaches " + lr(peak)
                    + " only at step " + totalSteps + " and never decays");
        }
        List<Long> milestones = cfg.milestones() == null ? List.of() : cfg.milestones();
        if (!milestones.isEmpty() && !"step".equals(cfg.decay())) {
            out.add("schedule: milestones " + milestones + " are ignored: only decay 'step' uses them, and schedule.decay is '"
                    + cfg.decay() + "'");
        } else if (!milestones.isEmpty()) {
            // LrSchedule multiplies by gamma from step index m on; the last index is totalSteps - 1
            List<Long> never = milestones.stream().filter(m -> m > lastIndex).toList();
            if (!never.isEmpty() && warmup < totalSteps) {
                double intended = peak * Math.pow(cfg.gamma(), milestones.size());
                out.add("schedule: step-decay milestone" + (never.size() > 1 ? "s " : " ")
                        + never.stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + " (schedule.milestones) " + (never.size() > 1 ? "are" : "is") + " not before the end of the run ("
                        + totalSteps + " steps) and never appl" + (never.size() > 1 ? "y" : "ies")
                        + ": the learning rate ends at " + lr(schedule.at(lastIndex)) + ", not " + lr(intended));
            }
        }
        return out;
    }

    /** Three significant digits, no trailing zeros: 0.03, 0.1, 1.25e-4 as 0.000125. */
    private static String lr(double v) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
