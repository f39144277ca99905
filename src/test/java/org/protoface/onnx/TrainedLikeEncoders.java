package org.protoface.onnx;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.Tensor;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderIO;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.nio.file.Path;

/**
 * Encoders whose every BatchNorm and PReLU holds values a trained network could have, so an export
 * test cannot pass on layers that a fresh network leaves as identities (BN weight 1, bias 0,
 * running mean 0, variance 1): affine parameters and slopes are perturbed, and the running
 * statistics are those of real activations (training-mode passes over synthetic faces).
 */
final class TrainedLikeEncoders {
    private TrainedLikeEncoders() {}

    /** Builds, perturbs and calibrates an encoder, saves it to {@code dir} and loads it back (the export command's path). */
    static Encoder saved(EncoderSpec spec, long seed, Path dir) throws Exception {
        EncoderIO.save(build(spec, seed), dir);
        return EncoderIO.load(dir);
    }

    static Encoder build(EncoderSpec spec, long seed) {
        Torch.manualSeed(seed);
        Encoder e = Encoders.create(spec);
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            StringTensorDict params = e.named_parameters();
            StringVector keys = params.keys();
            for (long i = 0; i < keys.size(); i++) {
                String name = keys.get(i).getString();
                Tensor p = params.get(name);
                if (p.dim() != 1) continue;
                double base = name.contains("prelu") ? 0.25 : name.endsWith(".weight") ? 1.0 : 0.0;
                p.copy_(Tensors.randn(p.size(0)).mul(Tensors.scalar(0.1)).add(Tensors.scalar(base)));
            }
        }
        // running statistics of real activations: BN momentum 0.1, so 12 passes take them ~72% of the way
        int s = spec.inputSize();
        float[] faces = ExportCheck.syntheticFaces(8, s);
        e.train(true);
        for (int pass = 0; pass < 12; pass++) {
            try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                e.forward(Tensors.of(faces, 8, 3, s, s));
            }
        }
        e.train(false);
        return e;
    }
}
