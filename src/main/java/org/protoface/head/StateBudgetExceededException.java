package org.protoface.head;

/**
 * A head's persistent state would not fit in the memory that is available. Thrown before anything
 * is allocated, so callers (benchmarks sweeping the number of identities) can report "does not fit"
 * and carry on.
 */
public final class StateBudgetExceededException extends RuntimeException {
    private final long requiredBytes;
    private final long availableBytes;

    public StateBudgetExceededException(String message, long requiredBytes, long availableBytes) {
        super(message);
        this.requiredBytes = requiredBytes;
        this.availableBytes = availableBytes;
    }

    public long requiredBytes() {
        return requiredBytes;
    }

    public long availableBytes() {
        return availableBytes;
    }
}
