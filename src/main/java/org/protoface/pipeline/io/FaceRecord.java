package org.protoface.pipeline.io;

import org.protoface.pipeline.detect.DetectedFace;

/**
 * One face of one image, as the pipeline commands write it (a line of {@code .jsonl}) and read
 * it back (e.g. {@code align --landmarks}).
 *
 * @param source    the image file, as given on the command line or relative to the dataset folder
 * @param label     the identity label when known (a dataset folder's identity), else null
 * @param index     which face of the image (0 = the detector's best)
 * @param face      box, score and landmarks in the image's pixel coordinates
 * @param embedding the unit embedding, or null when none was computed
 */
public record FaceRecord(String source, String label, int index, DetectedFace face, float[] embedding) {}
