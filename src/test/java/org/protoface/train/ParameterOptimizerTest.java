package org.protoface.train;

import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.Encoders;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The optimiser's rules against a hand computation in double precision: SGD with momentum and
 * PyTorch's weight decay, no decay for 1-D tensors under no_decay_bn_bias, clipping of the
 * encoder's gradients only, and AdamW's bias-corrected moments with decoupled weight decay.
 */
class ParameterOptimizerTest {
    /** float32 arithmetic against double: a few ulps of values of order 1 over a handful of steps. */
    private static final double FLOAT_TOLERANCE = 2e-6;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    private static OptimConfig sgd(double lr, double momentum, double wd, boolean noDecay, double clip) {
        return new OptimConfig("sgd", lr, momentum, wd, noDecay, clip, 0.9, 0.999, 1e-8);
    }

    private static Tensor leaf(double[] values, long... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        Tensor t = Tensors.of(f, shape);
        t.set_requires_grad(true);
        return t;
    }

    private static double[] gaussian(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (float) (scale * r.nextGaussian());   // representable in float32
        return v;
    }

    private static double[] values(Tensor t) {
        float[] f = Tensors.floats(t.detach());
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** Fills each parameter's gradient with exactly the given values: backward of sum(p * g). */
    private static void setGradients(ParameterOptimizer opt, List<Tensor> params, List<double[]> grads) {
        opt.zeroGrad();
        Tensor loss = null;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor g = Tensors.of(toFloats(grads.get(i)), Tensors.shape(p));
            Tensor term = p.mul(g).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private static void assertClose(double[] actual, double[] expected, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double tol = FLOAT_TOLERANCE * Math.max(1, Math.abs(expected[i]));
            assertThat(actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(tol));
        }
    }

    /** The parameters of a small encoder: a 4-D conv weight, a 2-D linear weight, and 1-D BatchNorm weight, bias, PReLU slope. */
    private static final long[][] ENCODER_SHAPES = {{2, 1, 2, 2}, {3, 4}, {3}, {3}, {1}};

    @Test
    void sgdDecaysEverythingButOneDimensionalEncoderTensorsAndFollowsPyTorchMomentum() {
        double wd = 0.1, momentum = 0.9;
        double[] lrs = {0.5, 0.3, 0.2};   // changed between steps as the schedule does
        Random r = new Random(5);
        List<Tensor> encoder = new ArrayList<>();
        List<double[]> expected = new ArrayList<>();
        for (long[] shape : ENCODER_SHAPES) {
            int n = 1;
            for (long s : shape) n *= (int) s;
            double[] v = gaussian(r, n, 1.0);
            encoder.add(leaf(v, shape));
            expected.add(v.clone());
        }
        double[] headInit = gaussian(r, 8, 1.0);
        Tensor headWeight = leaf(headInit, 4, 2);   // a full softmax's class matrix: always decayed
        expected.add(headInit.clone());
        List<Tensor> all = new ArrayList<>(encoder);
        all.add(headWeight);

        ParameterOptimizer opt = ParameterOptimizer.forTraining(sgd(0.5, momentum, wd, true, 0), vector(encoder), List.of(headWeight));
        List<double[]> buffers = new ArrayList<>();
        for (double[] e : expected) buffers.add(new double[e.length]);
        for (int step = 0; step < lrs.length; step++) {
            List<double[]> grads = new ArrayList<>();
            for (double[] e : expected) grads.add(gaussian(r, e.length, 1.0));
            setGradients(opt, all, grads);
            opt.setLearningRate(lrs[step]);
            opt.step();
            for (int p = 0; p < expected.size(); p++) {
                boolean oneDimensional = p < ENCODER_SHAPES.length && ENCODER_SHAPES[p].length == 1;
                double decay = oneDimensional ? 0 : wd;
                double[] w = expected.get(p), buf = buffers.get(p), g = grads.get(p);
                for (int i = 0; i < w.length; i++) {
                    double d = g[i] + decay * w[i];
                    // torch.optim.SGD: the buffer starts as the first gradient itself
                    buf[i] = step == 0 ? d : momentum * buf[i] + d;
                    w[i] -= lrs[step] * buf[i];
                }
            }
            for (int p = 0; p < all.size(); p++) assertClose(values(all.get(p)), expected.get(p), "step " + step + " parameter " + p);
        }
    }

    @Test
    void withoutNoDecayBnBiasEveryTensorIsDecayed() {
        double wd = 0.2, lr = 0.5;
        Tensor bias = leaf(new double[] {1.0, -2.0, 0.5}, 3);
        ParameterOptimizer opt = ParameterOptimizer.forTraining(sgd(lr, 0.9, wd, false, 0), vector(List.of(bias)), List.of());
        setGradients(opt, List.of(bias), List.of(new double[3]));
        opt.step();
        // zero gradient: only the decay moves it, w (1 - lr wd)
        assertClose(values(bias), new double[] {1.0 * 0.9, -2.0 * 0.9, 0.5 * 0.9}, "bias");
    }

    @Test
    void aRealEncodersBatchNormAndPreluWeightsAndBiasesAreNotDecayed() {
        Torch.manualSeed(4);
        Encoder e = Encoders.create(EncoderSpec.iresnet(18, 0.25, 32, 16));
        StringTensorDict named = e.named_parameters();
        List<String> names = new ArrayList<>();
        List<double[]> before = new ArrayList<>();
        List<Tensor> params = new ArrayList<>();
        for (long i = 0; i < named.size(); i++) {
            String name = named.keys().get(i).getString();
            names.add(name);
            // an owning handle: get() points into the dict, which the GC may free once unused
            params.add(new Tensor(named.get(name)));
            before.add(values(named.get(name)));
        }
        assertThat(names).contains("stem.prelu.weight", "stem.bn.weight", "stem.bn.bias", "head_bn.weight", "fc.bias",
                "features_bias", "fc.weight", "stem.conv.weight");
        double lr = 0.5, wd = 0.1;
        ParameterOptimizer opt = ParameterOptimizer.forTraining(sgd(lr, 0.9, wd, true, 0), e.parameters(), List.of());
        List<double[]> zeros = new ArrayList<>();
        for (double[] b : before) zeros.add(new double[b.length]);
        setGradients(opt, params, zeros);
        opt.step();
        int decayed = 0, kept = 0;
        for (int p = 0; p < names.size(); p++) {
            String name = names.get(p);
            // decided by the layer the name gives, not by the tensor rank the code looks at
            String[] parts = name.split("\\.");
            String layer = parts.length > 1 ? parts[parts.length - 2] : "";
            boolean exempt = name.endsWith("bias") || List.of("bn", "bn_in", "head_bn", "features", "prelu").contains(layer);
            double[] expected = before.get(p).clone();
            if (!exempt) {
                for (int i = 0; i < expected.length; i++) expected[i] *= 1 - lr * wd;
                decayed++;
            } else {
                kept++;
            }
            assertClose(values(params.get(p)), expected, name);
        }
        assertThat(decayed).isPositive();
        assertThat(kept).isPositive();
        // the tensors taken from the dict are views into it: freeing it (GC of an unreachable local)
        // left them dangling and crashed the JVM in detach()
        Reference.reachabilityFence(named);
        Reference.reachabilityFence(e);
    }

    @Test
    void clippingScalesTheEncodersJointGradientNormAndNeverTouchesClassWeights() {
        // encoder gradients (3, 4) and (12): joint norm 13; the head's gradient has norm 50
        Tensor a = leaf(new double[] {0.1, 0.2}, 2);
        Tensor b = leaf(new double[] {0.3}, 1);
        Tensor head = leaf(new double[] {1, 2}, 1, 2);
        List<Tensor> all = List.of(a, b, head);
        List<double[]> grads = List.of(new double[] {3, 4}, new double[] {12}, new double[] {30, 40});

        ParameterOptimizer opt = ParameterOptimizer.forTraining(sgd(0.1, 0.9, 0, true, 5.0), vector(List.of(a, b)), List.of(head));
        setGradients(opt, all, grads);
        double norm = opt.clipGradients();
        assertThat(norm).as("norm before clipping, encoder only").isCloseTo(13.0, org.assertj.core.api.Assertions.within(1e-5));
        // libtorch's clip_grad_norm_ scales by max_norm / (norm + 1e-6)
        double scale = 5.0 / (13.0 + 1e-6);
        assertClose(values(a.grad()), new double[] {3 * scale, 4 * scale}, "a.grad");
        assertClose(values(b.grad()), new double[] {12 * scale}, "b.grad");
        assertThat(Tensors.floats(head.grad())).containsExactly(30f, 40f);

        // below the limit nothing changes
        ParameterOptimizer loose = ParameterOptimizer.forTraining(sgd(0.1, 0.9, 0, true, 20.0), vector(List.of(a, b)), List.of(head));
        setGradients(loose, all, grads);
        loose.clipGradients();
        assertThat(Tensors.floats(a.grad())).containsExactly(3f, 4f);
        assertThat(Tensors.floats(b.grad())).containsExactly(12f);
    }

    @Test
    void adamWUsesBiasCorrectedMomentsAndDecoupledWeightDecay() {
        double lr = 0.05, wd = 0.5, beta1 = 0.8, beta2 = 0.95, eps = 1e-3;
        OptimConfig cfg = new OptimConfig("adamw", lr, 0.9, wd, true, 0, beta1, beta2, eps);
        Random r = new Random(8);
        double[] wInit = gaussian(r, 6, 1.0);
        double[] biasInit = gaussian(r, 3, 1.0);
        Tensor w = leaf(wInit, 2, 3);
        Tensor bias = leaf(biasInit, 3);
        ParameterOptimizer opt = ParameterOptimizer.forTraining(cfg, vector(List.of(w, bias)), List.of());
        double[][] expected = {wInit.clone(), biasInit.clone()};
        double[] decay = {wd, 0};   // the 1-D bias is exempt
        double[][] m = {new double[6], new double[3]}, v = {new double[6], new double[3]};
        for (int t = 1; t <= 4; t++) {
            List<double[]> grads = List.of(gaussian(r, 6, 1.0), gaussian(r, 3, 1.0));
            setGradients(opt, List.of(w, bias), grads);
            opt.step();
            for (int p = 0; p < 2; p++) {
                double[] x = expected[p], g = grads.get(p);
                for (int i = 0; i < x.length; i++) {
                    x[i] *= 1 - lr * decay[p];                     // decoupled: applied to w, not added to g
                    m[p][i] = beta1 * m[p][i] + (1 - beta1) * g[i];
                    v[p][i] = beta2 * v[p][i] + (1 - beta2) * g[i] * g[i];
                    double mHat = m[p][i] / (1 - Math.pow(beta1, t));
                    double vHat = v[p][i] / (1 - Math.pow(beta2, t));
                    x[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                }
            }
            assertClose(values(w), expected[0], "w after step " + t);
            assertClose(values(bias), expected[1], "bias after step " + t);
        }
    }

    // ---- clip_grad_norm: 0 means off (issue 9) ----

    // gradients of sum(w * c) are c: joint norm sqrt(3^2 + 4^2 + 12^2) = 13
    private static final float[] C1 = {3f, 4f};
    private static final float[] C2 = {12f};

    private static OptimConfig optim(double clip) {
        return new OptimConfig("sgd", 0.1, 0.9, 0.0, false, clip, 0.9, 0.999, 1e-8);
    }

    /** Parameters w1 (2), w2 (1) with gradients C1, C2, and w3 (1) that the loss never touches. */
    private static List<Tensor> parametersWithGradients() {
        Tensor w1 = Tensors.of(new float[] {1f, -1f}, 2).requires_grad_(true);
        Tensor w2 = Tensors.of(new float[] {0.5f}, 1).requires_grad_(true);
        Tensor w3 = Tensors.of(new float[] {2f}, 1).requires_grad_(true);
        w1.mul(Tensors.of(C1, 2)).sum().add(w2.mul(Tensors.of(C2, 1)).sum()).backward();
        return List.of(w1, w2, w3);
    }

    @Test
    void clipZeroMeasuresTheNormAndLeavesGradientsAlone() {
        List<Tensor> p = parametersWithGradients();
        ParameterOptimizer opt = new ParameterOptimizer(optim(0), p, List.of(), p);
        assertThat(opt.clipGradients()).isCloseTo(13.0, within(1e-5));
        assertThat(Tensors.floats(p.get(0).grad())).containsExactly(C1);
        assertThat(Tensors.floats(p.get(1).grad())).containsExactly(C2);
    }

    @Test
    void aPositiveLimitScalesTheGradientsDownToIt() {
        List<Tensor> p = parametersWithGradients();
        ParameterOptimizer opt = new ParameterOptimizer(optim(1.3), p, List.of(), p);
        assertThat(opt.clipGradients()).as("norm before clipping").isCloseTo(13.0, within(1e-5));
        // scaled by 1.3 / 13 = 0.1 (libtorch adds 1e-6 to the norm in the divisor)
        assertThat(Tensors.floats(p.get(0).grad())).containsExactly(new float[] {0.3f, 0.4f}, within(1e-5f));
        assertThat(Tensors.floats(p.get(1).grad())).containsExactly(new float[] {1.2f}, within(1e-5f));
    }

    @Test
    void aNegativeLimitIsRejectedNamingTheKey() {
        List<Tensor> p = parametersWithGradients();
        assertThatThrownBy(() -> new ParameterOptimizer(optim(-1), p, List.of(), p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("optim.clip_grad_norm must be >= 0 (0 = off), got -1.0");
    }

    private static TensorVector vector(List<Tensor> ts) {
        TensorVector v = new TensorVector();
        ts.forEach(v::push_back);
        return v;
    }
}
