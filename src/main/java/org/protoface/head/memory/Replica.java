package org.protoface.head.memory;

/**
 * A head's offer ({@code Head.capability(Replica.class)}) when every rank keeps a copy of the
 * same state that must stay identical (Prototype Memory): a fingerprint of this rank's copy, so
 * the ranks can compare theirs ({@link ReplicaChecksum}).
 */
@FunctionalInterface
public interface Replica {
    /** Reads the whole replica (M x d floats): call it every few steps, not every step. */
    long checksum();
}
