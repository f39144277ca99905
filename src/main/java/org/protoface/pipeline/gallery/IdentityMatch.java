package org.protoface.pipeline.gallery;

/**
 * An identity's score for a query: the best cosine over its enrolled faces, and which face gave it.
 *
 * @param identity the identity's name
 * @param cosine   best cosine similarity, in [-1, 1]
 * @param source   the enrolled image of the best face
 */
public record IdentityMatch(String identity, double cosine, String source) {}
