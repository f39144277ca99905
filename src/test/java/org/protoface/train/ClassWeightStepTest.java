package org.protoface.train;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.config.Config;
import org.protoface.data.loader.Batch;
import org.protoface.data.loader.LoadedBatch;
import org.protoface.encoder.Encoder;
import org.protoface.encoder.EncoderSpec;
import org.protoface.encoder.GraphSink;
import org.protoface.head.Head;
import org.protoface.head.HeadSize;
import org.protoface.head.MarginSoftmaxHead;
import org.protoface.head.ReferenceMath;
import org.protoface.head.registry.HeadKinds;
import org.protoface.head.sampled.PartialFcScorer;
import org.protoface.torch.Device;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Two training steps of each classifier baseline as the trainer takes them (TrainStep: encoder
 * forward, head loss, backward, clipping, the shared optimizer, the head's own update), with the
 * class weights after each step checked against a double-precision computation written from the
 * definitions: the CosFace softmax cross-entropy's (or the dissected softmax's) gradient with
 * respect to each class weight through the cosine's normalisation, then PyTorch's SGD rule (weight
 * decay added to the gradient, momentum 0.9, the step's learning rate).
 *
 * <p>The encoder is a stand-in whose embeddings are given per step plus a trainable shift; its
 * gradient is clipped to 1e-3, far below its norm, so a class weight that were clipped with the
 * encoder, decayed with another rate, or stepped with another learning rate would miss the
 * reference by orders of magnitude more than float32 rounding. (The margin, loss and optimizer
 * rules have their own tests: head.margin, head.loss, train.ParameterOptimizerTest and
 * head.sampled.PartialFcUpdateTest; this one checks the baselines as composed for training.)
 */
class ClassWeightStepTest {
    static final int N = 10, D = 4, B = 6, IMAGE = 2;
    static final double S = 8, M = 0.3, WD = 0.05, CLIP = 1e-3;
    static final double[] LR = {0.5, 0.3};
    static final int[][] LABELS = {{0, 0, 2, 2, 5, 5}, {2, 2, 7, 7, 9, 9}};
    /** Relative tolerance: float32 arithmetic over a few hundred operations, with room to spare. */
    static final double TOLERANCE = 2e-4;

    @TempDir
    Path dir;

    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void fullSoftmaxWeightsFollowTheReferenceAndAreNotClipped() {
        Run run = new Run(List.of("head=full"));
        double[][] w = matrix(Tensors.floats(run.head.optimizerParameters().get(0)), N);
        double[][] buffer = null;
        for (int t = 0; t < 2; t++) {
            StepOutcome out = run.step(t);
            assertThat(out.gradNorm()).as("the encoder's gradient norm is far above the clip limit").isGreaterThan(100 * CLIP);
            double[][] grad = cosFaceGradient(run.seen.get(t), LABELS[t], w, allRows());
            double[][] decayed = add(grad, w, WD);
            // torch.optim.SGD: the momentum buffer starts as the first step's gradient
            buffer = buffer == null ? decayed : add(decayed, buffer, 0.9);
            w = add(w, buffer, -LR[t]);
            assertClose(matrix(Tensors.floats(run.head.optimizerParameters().get(0)), N), w, "W after step " + t);
        }
    }

    @Test
    void partialFcUpdatesItsSampledRowsByTheSampledSoftmaxAndNothingElse() {
        Run run = new Run(List.of("head=pfc", "pfc.sample_rate=0.6", "pfc.weight_decay=" + WD, "pfc.drift_every=1"));
        PartialFcScorer scorer = (PartialFcScorer) ((MarginSoftmaxHead) run.head).scorer();
        double[][] w = matrix(Tensors.floats(scorer.copyOfCentres()), N);
        double[][] momentum = new double[N][D];
        for (int t = 0; t < 2; t++) {
            run.step(t);
            long[] rows = scorer.sampledRows();
            assertThat(rows).as("ceil(0.6 x 10) rows: the 3 batch classes and 3 negatives").hasSize(6);
            double[][] grad = cosFaceGradient(run.seen.get(t), LABELS[t], w, rows);
            for (int k = 0; k < rows.length; k++) {
                int c = (int) rows[k];
                for (int j = 0; j < D; j++) {
                    momentum[c][j] = 0.9 * momentum[c][j] + grad[c][j] + WD * w[c][j];
                    w[c][j] -= LR[t] * momentum[c][j];
                }
            }
            assertClose(matrix(Tensors.floats(scorer.copyOfCentres()), N), w, "centres after step " + t);
        }
    }

    @Test
    void dSoftmaxKUpdatesItsRowsByTheDissectedSoftmaxGradient() {
        double s = 8, d = 0.5, threshold = 0.1;
        Run run = new Run(List.of("head=dsoftmax", "dsoftmax.negatives=2", "dsoftmax.scale=" + s, "dsoftmax.intra_threshold=" + d,
                "dsoftmax.inter_threshold=" + threshold, "dsoftmax.weight_decay=" + WD));
        PartialFcScorer scorer = (PartialFcScorer) ((MarginSoftmaxHead) run.head).scorer();
        double[][] w = matrix(Tensors.floats(scorer.copyOfCentres()), N);
        double[][] momentum = new double[N][D];
        for (int t = 0; t < 2; t++) {
            run.step(t);
            long[] rows = scorer.sampledRows();
            assertThat(rows).as("the 3 batch classes and K = 2 negatives").hasSize(5);
            double[][] x = run.seen.get(t);
            double[][] cos = cosines(x, w, rows);
            int[] target = targets(LABELS[t], rows);
            double[][] dCos = new double[B][rows.length];
            for (int i = 0; i < B; i++) {
                double denominator = 1;
                for (int k = 0; k < rows.length; k++) if (k != target[i]) denominator += Math.exp(s * (cos[i][k] - threshold));
                for (int k = 0; k < rows.length; k++) {
                    if (k == target[i]) {
                        double e = Math.exp(s * (d - cos[i][k]));
                        dCos[i][k] = -s * e / (1 + e) / B;
                    } else {
                        dCos[i][k] = s * Math.exp(s * (cos[i][k] - threshold)) / denominator / B;
                    }
                }
            }
            double[][] grad = weightGradient(x, w, rows, cos, dCos);
            for (long row : rows) {
                int c = (int) row;
                for (int j = 0; j < D; j++) {
                    momentum[c][j] = 0.9 * momentum[c][j] + grad[c][j] + WD * w[c][j];
                    w[c][j] -= LR[t] * momentum[c][j];
                }
            }
            assertClose(matrix(Tensors.floats(scorer.copyOfCentres()), N), w, "centres after step " + t);
        }
    }

    /** A head of the registry with a stand-in encoder, stepped by the real TrainStep. */
    private final class Run {
        final Head head;
        final GivenEmbeddings encoder = new GivenEmbeddings();
        final TrainStep trainStep;
        final List<double[][]> seen = encoder.seen;

        Run(List<String> headKeys) {
            Torch.manualSeed(3);
            List<String> keys = new ArrayList<>(List.of("margin.type=cosface", "margin.s=" + S, "margin.m3=" + M));
            keys.addAll(headKeys);
            Config cfg = Config.load("base", keys);
            head = HeadKinds.create(cfg, new HeadSize(N, D, B, 3), Device.CPU);
            OptimConfig optim = new OptimConfig("sgd", LR[0], 0.9, WD, true, CLIP, 0.9, 0.999, 1e-8);
            trainStep = new TrainStep(new TrainSetup(encoder, head, optim, ScheduleConfig.SECTION.defaults(),
                    LoopConfig.SECTION.defaults(), dir, GradientSync.LOCAL, Device.CPU));
        }

        StepOutcome step(int t) {
            int[] indices = new int[B];
            Batch batch = new Batch(t, LABELS[t], indices, 0, 0);
            return trainStep.run(new LoadedBatch(batch, new float[B * 3 * IMAGE * IMAGE], IMAGE, new long[0], 0, 0), t, LR[t]);
        }
    }

    /**
     * Embeddings given per step (Gaussian, seeded) plus a trainable shift of d values, so the
     * encoder has a gradient to clip; records what the head saw.
     */
    private static final class GivenEmbeddings extends Encoder {
        final Tensor shift;
        final List<double[][]> seen = new ArrayList<>();
        private final Random random = new Random(11);

        GivenEmbeddings() {
            shift = register_parameter("shift", Tensors.zeros(D));
        }

        @Override
        public Tensor forward(Tensor images) {
            float[] x = new float[B * D];
            for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
            Tensor out = Tensors.of(x, B, D).add(shift);
            seen.add(matrix(Tensors.floats(out.detach()), B));
            return out;
        }

        @Override
        public EncoderSpec spec() {
            return new EncoderSpec("given", 0, 1.0, IMAGE, D, 0.0);
        }

        @Override
        public GraphSink.Value describe(GraphSink sink, GraphSink.Value images) {
            throw new UnsupportedOperationException("a stand-in");
        }

        @Override
        public double gflopsPerImage() {
            return 0;
        }
    }

    /** d/dW of mean_i CE(s (cos_i - m [target])) over the columns {@code rows}; zero for other rows. */
    static double[][] cosFaceGradient(double[][] x, int[] labels, double[][] w, long[] rows) {
        double[][] cos = cosines(x, w, rows);
        int[] target = targets(labels, rows);
        double[][] dCos = new double[x.length][rows.length];
        for (int i = 0; i < x.length; i++) {
            double[] logits = new double[rows.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < rows.length; k++) {
                logits[k] = S * (cos[i][k] - (k == target[i] ? M : 0));
                max = Math.max(max, logits[k]);
            }
            double sum = 0;
            for (int k = 0; k < rows.length; k++) sum += Math.exp(logits[k] - max);
            for (int k = 0; k < rows.length; k++) {
                double p = Math.exp(logits[k] - max) / sum;
                dCos[i][k] = S * (p - (k == target[i] ? 1 : 0)) / x.length;
            }
        }
        return weightGradient(x, w, rows, cos, dCos);
    }

    /** Chain rule through cos = x^ . w / |w|: d cos / d w = (x^ - cos w^) / |w|. */
    static double[][] weightGradient(double[][] x, double[][] w, long[] rows, double[][] cos, double[][] dCos) {
        double[][] grad = new double[w.length][w[0].length];
        for (int k = 0; k < rows.length; k++) {
            int c = (int) rows[k];
            double norm = Math.sqrt(ReferenceMath.dot(w[c], w[c]));
            double[] wUnit = ReferenceMath.normalize(w[c]);
            for (int i = 0; i < x.length; i++) {
                double[] xUnit = ReferenceMath.normalize(x[i]);
                for (int j = 0; j < w[c].length; j++) grad[c][j] += dCos[i][k] * (xUnit[j] - cos[i][k] * wUnit[j]) / norm;
            }
        }
        return grad;
    }

    static double[][] cosines(double[][] x, double[][] w, long[] rows) {
        double[][] cos = new double[x.length][rows.length];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < rows.length; k++) {
                cos[i][k] = ReferenceMath.dot(ReferenceMath.normalize(x[i]), ReferenceMath.normalize(w[(int) rows[k]]));
            }
        }
        return cos;
    }

    static int[] targets(int[] labels, long[] rows) {
        int[] t = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            t[i] = -1;
            for (int k = 0; k < rows.length; k++) if (rows[k] == labels[i]) t[i] = k;
            assertThat(t[i]).as("label %d among the scored rows %s", labels[i], Arrays.toString(rows)).isNotNegative();
        }
        return t;
    }

    static long[] allRows() {
        long[] r = new long[N];
        for (int i = 0; i < N; i++) r[i] = i;
        return r;
    }

    /** a + f b, elementwise. */
    static double[][] add(double[][] a, double[][] b, double f) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) out[i][j] = a[i][j] + f * b[i][j];
        }
        return out;
    }

    static double[][] matrix(float[] flat, int rows) {
        int cols = flat.length / rows;
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i][j] = flat[i * cols + j];
        return m;
    }

    /** Each row within TOLERANCE of its own largest entry (rows range from 0.01 at initialisation to tens after an update). */
    static void assertClose(double[][] actual, double[][] expected, String what) {
        for (int i = 0; i < expected.length; i++) {
            double scale = 0;
            for (double v : expected[i]) scale = Math.max(scale, Math.abs(v));
            for (int j = 0; j < expected[i].length; j++) {
                assertThat(actual[i][j]).as("%s [%d][%d]", what, i, j).isCloseTo(expected[i][j], within(TOLERANCE * scale));
            }
        }
    }
}
