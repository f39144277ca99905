package org.protoface.encoder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.torch.Torch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Checks the analytic cost against published figures and the built networks against a parameter
 * formula written here from the architecture description.
 */
class EncoderCostTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    /**
     * Trainable parameters of IResNet, straight from the description: conv weights, 2 per
     * affine BN channel, 1 per PReLU channel, FC weight + bias, and the embedding BN's shift only.
     */
    static double iresnetParams(int[] units, double width, int inputSize, int d) {
        int[] base = {64, 128, 256, 512};
        double c = Math.max(8, Math.round(64 * width));
        double p = 27 * c + 2 * c + c; // stem conv, BN, PReLU
        for (int s = 0; s < 4; s++) {
            double b = Math.max(8, Math.round(base[s] * width));
            // first unit: BN(in), conv3x3 in->b, BN, PReLU, conv3x3 b->b, BN, 1x1 shortcut + BN
            p += 2 * c + 9 * c * b + 2 * b + b + 9 * b * b + 2 * b + c * b + 2 * b;
            // remaining units: same without the shortcut, in == out == b
            p += (units[s] - 1) * (2 * b + 9 * b * b + 2 * b + b + 9 * b * b + 2 * b);
            c = b;
        }
        double side = inputSize / 16.0;
        return p + 2 * c + c * side * side * d + d + d;
    }

    @Test
    void builtIResNetsMatchTheParameterFormula() {
        Torch.manualSeed(0);
        Encoder r18 = Encoders.create(EncoderSpec.iresnet(18, 1.0, 112, 512));
        assertThat((double) r18.parameterCount()).isEqualTo(iresnetParams(new int[] {2, 2, 2, 2}, 1.0, 112, 512));
        Encoder r50 = Encoders.create(EncoderSpec.iresnet(50, 1.0, 112, 512));
        assertThat((double) r50.parameterCount()).isEqualTo(iresnetParams(new int[] {3, 4, 14, 3}, 1.0, 112, 512));
        // published size of arcface_torch r50 at d = 512
        assertThat(r50.parameterCount() / 1e6).isCloseTo(43.6, within(0.05));
        Encoder narrow = Encoders.create(EncoderSpec.iresnet(18, 0.25, 48, 128));
        assertThat((double) narrow.parameterCount()).isEqualTo(iresnetParams(new int[] {2, 2, 2, 2}, 0.25, 48, 128));
    }

    @Test
    void staticCostAgreesWithTheBuiltNetwork() {
        for (EncoderSpec spec : new EncoderSpec[] {
                EncoderSpec.iresnet(34, 0.25, 32, 64),
                EncoderSpec.iresnet(18, 0.1, 48, 32), // width below the 8-channel floor in stage 1
                new EncoderSpec("mobilefacenet", 0, 0.5, 64, 128, 0.0)}) {
            Torch.manualSeed(0);
            Encoder e = Encoders.create(spec);
            assertThat(Encoders.cost(spec).parameters()).as(spec.toString()).isEqualTo(e.parameterCount());
            assertThat(e.gflopsPerImage()).isEqualTo(2 * Encoders.cost(spec).gmacs(), within(1e-12));
        }
    }

    @Test
    void iresnetMacsMatchTheArcFaceTables() {
        // arcface_torch's "GFLOPs" for IResNet at 112x112, d = 512, are GMACs (as ptflops reports)
        assertThat(IResNet.cost(EncoderSpec.iresnet(18, 1.0, 112, 512)).gmacs()).isCloseTo(2.6, withinPercentage(5));
        assertThat(IResNet.cost(EncoderSpec.iresnet(50, 1.0, 112, 512)).gmacs()).isCloseTo(6.3, withinPercentage(5));
        assertThat(IResNet.cost(EncoderSpec.iresnet(100, 1.0, 112, 512)).gmacs()).isCloseTo(12.1, withinPercentage(5));
        assertThat(IResNet.cost(EncoderSpec.iresnet(200, 1.0, 112, 512)).gmacs()).isCloseTo(23.5, withinPercentage(5));
    }

    @Test
    void mobileFaceNetMatchesThePaper() {
        // Chen et al. 2018: 221M MAdds and 0.99M parameters at 112x112 with a 128-d embedding;
        // quoted as 0.45 GFLOPs (= 2 x MACs) in method.md.
        EncoderCost paper = MobileFaceNet.cost(new EncoderSpec("mobilefacenet", 0, 1.0, 112, 128, 0.0));
        assertThat(paper.macs() / 1e6).isCloseTo(221, withinPercentage(2));
        assertThat(paper.parameters() / 1e6).isCloseTo(0.99, withinPercentage(3));
        assertThat(MobileFaceNet.cost(new EncoderSpec("mobilefacenet", 0, 1.0, 112, 512, 0.0)).gflops())
                .isCloseTo(0.45, withinPercentage(5));
    }

    @Test
    void costScalesWithInputArea() {
        // convolutions dominate and scale with pixels: halving the side divides the conv MACs by 4
        EncoderCost big = MobileFaceNet.cost(new EncoderSpec("mobilefacenet", 0, 1.0, 128, 128, 0.0));
        EncoderCost small = MobileFaceNet.cost(new EncoderSpec("mobilefacenet", 0, 1.0, 64, 128, 0.0));
        double headMacs = 512.0 * 128; // the final 1x1 conv works on a 1x1 map at any input size
        // GDConv cost is per-position and its map covers the whole final feature, so it scales too
        assertThat((big.macs() - headMacs) / (small.macs() - headMacs)).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void widthMultiplierRoundsAndFloorsChannels() {
        assertThat(Channels.scaled(64, 0.25)).isEqualTo(16);
        assertThat(Channels.scaled(64, 0.1)).isEqualTo(8);
        assertThat(Channels.scaled(100, 0.333)).isEqualTo(33);
        assertThat(Channels.scaled(512, 1.0)).isEqualTo(512);
    }
}
