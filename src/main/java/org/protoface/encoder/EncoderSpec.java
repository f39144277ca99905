package org.protoface.encoder;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.protoface.config.Section;

/**
 * Encoder configuration, bound from the {@code encoder:} section of a config.
 *
 * @param type          "iresnet" or "mobilefacenet"
 * @param depth         IResNet depth: 18, 34, 50, 100 or 200 (ignored by MobileFaceNet)
 * @param width         channel width multiplier (1.0 = the published widths)
 * @param inputSize     side of the square input image in pixels (112 for real data)
 * @param embeddingSize embedding dimension d (512 by convention)
 * @param dropout       dropout probability before the embedding FC (IResNet)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record EncoderSpec(String type, int depth, double width, int inputSize, int embeddingSize, double dropout) {
    /** IResNet-50 at 112 px with 512-d embeddings, the public recipe. */
    public static final Section<EncoderSpec> SECTION = new Section<>("encoder", EncoderSpec.class,
            new EncoderSpec("iresnet", 50, 1.0, 112, 512, 0.0));

    /**
     * An IResNet spec without dropout.
     *
     * @param depth         18, 34, 50, 100 or 200 layers (checked when the encoder is built)
     * @param width         channel multiplier (1.0 is the published width)
     * @param inputSize     side of the square input in pixels
     * @param embeddingSize d, the embedding dimension
     */
    public static EncoderSpec iresnet(int depth, double width, int inputSize, int embeddingSize) {
        return new EncoderSpec("iresnet", depth, width, inputSize, embeddingSize, 0.0);
    }
}
