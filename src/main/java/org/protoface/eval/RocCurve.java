package org.protoface.eval;

/**
 * Points of a ROC curve for plotting, ordered by increasing FAR. Every point is a real operating
 * point (a threshold applied to the scores), never an interpolation. Points with FAR = 0 are left
 * out because the FAR axis is logarithmic.
 *
 * @param label a name for legends ("model (all pairs)", "raw pixels (pairs)", ...)
 */
public record RocCurve(String label, double[] far, double[] tar) {
    public RocCurve {
        if (far.length != tar.length) {
            throw new IllegalArgumentException("ROC curve '" + label + "' has " + far.length + " FAR values but " + tar.length + " TAR values");
        }
        far = far.clone();
        tar = tar.clone();
    }

    /** Number of points. */
    public int size() {
        return far.length;
    }

    @Override
    public double[] far() {
        return far.clone();
    }

    @Override
    public double[] tar() {
        return tar.clone();
    }

    /** The same points under another legend label. */
    public RocCurve withLabel(String newLabel) {
        return new RocCurve(newLabel, far, tar);
    }
}
