package org.protoface.head;

import org.protoface.config.Section;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/**
 * The {@code margin:} section of a config: which member of the margin family modifies the target
 * logit, and its parameters. Omitted fields take the per-type defaults below; the record always
 * holds the resolved values, so a saved config shows exactly what was trained.
 *
 * <p>Per-type defaults (s = 64 for every type):
 * <ul>
 *   <li>normface: no margin.</li>
 *   <li>sphereface: m1 = 1.35. The original SphereFace used m1 = 4, but only together with an
 *       annealed blend with the plain softmax (and unnormalised features); without that blend
 *       m1 = 4 does not train from scratch, so ProtoFace follows the ArcFace paper's comparison
 *       setting of 1.35.</li>
 *   <li>arcface: m2 = 0.5 (the MS1M recipe).</li>
 *   <li>cosface: m3 = 0.4 (the WebFace recipe; the CosFace paper used 0.35).</li>
 *   <li>combined: m1 = 1.0, m2 = 0.3, m3 = 0.2 (the ArcFace paper's combined-margin setting).</li>
 *   <li>curricularface: m2 = 0.5, curricular_momentum = 0.99.</li>
 * </ul>
 * Parameters a type does not use keep their neutral value (m1 = 1, m2 = 0, m3 = 0);
 * {@link org.protoface.head.margin.Margins#create} rejects a non-neutral value there instead of silently ignoring it.
 *
 * @param type               normface, sphereface, arcface, cosface, combined or curricularface
 * @param s                  scale applied to every logit
 * @param m1                 multiplicative angular margin (sphereface, combined)
 * @param m2                 additive angular margin in radians (arcface, combined, curricularface)
 * @param m3                 additive cosine margin (cosface, combined)
 * @param curricularMomentum EMA momentum of CurricularFace's running t
 * @param gradThroughMargin  true: the target transform is differentiated as written; false: the
 *                           target logit moves by the margin's offset, but its gradient is that
 *                           of s * cos (the insightface reference computes the margin without
 *                           gradient)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record MarginSpec(
        @JsonProperty("type") String type,
        @JsonProperty("s") Double s,
        @JsonProperty("m1") Double m1,
        @JsonProperty("m2") Double m2,
        @JsonProperty("m3") Double m3,
        @JsonProperty("curricular_momentum") Double curricularMomentum,
        @JsonProperty("grad_through_margin") Boolean gradThroughMargin) {

    public static final String DEFAULT_TYPE = "cosface";
    /** No default instance: absent fields resolve per type in the constructor (cosface, s = 64 when empty). */
    public static final Section<MarginSpec> SECTION = new Section<>("margin", MarginSpec.class, null);
    public static final double DEFAULT_SCALE = 64.0;
    public static final double DEFAULT_CURRICULAR_MOMENTUM = 0.99;

    public MarginSpec {
        type = type == null ? DEFAULT_TYPE : type.trim().toLowerCase(Locale.ROOT);
        s = s == null ? DEFAULT_SCALE : s;
        m1 = m1 == null ? defaultM1(type) : m1;
        m2 = m2 == null ? defaultM2(type) : m2;
        m3 = m3 == null ? defaultM3(type) : m3;
        curricularMomentum = curricularMomentum == null ? DEFAULT_CURRICULAR_MOMENTUM : curricularMomentum;
        gradThroughMargin = gradThroughMargin == null || gradThroughMargin;
    }

    /** The given type with all its defaults. */
    public static MarginSpec of(String type) {
        return new MarginSpec(type, null, null, null, null, null, null);
    }

    /**
     * NormFace (Wang et al., ACM MM 2017): scaled cosines, no margin.
     *
     * @param s logit scale
     */
    public static MarginSpec normface(double s) {
        return new MarginSpec("normface", s, null, null, null, null, null);
    }

    /**
     * SphereFace (Liu et al., CVPR 2017): multiplicative angular margin.
     *
     * @param s  logit scale
     * @param m1 multiplicative angular margin, at least 1 (validated when the margin is created)
     */
    public static MarginSpec sphereface(double s, double m1) {
        return new MarginSpec("sphereface", s, m1, null, null, null, null);
    }

    /**
     * ArcFace (Deng et al., CVPR 2019): additive angular margin.
     *
     * @param s  logit scale
     * @param m2 additive angular margin in radians, in [0, pi) (validated when the margin is created)
     */
    public static MarginSpec arcface(double s, double m2) {
        return new MarginSpec("arcface", s, null, m2, null, null, null);
    }

    /**
     * CosFace (Wang et al., CVPR 2018): additive cosine margin.
     *
     * @param s  logit scale
     * @param m3 additive cosine margin, in [0, 1) (validated when the margin is created)
     */
    public static MarginSpec cosface(double s, double m3) {
        return new MarginSpec("cosface", s, null, null, m3, null, null);
    }

    /**
     * The combined margin of the ArcFace paper (Deng et al., CVPR 2019): s * (cos(m1 * theta + m2) - m3).
     *
     * @param s  logit scale
     * @param m1 multiplicative angular margin, at least 1
     * @param m2 additive angular margin in radians, in [0, pi)
     * @param m3 additive cosine margin, in [0, 1)
     */
    public static MarginSpec combined(double s, double m1, double m2, double m3) {
        return new MarginSpec("combined", s, m1, m2, m3, null, null);
    }

    /**
     * CurricularFace (Huang et al., CVPR 2020) with the default curricular momentum.
     *
     * @param s  logit scale
     * @param m2 additive angular margin in radians, in [0, pi) (validated when the margin is created)
     */
    public static MarginSpec curricularface(double s, double m2) {
        return new MarginSpec("curricularface", s, null, m2, null, null, null);
    }

    /** The same spec with gradient through the margin switched on or off. */
    public MarginSpec withGradThroughMargin(boolean on) {
        return new MarginSpec(type, s, m1, m2, m3, curricularMomentum, on);
    }

    private static double defaultM1(String type) {
        return type.equals("sphereface") ? 1.35 : 1.0;
    }

    private static double defaultM2(String type) {
        return switch (type) {
            case "arcface", "curricularface" -> 0.5;
            case "combined" -> 0.3;
            default -> 0.0;
        };
    }

    private static double defaultM3(String type) {
        return switch (type) {
            case "cosface" -> 0.4;
            case "combined" -> 0.2;
            default -> 0.0;
        };
    }
}
