package org.protoface.head.margin;

import org.protoface.head.MarginSpec;

import org.protoface.head.Margin;

import java.util.List;

/** Builds a {@link Margin} from its config section. */
public final class Margins {
    public static final List<String> TYPES =
            List.of("normface", "sphereface", "arcface", "cosface", "combined", "curricularface");

    private Margins() {}

    /**
     * @throws IllegalArgumentException for an unknown type, a value out of range, or a parameter
     *                                  the type does not use set to a non-neutral value
     */
    public static Margin create(MarginSpec spec) {
        String type = spec.type();
        boolean grad = spec.gradThroughMargin();
        return switch (type) {
            case "normface" -> {
                onlyUses(spec, false, false, false);
                yield new NormFace(spec.s());
            }
            case "sphereface" -> {
                onlyUses(spec, true, false, false);
                yield new SphereFace(spec.s(), spec.m1(), grad);
            }
            case "arcface" -> {
                onlyUses(spec, false, true, false);
                yield new ArcFace(spec.s(), spec.m2(), grad);
            }
            case "cosface" -> {
                onlyUses(spec, false, false, true);
                yield new CosFace(spec.s(), spec.m3(), grad);
            }
            case "combined" -> {
                onlyUses(spec, true, true, true);
                yield new CombinedMargin(spec.s(), spec.m1(), spec.m2(), spec.m3(), grad);
            }
            case "curricularface" -> {
                onlyUses(spec, false, true, false);
                yield new CurricularFace(spec.s(), spec.m2(), spec.curricularMomentum(), grad);
            }
            default -> throw new IllegalArgumentException(
                    "unknown margin type '" + type + "' (known: " + String.join(", ", TYPES) + ")");
        };
    }

    /** Rejects parameters the type would ignore, so a config never claims a margin it lacks. */
    private static void onlyUses(MarginSpec spec, boolean m1, boolean m2, boolean m3) {
        String type = spec.type();
        if (!m1 && spec.m1() != 1.0) unused(type, "m1", spec.m1());
        if (!m2 && spec.m2() != 0.0) unused(type, "m2", spec.m2());
        if (!m3 && spec.m3() != 0.0) unused(type, "m3", spec.m3());
        if (!type.equals("curricularface") && spec.curricularMomentum() != MarginSpec.DEFAULT_CURRICULAR_MOMENTUM) {
            unused(type, "curricular_momentum", spec.curricularMomentum());
        }
    }

    private static void unused(String type, String param, double value) {
        throw new IllegalArgumentException("margin type " + type + " does not use " + param + " (got " + value
                + "); use type 'combined' to mix margins");
    }
}
