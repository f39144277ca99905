package org.protoface.pipeline.gallery;

/**
 * One face to enrol.
 *
 * @param source    where it came from (a file name, and the face number when a photo has several)
 * @param embedding its L2-normalised embedding (d values)
 */
public record GalleryFace(String source, float[] embedding) {}
