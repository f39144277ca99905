package org.protoface.head.margin;

import org.protoface.head.MarginSpec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.torch.Torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarginsTest {
    /** Bound the way the config loader binds sections: snake_case, unknown keys fail. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final ObjectMapper PLAIN_YAML = new ObjectMapper(new YAMLFactory());

    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void perTypeDefaults() {
        MarginSpec none = new MarginSpec(null, null, null, null, null, null, null);
        assertThat(none.type()).isEqualTo("cosface");
        assertThat(none.s()).isEqualTo(64.0);
        assertThat(none.m3()).isEqualTo(0.4);
        assertThat(none.gradThroughMargin()).isTrue();
        assertThat(MarginSpec.of("arcface").m2()).isEqualTo(0.5);
        assertThat(MarginSpec.of("sphereface").m1()).isEqualTo(1.35);
        MarginSpec combined = MarginSpec.of("combined");
        assertThat(new double[] {combined.m1(), combined.m2(), combined.m3()}).containsExactly(1.0, 0.3, 0.2);
        MarginSpec curricular = MarginSpec.of("curricularface");
        assertThat(curricular.m2()).isEqualTo(0.5);
        assertThat(curricular.curricularMomentum()).isEqualTo(0.99);
        for (String type : Margins.TYPES) assertThat(Margins.create(MarginSpec.of(type))).isNotNull();
    }

    @Test
    void bindsSnakeCaseYaml() throws Exception {
        String yaml = "type: CurricularFace\ns: 32\ncurricular_momentum: 0.9\ngrad_through_margin: false\n";
        for (ObjectMapper mapper : new ObjectMapper[] {YAML, PLAIN_YAML}) {
            MarginSpec spec = mapper.readValue(yaml, MarginSpec.class);
            assertThat(spec.type()).isEqualTo("curricularface");
            assertThat(spec.s()).isEqualTo(32.0);
            assertThat(spec.m2()).isEqualTo(0.5);
            assertThat(spec.curricularMomentum()).isEqualTo(0.9);
            assertThat(spec.gradThroughMargin()).isFalse();
            assertThat(Margins.create(spec).describe())
                    .isEqualTo("curricularface s=32 m2=0.5 momentum=0.9 (no grad through margin)");
        }
        MarginSpec arc = YAML.readValue("type: arcface\nm2: 0.45\n", MarginSpec.class);
        assertThat(Margins.create(arc)).isInstanceOf(ArcFace.class);
        assertThat(Margins.create(arc).describe()).isEqualTo("arcface s=64 m2=0.45");
        assertThatThrownBy(() -> YAML.readValue("type: arcface\narcface_easy_margin: true\n", MarginSpec.class))
                .hasMessageContaining("arcface_easy_margin");
    }

    @Test
    void createsTheRightClassPerType() {
        assertThat(Margins.create(MarginSpec.normface(30))).isInstanceOf(NormFace.class);
        assertThat(Margins.create(MarginSpec.sphereface(30, 1.5))).isInstanceOf(SphereFace.class);
        assertThat(Margins.create(MarginSpec.arcface(30, 0.5))).isInstanceOf(ArcFace.class);
        assertThat(Margins.create(MarginSpec.cosface(30, 0.35))).isInstanceOf(CosFace.class);
        assertThat(Margins.create(MarginSpec.combined(30, 1.1, 0.2, 0.1))).isInstanceOf(CombinedMargin.class);
        assertThat(Margins.create(MarginSpec.curricularface(30, 0.5))).isInstanceOf(CurricularFace.class);
        TargetLogitMargin noGrad = (TargetLogitMargin) Margins.create(MarginSpec.arcface(30, 0.5).withGradThroughMargin(false));
        assertThat(noGrad.gradThroughMargin()).isFalse();
        assertThat(noGrad.scale()).isEqualTo(30.0);
    }

    @Test
    void unknownTypeListsTheKnownOnes() {
        assertThatThrownBy(() -> Margins.create(MarginSpec.of("adaface")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown margin type 'adaface'")
                .hasMessageContaining("normface, sphereface, arcface, cosface, combined, curricularface");
    }

    @Test
    void outOfRangeValuesAreNamed() {
        assertThatThrownBy(() -> Margins.create(MarginSpec.cosface(0, 0.4)))
                .hasMessage("margin.s must be a number above 0, got 0.0");   // refused when the spec is bound
        assertThatThrownBy(() -> Margins.create(MarginSpec.normface(-3)))
                .hasMessageContaining("margin.s must be a number above 0, got -3.0");
        assertThatThrownBy(() -> Margins.create(MarginSpec.arcface(Double.NaN, 0.5))).hasMessageContaining("s must be");
        assertThatThrownBy(() -> Margins.create(MarginSpec.arcface(64, Math.PI)))
                .hasMessageContaining("arcface: m2 must be in [0, pi) radians, got 3.14159");
        assertThatThrownBy(() -> Margins.create(MarginSpec.arcface(64, -0.1))).hasMessageContaining("m2 must be in [0, pi)");
        assertThatThrownBy(() -> Margins.create(MarginSpec.cosface(64, 1.0))).hasMessageContaining("cosface: m3 must be in [0, 1)");
        assertThatThrownBy(() -> Margins.create(MarginSpec.sphereface(64, 0.5)))
                .hasMessageContaining("sphereface: m1 must be a finite number >= 1, got 0.5");
        assertThatThrownBy(() -> Margins.create(MarginSpec.combined(64, 1, 3.5, 0)))
                .hasMessageContaining("combined: m2 must be in [0, pi)");
        // refused when the spec is bound, before any margin is created
        assertThatThrownBy(() -> Margins.create(new MarginSpec("curricularface", null, null, null, null, 1.0, null)))
                .hasMessageContaining("curricular_momentum must be in [0, 1)");
    }

    @Test
    void parametersTheTypeWouldIgnoreAreRejected() {
        MarginSpec cosWithAngle = new MarginSpec("cosface", null, null, 0.5, null, null, null);
        assertThatThrownBy(() -> Margins.create(cosWithAngle))
                .hasMessageContaining("cosface does not use m2").hasMessageContaining("combined");
        MarginSpec arcWithMomentum = new MarginSpec("arcface", null, null, null, null, 0.9, null);
        assertThatThrownBy(() -> Margins.create(arcWithMomentum)).hasMessageContaining("arcface does not use curricular_momentum");
        MarginSpec normWithM1 = new MarginSpec("normface", null, 2.0, null, null, null, null);
        assertThatThrownBy(() -> Margins.create(normWithM1)).hasMessageContaining("normface does not use m1");
    }
}
