package org.protoface.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A finished training on one's own data has no held-out set by default: skipped with a reason, not an error. */
class HeldOutDataChoiceTest {
    private static EvalConfig auto() {
        return new EvalConfig("auto", 50, 4, 200, 20, 4, false, false, 1, 0, List.of());
    }

    @Test
    void ownDataWithAutoEvalHasNoHeldOutSetAndSaysHowToGetOne() {
        HeldOutData.Choice c = HeldOutData.forTraining(auto(), "folder:/faces/train", 32);
        assertThat(c.data()).isEmpty();
        assertThat(c.skipReason()).contains("folder:/faces/train").contains("--val").contains("eval.data")
                .contains("protoface eval --model");
    }

    @Test
    void syntheticTrainingDataGetsHeldOutIdentitiesAtTheEncodersSize() {
        HeldOutData.Choice c = HeldOutData.forTraining(auto(), "synthetic:identities=10,images=2,seed=3", 32);
        assertThat(c.data()).isPresent();
        assertThat(c.data().get().identityCount()).isEqualTo(50);
        assertThat(c.data().get().imageSize()).isEqualTo(32);
    }
}
