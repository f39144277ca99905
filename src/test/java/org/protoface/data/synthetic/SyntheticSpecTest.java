package org.protoface.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyntheticSpecTest {
    @Test
    void parsesAllKeys() {
        SyntheticSpec spec = SyntheticSpec.parse("synthetic:identities=2000,images=16,size=64,seed=7,offset=1073741824,difficulty=0.5");
        assertThat(spec).isEqualTo(new SyntheticSpec(2000, 16, 64, 7, 1073741824L, 0.5));
        assertThat(spec.identityNumber(0)).isEqualTo(1073741824L);
        assertThat(spec.identityNumber(1999)).isEqualTo(1073741824L + 1999);
    }

    @Test
    void appliesDefaultsAndToleratesSpacesAndCase() {
        SyntheticSpec spec = SyntheticSpec.parse("synthetic: Identities = 10 , images=3");
        assertThat(spec).isEqualTo(new SyntheticSpec(10, 3, 112, 0, 0, 1.0));
    }

    @Test
    void specStringRoundTrips() {
        SyntheticSpec spec = new SyntheticSpec(5, 4, 48, -3, 100, 1.25);
        assertThat(SyntheticSpec.parse(spec.toSpecString())).isEqualTo(spec);
    }

    @Test
    void rejectsMissingPrefix() {
        assertThatThrownBy(() -> SyntheticSpec.parse("identities=2,images=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("synthetic:");
    }

    @Test
    void rejectsUnknownKeyNamingIt() {
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=2,images=2,colour=red"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown key 'colour'");
    }

    @Test
    void rejectsNonNumericValueNamingKeyAndValue() {
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=many,images=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identities=many");
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=2,images=2,difficulty=NaN"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("difficulty=NaN");
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=3000000000,images=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identities=3000000000");
    }

    @Test
    void rejectsMissingRequiredKey() {
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing required key 'images'");
    }

    @Test
    void rejectsDuplicateAndMalformedParts() {
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=2,images=2,identities=3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'identities' given twice");
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=2,,images=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected key=value");
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=0,images=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identities=0");
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=2,images=2,size=8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size=8");
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=2,images=2,difficulty=3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("difficulty=3.0");
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=10,images=2,offset=2147483640"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset=2147483640")
                .hasMessageContaining("2^31");
        assertThat(SyntheticSpec.parse("synthetic:identities=8,images=2,offset=2147483640").identityNumber(7))
                .isEqualTo((1L << 31) - 1);
    }

    @Test
    void aBadValueIsNamedBeforeAMissingKey() {
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identities=abc is not an integer")
                .hasMessageNotContaining("missing");
        // with every value readable, the missing key is what is reported
        assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:identities=5"))
                .hasMessageContaining("missing required key 'images'");
    }
}
