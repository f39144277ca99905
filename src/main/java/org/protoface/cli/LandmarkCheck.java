package org.protoface.cli;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.io.ImageHeader;
import org.protoface.pipeline.align.FaceAligner;
import org.protoface.pipeline.align.SimilarityTransform;
import org.protoface.pipeline.detect.Point2;
import org.protoface.pipeline.io.FaceRecords;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a landmark file against its images before {@code align} writes anything: every image
 * exists and has a JPEG/PNG header (its size is read from the header, no pixel is decoded), every
 * landmark lies within {@link #FAR} image sizes of the image, and every face's landmarks give a
 * transform. Errors name the landmark file, the line and the field.
 */
final class LandmarkCheck {
    /** How many image widths (heights) a landmark may lie outside the image: faces cut by the border are fine, 1e30 is not. */
    static final double FAR = 2;

    private LandmarkCheck() {}

    /**
     * @return the alignment transform of each record, in order
     * @throws IllegalArgumentException naming the file, line and field (or image) of the first bad record
     */
    static List<SimilarityTransform> transforms(List<FaceRecords.Located> records, Path root, FaceAligner aligner) throws IOException {
        Map<String, int[]> sizes = new HashMap<>();
        List<SimilarityTransform> out = new ArrayList<>(records.size());
        for (FaceRecords.Located located : records) {
            String where = located.where(), source = located.record().source();
            int[] wh = sizes.get(source);
            if (wh == null) {
                wh = imageSize(root.resolve(source), where);
                sizes.put(source, wh);
            }
            List<Point2> points = located.record().face().landmarks();
            for (int i = 0; i < points.size(); i++) {
                check(points.get(i).x(), wh[0], where, FaceRecords.coordinateName(2 * i), source);
                check(points.get(i).y(), wh[1], where, FaceRecords.coordinateName(2 * i + 1), source);
            }
            try {
                out.add(aligner.transformFor(located.record().face()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage() + "; fix or drop the line");
            }
        }
        return out;
    }

    private static int[] imageSize(Path image, String where) throws IOException {
        if (Files.isDirectory(image)) throw new IllegalArgumentException(where + ": image " + image + " is a folder, not an image file");
        if (!Files.isRegularFile(image)) {
            throw new IllegalArgumentException(where + ": image " + image + ": no such image file (paths are relative to --input)");
        }
        try {
            ImageHeader h = ImageHeader.read(Files.readAllBytes(image), image.toString());
            return new int[] {h.width(), h.height()};
        } catch (CorruptRecordException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static void check(double v, int extent, String where, String field, String source) {
        if (v < -FAR * extent || v > (1 + FAR) * extent) {
            throw new IllegalArgumentException(where + ": landmark " + field + " = " + v + " is far outside the image " + source + " ("
                    + extent + " px along that axis; allowed " + (long) (-FAR * extent) + " .. " + (long) ((1 + FAR) * extent) + "); fix or drop the line");
        }
    }
}
