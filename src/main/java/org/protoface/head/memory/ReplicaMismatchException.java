package org.protoface.head.memory;

/**
 * The ranks' replicas of Prototype Memory are no longer identical (a bug, or ranks that computed
 * differently): training stops, since their gradients would no longer belong to one model. The
 * message names the ranks and their fingerprints ({@link ReplicaChecksum#mismatch}).
 */
public final class ReplicaMismatchException extends RuntimeException {
    /** @param message names the ranks whose replica differs from rank 0's and the step */
    public ReplicaMismatchException(String message) {
        super(message);
    }
}
