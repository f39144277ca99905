package org.protoface.train;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScheduleCheckTest {
    private static double numberAfter(String message, String words) {
        Matcher m = Pattern.compile(Pattern.quote(words) + " ([0-9.]+)").matcher(message);
        assertThat(m.find()).as("'%s <number>' in: %s", words, message).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aWarmUpLongerThanTheRunSaysWhichRateIsReached() {
        // the cpu preset (lr 0.1, 100 warm-up steps) with train.steps=30
        List<String> w = ScheduleCheck.warnings(0.1, new ScheduleConfig(100, "poly", 1.0, 0.0, List.of(), 0.1), 30);
        assertThat(w).hasSize(1);
        // linear warm-up: the k-th step (from 1) runs at peak * k / warmup; the run ends at k = 30
        assertThat(numberAfter(w.get(0), "peaks at")).isCloseTo(0.1 * 30 / 100, within(1e-9));
        assertThat(w.get(0)).contains("schedule.warmup_steps", "at step 30, not 0.1", "(30 steps, train.steps)");
    }

    @Test
    void aWarmUpAsLongAsTheRunReachesThePeakOnlyAtTheEnd() {
        List<String> w = ScheduleCheck.warnings(0.2, new ScheduleConfig(50, "cosine", 1.0, 0.0, List.of(), 0.1), 50);
        assertThat(w).singleElement().asString().contains("takes the whole run", "only at step 50", "never decays");
        assertThat(numberAfter(w.get(0), "reaches")).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void aScheduleThatFitsTheRunGivesNoWarning() {
        assertThat(ScheduleCheck.warnings(0.1, new ScheduleConfig(100, "poly", 1.0, 0.0, List.of(), 0.1), 1000)).isEmpty();
        assertThat(ScheduleCheck.warnings(0.1, new ScheduleConfig(29, "poly", 1.0, 0.0, List.of(), 0.1), 30)).isEmpty();
        // milestone 29 is the index of the 30th (last) step: it still applies
        assertThat(ScheduleCheck.warnings(0.1, new ScheduleConfig(0, "step", 1.0, 0.0, List.of(10L, 29L), 0.1), 30)).isEmpty();
    }

    @Test
    void milestonesPastTheLastStepAreNamedWithTheFinalRate() {
        List<String> w = ScheduleCheck.warnings(0.1, new ScheduleConfig(5, "step", 1.0, 0.0, List.of(10L, 30L, 50L), 0.1), 30);
        assertThat(w).hasSize(1);
        assertThat(w.get(0)).contains("milestones 30, 50 (schedule.milestones) are not before the end of the run (30 steps)");
        // only milestone 10 falls inside steps 0..29: 0.1 * 0.1 at the end, instead of 0.1 * 0.1^3
        assertThat(numberAfter(w.get(0), "ends at")).isCloseTo(0.1 * 0.1, within(1e-12));
        assertThat(numberAfter(w.get(0), "not")).isCloseTo(0.1 * 0.1 * 0.1 * 0.1, within(1e-15));
    }

    @Test
    void milestonesWithAnotherDecayAreReportedAsIgnored() {
        List<String> w = ScheduleCheck.warnings(0.1, new ScheduleConfig(0, "poly", 1.0, 0.0, List.of(100L), 0.1), 1000);
        assertThat(w).singleElement().asString().contains("milestones [100] are ignored", "schedule.decay is 'poly'");
    }
}
