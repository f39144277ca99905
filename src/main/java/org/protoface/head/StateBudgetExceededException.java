package org.protoface.head;

/**
 * A head's persistent state would not fit in the memory that is available. Thrown before anything
 * is allocated, so callers (benchmarks sweeping the number of identities) can report "does not fit"
 * and carry on.
 */
public final class StateBudgetExceededException extends RuntimeException {
    private final long requiredBytes;
    private final long availableBytes;

    /**
     * @param message        one line naming the head, the number of identities and the bytes needed
     * @param requiredBytes  bytes the head's persistent state would take
     * @param availableBytes bytes available for it
     */
    public StateBudgetExceededException(String message, long requiredBytes, long availableBytes) {
        super(message);
        this.requiredBytes = requiredBytes;
        this.availableBytes = availableBytes;
    }

    /** Bytes the head's persistent state would take. */
    public long requiredBytes() {
        return requiredBytes;
    }

    /** Bytes that were available for it. */
    public long availableBytes() {
        return availableBytes;
    }
}
