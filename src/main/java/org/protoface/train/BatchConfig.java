package org.protoface.train;

/** The {@code batch:} section: {@code size} images made of size / images_per_identity identities. */
public record BatchConfig(int size, int imagesPerIdentity) {}
