package org.protoface.lab.heads;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeadCaseTest {
    @Test
    void parsesTheCommandLineList() {
        List<HeadCase> cases = HeadCase.parseList("full, pfc:0.10,dsoftmax:1024,pm:65536");
        assertThat(cases).extracting(HeadCase::label).containsExactly("full", "pfc:0.1", "dsoftmax:1024", "pm:65536");
        assertThat(cases.get(1).configOverrides()).containsExactly("head=pfc", "pfc.sample_rate=0.1");
        assertThat(cases.get(2).configOverrides()).containsExactly("head=dsoftmax", "dsoftmax.negatives=1024");
        assertThat(cases.get(3).configOverrides()).containsExactly("head=pm", "pm.memory_size=65536");
        assertThat(cases.get(0).configOverrides()).containsExactly("head=full");
        assertThat(cases.get(3).footprint("base", 100_000, 64, 128, 32).storesEveryClass(100_000)).isFalse();
        assertThat(cases.get(1).footprint("base", 100_000, 64, 128, 32).storesEveryClass(100_000)).isTrue();
    }

    @Test
    void rejectsBadHeadsWithTheSyntax() {
        assertThatThrownBy(() -> HeadCase.parse("arc:1")).hasMessageContaining("unknown head kind 'arc'").hasMessageContaining("pfc:RATE");
        assertThatThrownBy(() -> HeadCase.parse("pfc:1.5")).hasMessageContaining("sample_rate");
        assertThatThrownBy(() -> HeadCase.parse("pm:12.5")).hasMessageContaining("memory_size");
        assertThatThrownBy(() -> HeadCase.parse("pm")).hasMessageContaining("needs a parameter");
        assertThatThrownBy(() -> HeadCase.parse("full:3")).hasMessageContaining("no parameter");
        assertThatThrownBy(() -> HeadCase.parseList("pm:8,pm:8")).hasMessageContaining("listed twice");
    }

    @Test
    void classCountsAcceptScientificNotationForWholeNumbers() {
        assertThat(HeadBenchSettings.parseClassCounts("1e3, 1.5e3,250000,1e10")).containsExactly(1000, 1500, 250000, 10_000_000_000L);
        assertThatThrownBy(() -> HeadBenchSettings.parseClassCounts("1e-3")).hasMessageContaining("'1e-3' is not a whole number");
        assertThatThrownBy(() -> HeadBenchSettings.parseClassCounts("0")).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> HeadBenchSettings.parseClassCounts("x")).hasMessageContaining("'x'");
    }

    @Test
    void settingsSurviveTheTripToAChildProcess() {
        HeadBenchSettings s = new HeadBenchSettings(64, 2, 128, 4, 9, 0.25, 42, 2, "cpu");
        assertThat(HeadBenchSettings.fromArgs(HeadBenchSettings.parseArgs(s.toArgs()))).isEqualTo(s);
        assertThatThrownBy(() -> new HeadBenchSettings(30, 4, 8, 1, 1, 0.1, 1, 0, "base")).hasMessageContaining("multiple");
    }
}
