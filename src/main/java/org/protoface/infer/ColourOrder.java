package org.protoface.infer;

/** Order of the three colour planes a model expects. ProtoFace's own encoders and insightface's recognisers take RGB. */
public enum ColourOrder {
    RGB,
    BGR
}
