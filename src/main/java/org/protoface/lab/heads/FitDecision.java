package org.protoface.lab.heads;

import org.protoface.head.HeadFootprint;
import org.protoface.util.Bytes;

/**
 * Whether a head of a given footprint may be built on this machine: it fits when its state plus
 * one step's working memory stays within the available memory minus a safety share (kept free
 * for the JVM, libtorch's allocator slack and whatever else runs on the machine).
 *
 * @param fits           true when the case may be run
 * @param requiredBytes  state plus step estimate
 * @param budgetBytes    available x (1 - safety); -1 when the available memory is unknown
 * @param availableBytes what the OS reported, or -1
 */
public record FitDecision(boolean fits, long requiredBytes, long budgetBytes, long availableBytes) {

    /**
     * @param safety share of the available memory not to plan on, in [0, 1)
     * @param availableBytes memory available now (e.g. MemAvailable); negative = unknown, then
     *                       every case is tried
     */
    public static FitDecision decide(HeadFootprint footprint, long availableBytes, double safety) {
        if (!(safety >= 0 && safety < 1)) throw new IllegalArgumentException("safety margin must be in [0, 1), got " + safety);
        long required = footprint.totalBytes();
        if (availableBytes < 0) return new FitDecision(true, required, -1, -1);
        long budget = (long) (availableBytes * (1 - safety));
        return new FitDecision(required <= budget, required, budget, availableBytes);
    }

    /** "does not fit: needs 38.15 GiB, 18.20 GiB usable of 21.41 GiB available". */
    public String explanation() {
        if (fits) return "fits";
        return "does not fit: needs " + Bytes.gib(requiredBytes) + " GiB, " + Bytes.gib(budgetBytes) + " GiB usable of "
                + Bytes.gib(availableBytes) + " GiB available";
    }
}
