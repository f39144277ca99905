package org.protoface.pipeline.gallery;

import org.protoface.data.CorruptRecordException;
import org.protoface.pipeline.FaceRecognizer;
import org.protoface.pipeline.PhotoFaces;
import org.protoface.pipeline.RecognizedFace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Enrols one identity from its photographs: the largest face of each photograph (or the whole
 * image for aligned crops) is embedded and all of them are added in one commit. A photograph
 * without a face, or that cannot be decoded, is counted and skipped, never enrolled as something
 * else. A photograph already enrolled for the same identity (same bytes, by sha256, wherever the
 * file now is) is skipped too, so re-running an enrolment after a crash does not enrol faces twice;
 * the same photograph under another identity is enrolled (it may show both people).
 */
public final class Enrolment {
    /**
     * What happened to an identity's photographs.
     *
     * @param identity  the name enrolled
     * @param faces     faces added (one per usable photograph)
     * @param noFace    photographs in which the detector found no face
     * @param several   photographs with more than one face (the largest was enrolled)
     * @param unreadable photographs that could not be decoded, with the reason
     * @param alreadyEnrolled photographs skipped because their bytes are already enrolled for this identity
     */
    public record Summary(String identity, int faces, List<Path> noFace, List<Path> several, List<String> unreadable,
                          List<Path> alreadyEnrolled) {}

    private Enrolment() {}

    /**
     * @throws IllegalArgumentException if no photograph gave a face and none was already enrolled
     *                                  (nothing is committed then)
     */
    public static Summary enrol(Gallery gallery, FaceRecognizer recognizer, String identity, List<Path> photos, boolean aligned)
            throws IOException {
        List<GalleryFace> faces = new ArrayList<>();
        List<Path> noFace = new ArrayList<>(), several = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<Path> already = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Path p : photos) {
            String hash = sha256(p);
            if (!seen.add(hash) || gallery.hasImage(identity, hash)) {
                already.add(p);
                continue;
            }
            PhotoFaces found;
            try {
                found = PhotoFaces.read(recognizer, p, aligned);
            } catch (CorruptRecordException e) {
                unreadable.add(e.getMessage());
                continue;
            }
            Optional<RecognizedFace> face = found.largest();
            if (face.isEmpty()) {
                noFace.add(p);
                continue;
            }
            if (found.faces().size() > 1) several.add(p);
            faces.add(new GalleryFace(p.toString(), face.get().embedding(), hash));
        }
        if (faces.isEmpty() && !already.isEmpty()) return new Summary(identity, 0, noFace, several, unreadable, already);
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("identity " + identity + ": none of its " + photos.size() + " photographs gave a face ("
                    + noFace.size() + " without a face, " + unreadable.size() + " unreadable" + (unreadable.isEmpty() ? "" : ": " + unreadable.get(0))
                    + "); nothing enrolled");
        }
        gallery.enroll(identity, faces);
        return new Summary(identity, faces.size(), noFace, several, unreadable, already);
    }

    /** Hex sha256 of a file's bytes. */
    static String sha256(Path file) throws IOException {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            try (java.io.InputStream in = new java.security.DigestInputStream(java.nio.file.Files.newInputStream(file), sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
