package org.protoface.pipeline;

import org.protoface.pipeline.detect.DetectedFace;

/**
 * A face found in a photograph and its embedding.
 *
 * @param face      box, detector score and landmarks in the photograph's pixel coordinates
 * @param embedding L2-normalised embedding (d values)
 */
public record RecognizedFace(DetectedFace face, float[] embedding) {}
