package org.protoface.pipeline.detect;

/** A point in image pixel coordinates (x right, y down). */
public record Point2(double x, double y) {}
