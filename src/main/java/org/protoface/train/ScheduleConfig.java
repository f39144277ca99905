package org.protoface.train;

import org.protoface.config.Ranges;
import org.protoface.config.Section;

import java.util.List;

/**
 * The {@code schedule:} section: linear warm-up, then a decay stepped every iteration.
 *
 * @param decay      "poly", "cosine", "step" or "constant"
 * @param power      exponent of the polynomial decay (1 = linear, as the reference trainers use)
 * @param milestones steps at which "step" decay multiplies the rate by {@code gamma}
 * @param minLr      floor reached at the last step by "poly" and "cosine"
 */
public record ScheduleConfig(int warmupSteps, String decay, double power, double minLr, List<Long> milestones, double gamma) {
    /** 200 warm-up steps, then linear (poly, power 1) decay to 0. */
    public static final Section<ScheduleConfig> SECTION = new Section<>("schedule", ScheduleConfig.class,
            new ScheduleConfig(200, "poly", 1.0, 0.0, List.of(), 0.1));

    public ScheduleConfig {
        Ranges.atLeast("schedule.warmup_steps", warmupSteps, 0);
        Ranges.present("schedule.decay", decay);
        Ranges.positive("schedule.power", power);
        Ranges.nonNegative("schedule.min_lr", minLr);
        Ranges.positive("schedule.gamma", gamma);
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
        for (Long m : milestones) Ranges.atLeast("schedule.milestones", m, 1);
    }
}
