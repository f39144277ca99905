package org.protoface.lab.regimes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.protoface.config.Config;
import org.protoface.encoder.EncoderSpec;
import org.protoface.head.sampled.DSoftmaxKConfig;
import org.protoface.lab.heads.HeadCase;
import org.protoface.train.LoopConfig;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RegimesPlanTest {
    private static RegimesPlan full(String lengths, String longest) {
        return RegimesPlan.of("cpu", false, List.of(), RegimesPlan.DEFAULT_METHODS, null, lengths, longest);
    }

    @Test
    void theDefaultGridHasEveryDataPointAndLengthOnceLongestFirst() {
        RegimesPlan plan = full("1,4,16", "full,pm");
        List<RegimeCell> cells = plan.cells();
        // 4 data points x 4 methods (2000x16 at 1x is on both axes), 4x for all 4, 16x for full and pm
        assertThat(cells).hasSize(16 + 4 + 2);
        assertThat(cells).extracting(RegimeCell::folder).doesNotHaveDuplicates()
                .startsWith("2000x16-16000steps/full", "2000x16-16000steps/pm-1024", "2000x16-4000steps/full")
                .contains("32000x4-1000steps/pfc-0.1", "500x64-1000steps/dsoftmax-1024");
        for (int i = 1; i < cells.size(); i++) assertThat(cells.get(i).steps()).isLessThanOrEqualTo(cells.get(i - 1).steps());
        // within the base length: the base data first, then the widest
        List<RegimeCell> base = cells.stream().filter(c -> c.steps() == 1000).toList();
        assertThat(base).extracting(c -> c.data().toString()).startsWith("2000x16", "2000x16", "2000x16", "2000x16", "32000x4")
                .endsWith("500x64");

        assertThat(plan.passesCells()).hasSize(16).extracting(c -> c.data().toString())
                .startsWith("500x64").endsWith("32000x4");
        assertThat(plan.lengthCells()).extracting(RegimeCell::steps).containsExactly(1000L, 1000L, 1000L, 1000L,
                4000L, 4000L, 4000L, 4000L, 16000L, 16000L);
    }

    @Test
    void aDataPointWithOneImagePerIdentityIsWarnedAboutNamingTheOptionAndWhatToUse() {
        RegimesPlan plan = RegimesPlan.of("cpu", true, List.of(), "full,pm:64", "15x1,60x4", "1", "all");
        // the sampler fills each identity's 4 places in a batch with copies of its one image
        assertThat(plan.warnings()).singleElement().asString().startsWith("--data 15x1: one image per identity")
                .contains("batch.images_per_identity=4").contains("use at least 2 images per identity (e.g. 15x2)");
        assertThat(plan.cells()).isNotEmpty(); // a warning, not a refusal
        // the base data point set through --set data=... is checked too
        RegimesPlan base = RegimesPlan.of("cpu", true, List.of("data=synthetic:identities=40,images=1,size=16,seed=7"), "full", "60x4", "1", "all");
        assertThat(base.warnings()).singleElement().asString().startsWith("the base data point 40x1 (--set data=...)");
        assertThat(RegimesPlan.of("cpu", true, List.of(), "full", null, "1", "all").warnings()).isEmpty();
        assertThat(full("1", "all").warnings()).isEmpty();
    }

    @Test
    void passesAndViewsFollowTheBatchAndTheDataPoint() {
        RegimesPlan plan = full("1", "all");
        RegimeCell wide = plan.cells().stream().filter(c -> c.data().equals(new DataPoint(32000, 4))).findFirst().orElseThrow();
        // 1,000 steps of 32 identities x 4 images: 32,000 identity slots and 128,000 images
        assertThat(wide.passesPerIdentity()).isCloseTo(1.0, within(1e-12));
        assertThat(wide.viewsPerImage()).isCloseTo(1.0, within(1e-12));
        assertThat(wide.imageBudget()).isEqualTo(128_000);
        RegimeCell narrow = plan.cells().stream().filter(c -> c.data().equals(new DataPoint(500, 64))).findFirst().orElseThrow();
        assertThat(narrow.passesPerIdentity()).isCloseTo(64.0, within(1e-12));
        assertThat(narrow.viewsPerImage()).isCloseTo(4.0, within(1e-12));
        assertThat(narrow.imageBudget()).isEqualTo(wide.imageBudget());
    }

    @Test
    void cellsDifferOnlyInDataStepsAndHeadKeys() {
        RegimesPlan plan = full("1,4", "all");
        List<Config> configs = plan.cells().stream().map(plan::config).toList();
        List<String> rest = new ArrayList<>();
        for (Config c : configs) {
            ObjectNode t = c.tree();
            for (String k : List.of("data", "head", "pfc", "dsoftmax", "pm")) t.remove(k);
            ((ObjectNode) t.get("train")).remove("steps");
            rest.add(t.toString());
        }
        assertThat(rest).containsOnly(rest.get(0));
        RegimeCell wide = plan.cells().stream().filter(c -> c.data().equals(new DataPoint(32000, 4))
                && c.method().kind().equals("dsoftmax")).findFirst().orElseThrow();
        Config c = plan.config(wide);
        // the preset's size, seed and difficulty carry over to every data point
        assertThat(c.string("data")).isEqualTo("synthetic:identities=32000,images=4,size=32,seed=7,offset=0,difficulty=1.0");
        assertThat(c.get(LoopConfig.SECTION).steps()).isEqualTo(1000);
        assertThat(c.get(EncoderSpec.SECTION).inputSize()).isEqualTo(32);
        assertThat(c.get(DSoftmaxKConfig.SECTION).scale()).isEqualTo(30.0);
        assertThat(c.get(DSoftmaxKConfig.SECTION).negatives()).isEqualTo(1024);
    }

    @Test
    void userOverridesMoveTheBaseButNotACellsHead() {
        RegimesPlan plan = RegimesPlan.of("cpu", false, List.of("train.steps=200", "data=synthetic:identities=300,images=8,size=32,seed=5",
                "head=full", "train.threads=1"), "pm:64", "300x8,100x2", "1,3", "all");
        assertThat(plan.baseSteps()).isEqualTo(200);
        assertThat(plan.baseData()).isEqualTo(new DataPoint(300, 8));
        assertThat(plan.cells()).extracting(RegimeCell::folder)
                .containsExactly("300x8-600steps/pm-64", "300x8-200steps/pm-64", "100x2-200steps/pm-64");
        Config c = plan.config(plan.cells().get(2));
        assertThat(c.string("head")).isEqualTo("pm");
        assertThat(c.string("data")).startsWith("synthetic:identities=100,images=2,size=32,seed=5");
        assertThat(c.get(LoopConfig.SECTION).threads()).isEqualTo(1);
    }

    @Test
    void badAxesAreRefusedWithTheOptionNamed() {
        assertThatThrownBy(() -> full("2,4", "all")).hasMessageContaining("--lengths must start with 1");
        assertThatThrownBy(() -> full("1,4,4", "all")).hasMessageContaining("--lengths must be ascending");
        assertThatThrownBy(() -> full("1,x", "all")).hasMessageContaining("--lengths: 'x'");
        assertThatThrownBy(() -> full("1,4", "arcface")).hasMessageContaining("--longest-methods names 'arcface'");
        assertThatThrownBy(() -> DataPoint.parse("2000by16")).hasMessageContaining("expected IDENTITIESxIMAGES");
        assertThatThrownBy(() -> DataPoint.parseList("10x2,10x2")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> DataPoint.parse("0x4")).hasMessageContaining("at least 1 identity");
        RegimesPlan onFolder = RegimesPlan.of("cpu", false, List.of("data=folder:/nowhere"), "full", "10x2", "1", "all");
        assertThatThrownBy(onFolder::baseSpec).hasMessageContaining("data must be synthetic");
        assertThat(full("1,4", "pm").longestMethods()).extracting(HeadCase::label).containsExactly("pm:1024");
    }

    @Test
    void aMethodsChangedSettingIsListedWithItsReason() {
        RegimesPlan plan = full("1", "all");
        HeadCase d = HeadCase.parse("dsoftmax:1024");
        RegimeCell cell = plan.cells().stream().filter(c -> c.method().equals(d)).findFirst().orElseThrow();
        assertThat(RegimesReport.changedKeys(plan.config(cell), d)).singleElement().asString()
                .startsWith("dsoftmax.scale = 30.0 (default 64.0): the cpu preset's value").contains("0.605").contains("0.879");
        HeadCase pfc = HeadCase.parse("pfc:0.1");
        RegimeCell pfcCell = plan.cells().stream().filter(c -> c.method().equals(pfc)).findFirst().orElseThrow();
        // drift_every is telemetry, the sample rate is the method's name: nothing else differs
        assertThat(RegimesReport.changedKeys(plan.config(pfcCell), pfc)).isEmpty();
        RegimesPlan changed = RegimesPlan.of("cpu", false, List.of("pfc.momentum=0.5"), "pfc:0.1", "10x2", "1", "all");
        assertThat(RegimesReport.changedKeys(changed.config(changed.cells().get(0)), pfc)).singleElement().asString()
                .isEqualTo("pfc.momentum = 0.5 (default 0.9): no measurement given");
    }
}
