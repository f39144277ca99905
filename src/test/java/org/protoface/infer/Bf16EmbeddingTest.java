package org.protoface.infer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.torch.Precision;
import org.protoface.torch.Torch;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bf16 inference against fp32 on the same weights and images: the embeddings must agree to within
 * bfloat16's precision carried through the network. bfloat16 keeps 8 significant bits (relative
 * rounding 2^-9 = 2e-3 per value); through IResNet-18's 20 convolutions and the FC the errors add
 * up (measured on this machine: largest per-embedding relative error 1.3e-2, mean 9e-3, for this
 * network at initialisation), so the bound is 3e-2, and the cosine between the two embeddings of an
 * image must exceed 0.999. A wrong cast (float16 instead of bfloat16, an embedding left in 16 bits
 * and rounded again, the head reading bf16) or a layout bug would exceed it by far.
 */
class Bf16EmbeddingTest {
    private static final double MAX_RELATIVE_ERROR = 3e-2;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void bf16EmbeddingsAreFloat32AndWithinTheStatedToleranceOfFp32() {
        Torch.manualSeed(11);
        Encoder encoder = Encoders.create(new EncoderSpec("iresnet", 18, 0.25, 32, 64, 0.0));
        TorchEncoderModel fp32 = new TorchEncoderModel(encoder, "test", Precision.FP32);
        TorchEncoderModel bf16 = new TorchEncoderModel(encoder, "test", Precision.BF16);
        int n = 16, per = 3 * 32 * 32;
        float[] images = new float[n * per];
        Random r = new Random(5);
        for (int i = 0; i < images.length; i++) images[i] = (float) Math.max(-1, Math.min(1, r.nextGaussian() * 0.5));

        float[][] a = fp32.embedRaw(images, n);
        float[][] b = bf16.embedRaw(images, n);
        double worst = 0, sum = 0;
        for (int i = 0; i < n; i++) {
            double diff = 0, norm = 0, dot = 0, normB = 0;
            for (int k = 0; k < a[i].length; k++) {
                diff += Math.pow(a[i][k] - b[i][k], 2);
                norm += (double) a[i][k] * a[i][k];
                normB += (double) b[i][k] * b[i][k];
                dot += (double) a[i][k] * b[i][k];
            }
            double relative = Math.sqrt(diff / norm);
            worst = Math.max(worst, relative);
            sum += relative;
            assertThat(dot / Math.sqrt(norm * normB)).as("cosine of image %d's fp32 and bf16 embeddings", i).isGreaterThan(0.999);
        }
        System.out.printf("bf16 vs fp32 embeddings: relative error max %.2e, mean %.2e%n", worst, sum / n);
        assertThat(worst).isLessThan(MAX_RELATIVE_ERROR);
        // the two are not the same computation: bf16 really ran (a no-op autocast would give 0)
        assertThat(worst).isGreaterThan(1e-5);
        assertThat(bf16.precision()).isEqualTo("bf16");
        assertThat(bf16.describe()).contains("bf16 autocast");
    }
}
