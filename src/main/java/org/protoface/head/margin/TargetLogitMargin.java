package org.protoface.head.margin;

import org.protoface.head.Margin;
import org.protoface.head.TargetColumn;
import org.protoface.torch.StateModule;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

import java.util.Locale;

/**
 * The shape every margin of the family shares: replace each row's target cosine by f(cos),
 * optionally reshape the non-target cosines (CurricularFace), multiply everything by s.
 * Subclasses supply only f and, if needed, the non-target rule.
 */
public abstract class TargetLogitMargin extends StateModule implements Margin {
    private final String name;
    private final double scale;
    private final boolean gradThroughMargin;

    protected TargetLogitMargin(String name, double scale, boolean gradThroughMargin) {
        require(scale > 0 && !Double.isInfinite(scale), name, "s", "a finite number > 0", scale);
        this.name = name;
        this.scale = scale;
        this.gradThroughMargin = gradThroughMargin;
    }

    @Override
    public final Tensor logits(Tensor cosines, Tensor targets) {
        Tensor targetCos = TargetColumn.gather(cosines, targets);
        Tensor modified = targetValue(targetCos);
        if (!gradThroughMargin) {
            // Same value, but the gradient is that of the plain cosine: cos + (f(cos) - cos).detach().
            modified = targetCos.add(modified.sub(targetCos).detach());
        }
        Tensor others = nonTargetValues(cosines, targetCos, modified);
        return TargetColumn.replace(others, targets, modified).mul(new Scalar(scale));
    }

    /** f: the target cosine (B x 1) after the margin, before scaling. */
    protected abstract Tensor targetValue(Tensor targetCos);

    /**
     * The cosine matrix the non-target logits are read from (the target column is overwritten
     * afterwards). Default: unchanged.
     *
     * @param targetCos      B x 1 target cosines before the margin
     * @param modifiedTarget B x 1 target values after the margin (unscaled)
     */
    protected Tensor nonTargetValues(Tensor cosines, Tensor targetCos, Tensor modifiedTarget) {
        return cosines;
    }

    /** The logit scale s every logit is multiplied by. */
    public double scale() {
        return scale;
    }

    /**
     * Whether the gradient flows through the margin transform of the target cosine (false: the target's
     * gradient is that of the plain cosine).
     */
    public boolean gradThroughMargin() {
        return gradThroughMargin;
    }

    @Override
    public String describe() {
        String params = parameterText();
        return name + " s=" + fmt(scale) + (params.isEmpty() ? "" : " " + params)
                + (gradThroughMargin ? "" : " (no grad through margin)");
    }

    /** The margin parameters for {@link #describe()}, e.g. "m2=0.5". */
    protected abstract String parameterText();

    /** A parameter value with up to 4 significant digits and no trailing zeros. */
    protected static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        return s.contains(".") && !s.contains("e") ? s.replaceAll("\\.?0+$", "") : s;
    }

    /** Throws a message naming the margin, the parameter, the allowed range and the value. */
    protected static void require(boolean ok, String margin, String param, String range, double value) {
        if (!ok || Double.isNaN(value)) {
            throw new IllegalArgumentException(margin + ": " + param + " must be " + range + ", got " + value);
        }
    }
}
