package org.protoface.distributed;

import java.util.List;

/**
 * A collective (or joining the job) failed because of another rank: it died, closed its
 * connection, or did not arrive within {@code dist.timeout_s}. The message is one line naming the
 * rank(s) when they can be known, e.g. "all-reduce #12 failed: rank 1 closed the connection".
 * The process group is unusable afterwards; the run must stop.
 */
public final class CollectiveException extends RuntimeException {
    private final List<Integer> culprits;

    /**
     * @param message  one line naming the collective and what failed
     * @param culprits ranks the failure is attributed to (may be empty); copied
     * @param cause    the underlying failure
     */
    public CollectiveException(String message, List<Integer> culprits, Throwable cause) {
        super(message, cause);
        this.culprits = List.copyOf(culprits);
    }

    /** The ranks the failure is attributed to (empty when they could not be determined). */
    public List<Integer> culprits() {
        return culprits;
    }
}
