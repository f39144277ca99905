package org.protoface.eval;

/**
 * The true accept rate at one false-accept-rate target; see {@link Roc#tarAtFar(double)} for the
 * exact definition.
 *
 * @param targetFar  the requested FAR
 * @param tar        fraction of genuine scores strictly above {@code threshold}; NaN when the target
 *                   cannot be resolved (fewer than 1/targetFar impostor scores)
 * @param far        fraction of impostor scores strictly above {@code threshold} (at most the
 *                   target; below it when impostor scores tie); NaN when unresolved
 * @param threshold  the operating threshold ("accept" iff score &gt; threshold); negative infinity
 *                   when the target admits every impostor; NaN when unresolved
 */
public record TarAtFar(double targetFar, double tar, double far, double threshold) {
    /** Whether the target FAR could be resolved (false when there were fewer than 1/targetFar impostor scores). */
    public boolean resolved() {
        return !Double.isNaN(tar);
    }

    static TarAtFar unresolved(double targetFar) {
        return new TarAtFar(targetFar, Double.NaN, Double.NaN, Double.NaN);
    }
}
