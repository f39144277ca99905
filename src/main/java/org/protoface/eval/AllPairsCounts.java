package org.protoface.eval;

/** Size of the all-pairs set behind the TAR@FAR figures. */
public record AllPairsCounts(int images, long genuine, long impostor) {}
