package org.protoface.pipeline.gallery;

/**
 * One face to enrol.
 *
 * @param source    where it came from (a file name, and the face number when a photo has several)
 * @param embedding its L2-normalised embedding (d values)
 * @param imageHash sha256 (hex) of the photograph's bytes, so a re-run enrolment can tell the photo
 *                  is already enrolled for this identity ({@link Gallery#hasImage}); null when unknown
 */
public record GalleryFace(String source, float[] embedding, String imageHash) {
    /** A face whose photograph's hash is not recorded (bulk loads, benchmarks). */
    public GalleryFace(String source, float[] embedding) {
        this(source, embedding, null);
    }
}
