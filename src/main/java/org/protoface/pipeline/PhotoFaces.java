package org.protoface.pipeline;

import org.protoface.data.CorruptRecordException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The faces of one photograph, read from a file: every face the detector finds, or the whole
 * image when it is an aligned crop.
 *
 * @param source the file
 * @param faces  best detector score first; empty when the detector found none
 */
public record PhotoFaces(Path source, List<RecognizedFace> faces) {
    /**
     * @param aligned the file is an aligned crop: skip detection
     * @throws CorruptRecordException naming the file when it is not a readable image; for an aligned
     *                                crop that is not square, {@link NotSquareCropException} (a caller skips either)
     */
    public static PhotoFaces read(FaceRecognizer recognizer, Path file, boolean aligned) throws IOException, CorruptRecordException {
        BufferedImage photo = Photos.read(file);
        if (aligned && photo.getWidth() != photo.getHeight()) {
            throw new NotSquareCropException(file, photo.getWidth(), photo.getHeight());
        }
        return new PhotoFaces(file, aligned ? List.of(recognizer.embedAligned(photo)) : recognizer.recognize(photo));
    }

    /** The face with the largest box: the subject of an enrolment photo. */
    public Optional<RecognizedFace> largest() {
        return faces.stream().max(Comparator.comparingDouble(f -> f.face().box().area()));
    }
}
