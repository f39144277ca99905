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
 * else.
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
     */
    public record Summary(String identity, int faces, List<Path> noFace, List<Path> several, List<String> unreadable) {}

    private Enrolment() {}

    /**
     * @throws IllegalArgumentException if no photograph gave a face (nothing is committed then)
     */
    public static Summary enrol(Gallery gallery, FaceRecognizer recognizer, String identity, List<Path> photos, boolean aligned)
            throws IOException {
        List<GalleryFace> faces = new ArrayList<>();
        List<Path> noFace = new ArrayList<>(), several = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Path p : photos) {
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
            faces.add(new GalleryFace(p.toString(), face.get().embedding()));
        }
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("identity " + identity + ": none of its " + photos.size() + " photographs gave a face ("
                    + noFace.size() + " without a face, " + unreadable.size() + " unreadable" + (unreadable.isEmpty() ? "" : ": " + unreadable.get(0))
                    + "); nothing enrolled");
        }
        gallery.enroll(identity, faces);
        return new Summary(identity, faces.size(), noFace, several, unreadable);
    }
}
