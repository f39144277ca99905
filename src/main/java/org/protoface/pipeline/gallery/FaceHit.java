package org.protoface.pipeline.gallery;

/**
 * One enrolled face returned by a search.
 *
 * @param identity the identity it was enrolled under
 * @param source   the image it came from
 * @param cosine   cosine similarity with the query, in [-1, 1]
 */
public record FaceHit(String identity, String source, double cosine) {}
