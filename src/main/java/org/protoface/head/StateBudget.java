package org.protoface.head;

import org.protoface.util.Bytes;

import org.protoface.torch.NativeMemory;

/**
 * Refuses to build state that cannot fit, with a message that names the consumer and both sizes,
 * instead of letting the native allocator fail (or the machine start swapping) half-way through
 * allocating an N x d matrix.
 */
public final class StateBudget {
    private StateBudget() {}

    /**
     * @param what      the consumer, e.g. "partial fc"
     * @param available bytes available; a negative value means "unknown" and skips the check
     * @throws StateBudgetExceededException "WHAT needs X GiB, Y GiB available"
     */
    public static void require(long bytes, String what, long available) {
        require(bytes, what, "", available);
    }

    /**
     * @param purpose what the bytes are for, e.g. "for 1000000 identities" (may be empty)
     * @throws StateBudgetExceededException "WHAT needs X GiB PURPOSE, Y GiB available",
     *                                      e.g. "partial fc needs 38.15 GiB for 10000000 identities, 12.40 GiB available"
     */
    public static void require(long bytes, String what, String purpose, long available) {
        if (bytes < 0) throw new IllegalArgumentException(what + ": negative byte count " + bytes);
        if (available < 0 || bytes <= available) return;
        String forWhat = purpose.isEmpty() ? "" : " " + purpose;
        throw new StateBudgetExceededException(
                what + " needs " + Bytes.gib(bytes) + " GiB" + forWhat + ", " + Bytes.gib(available) + " GiB available",
                bytes, available);
    }

    /** As {@link #require(long, String, String, long)} against the memory the OS reports as available now. */
    public static void requireAvailable(long bytes, String what, String purpose) {
        require(bytes, what, purpose, NativeMemory.availableBytes());
    }
}
