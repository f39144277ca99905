package org.protoface.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LrScheduleTest {
    @Test
    void warmupIsLinearThenPolynomialDecayReachesTheFloor() {
        LrSchedule s = new LrSchedule(0.1, new ScheduleConfig(10, "poly", 2.0, 0.001, List.of(), 0.1), 110);
        assertThat(s.at(0)).isCloseTo(0.01, within(1e-12));
        assertThat(s.at(9)).isCloseTo(0.1, within(1e-12));
        // halfway through the decay: floor + (peak - floor) * (1 - 0.5)^2
        assertThat(s.at(60)).isCloseTo(0.001 + 0.099 * 0.25, within(1e-12));
        assertThat(s.at(110)).isCloseTo(0.001, within(1e-12));
    }

    @Test
    void cosineAndStepDecays() {
        LrSchedule cos = new LrSchedule(1.0, new ScheduleConfig(0, "cosine", 1, 0.0, List.of(), 0.1), 100);
        assertThat(cos.at(50)).isCloseTo(0.5, within(1e-12));
        assertThat(cos.at(25)).isCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)), within(1e-12));
        LrSchedule step = new LrSchedule(1.0, new ScheduleConfig(0, "step", 1, 0.0, List.of(10L, 20L), 0.1), 100);
        assertThat(step.at(9)).isEqualTo(1.0);
        assertThat(step.at(10)).isCloseTo(0.1, within(1e-12));
        assertThat(step.at(25)).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void rejectsUnknownDecay() {
        assertThatThrownBy(() -> new LrSchedule(0.1, new ScheduleConfig(0, "exp", 1, 0, List.of(), 0.1), 10))
                .hasMessageContaining("schedule.decay must be poly, cosine, step or constant, got 'exp'");
    }
}
