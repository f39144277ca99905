package org.protoface.eval;

import org.junit.jupiter.api.Test;
import org.protoface.data.synthetic.SyntheticSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeldOutDataTest {
    private static EvalConfig auto() {
        return new EvalConfig("auto", 300, 12, 6000, 100, 12, true, true, 5, 0, java.util.List.of());
    }

    @Test
    void autoHeldOutIdentitiesAreDisjointFromTrainingAndRenderedTheSameWay() {
        String train = "synthetic:identities=2000,images=16,size=32,seed=7";
        SyntheticSpec held = SyntheticSpec.parse(HeldOutData.spec(auto(), train));
        SyntheticSpec trained = SyntheticSpec.parse(train);
        assertThat(held.offset()).isGreaterThanOrEqualTo(trained.offset() + trained.identities());
        assertThat(held.offset()).isEqualTo(1L << 30);
        assertThat(held.identities()).isEqualTo(300);
        assertThat(held.images()).isEqualTo(12);
        assertThat(held.size()).isEqualTo(trained.size());
        assertThat(held.seed()).isEqualTo(trained.seed());
        assertThat(held.difficulty()).isEqualTo(trained.difficulty());
    }

    @Test
    void autoNeedsSyntheticTrainingDataOutsideTheHeldOutRange() {
        assertThatThrownBy(() -> HeldOutData.spec(auto(), "folder:/data/faces"))
                .hasMessageContaining("only works for synthetic training data");
        assertThatThrownBy(() -> HeldOutData.spec(auto(), "synthetic:identities=10,images=2,offset=1073741820"))
                .hasMessageContaining("reach into the held-out range");
        EvalConfig explicit = new EvalConfig("folder:/data/held", 0, 0, 6000, 100, 30, true, true, 5, 0, java.util.List.of());
        assertThat(HeldOutData.spec(explicit, "folder:/data/faces")).isEqualTo("folder:/data/held");
    }

    @Test
    void anAllPairsSetTheAutoHeldOutDataCannotSupplyIsRejectedAtBinding() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new EvalConfig("auto", 500, 10, 6000, 100, 20, true, true, 5, 0, java.util.List.of()))
                .hasMessageContaining("needs 100 identities x 20 images but eval.identities x eval.images_per_identity is 500 x 10");
    }
}
