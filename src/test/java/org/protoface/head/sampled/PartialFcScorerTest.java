package org.protoface.head.sampled;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.protoface.head.Scores;
import org.protoface.head.StateBudgetExceededException;
import org.protoface.torch.Torch;
import org.protoface.testing.ResidentMemory;
import org.protoface.testing.RetainedHeap;
import org.protoface.torch.Tensors;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.pytorch.global.torch.ScalarType;
import static org.bytedeco.pytorch.global.torch.clamp;
import static org.bytedeco.pytorch.global.torch.cross_entropy;
import static org.bytedeco.pytorch.global.torch.normalize;
import static org.bytedeco.pytorch.global.torch.one_hot;

class PartialFcScorerTest {

    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** CosFace written here with plain torch ops: s * (cos - m * onehot(target)). */
    private static Tensor cosFaceLogits(Tensor cosines, Tensor targets, double s, double m) {
        long classes = Tensors.shape(cosines)[1];
        Tensor margin = one_hot(targets, classes).to(ScalarType.Float).mul(new Scalar(m));
        return cosines.sub(margin).mul(new Scalar(s));
    }

    @Test
    void fullRateEqualsAnIndependentFullSoftmax() {
        int n = 50, d = 16, b = 12;
        Torch.manualSeed(1);
        PartialFcScorer scorer = new PartialFcScorer(n, d, PartialFcConfig.defaults().withSampleRate(1.0));
        Tensor centres = scorer.copyOfCentres();
        float[] data = TestData.gaussian(b * d, 2);
        long[] labels = TestData.labels(b, n, 3);

        Tensor emb = TestData.embeddings(data, b, d);
        Scores scores = scorer.score(emb, Tensors.ofLongs(labels), 0);
        assertThat(scorer.sampledRows()).hasSize(n);
        Tensor loss = cross_entropy(cosFaceLogits(scores.cosines(), scores.targets(), 30, 0.35), scores.targets());
        loss.backward();

        Tensor refEmb = TestData.embeddings(data, b, d);
        Tensor refCos = clamp(normalize(refEmb).mm(normalize(centres).t()),
                new ScalarOptional(new Scalar(-1.0)), new ScalarOptional(new Scalar(1.0)));
        Tensor refTargets = Tensors.ofLongs(labels);
        Tensor refLoss = cross_entropy(cosFaceLogits(refCos, refTargets, 30, 0.35), refTargets);
        refLoss.backward();

        assertThat(loss.item_double()).isCloseTo(refLoss.item_double(), within(1e-5));
        float[] grad = Tensors.floats(emb.grad());
        float[] refGrad = Tensors.floats(refEmb.grad());
        for (int i = 0; i < grad.length; i++) assertThat((double) grad[i]).isCloseTo(refGrad[i], within(1e-5));
        double largest = 0;
        for (float g : refGrad) largest = Math.max(largest, Math.abs(g));
        assertThat(largest).as("the comparison is not vacuous").isGreaterThan(1e-3);
    }

    @Test
    void everyPositiveIsSampledAndTargetsPointAtTheLabel() {
        int n = 1000, d = 4, b = 64;
        for (double rate : new double[] {0.03, 0.25, 0.0}) {
            PartialFcScorer scorer = new PartialFcScorer(n, d, PartialFcConfig.defaults().withSampleRate(rate));
            long wantedRows = new BigDecimal(Double.toString(rate)).multiply(BigDecimal.valueOf(n))
                    .setScale(0, RoundingMode.CEILING).longValue();
            for (int batch = 0; batch < 150; batch++) {
                long[] labels = TestData.labels(b, n, 1000L * batch + 7);
                Scores scores = scorer.score(Tensors.zeros(b, d).add(new Scalar(1.0)), Tensors.ofLongs(labels), batch);
                long[] rows = scorer.sampledRows();
                Set<Long> labelSet = new HashSet<>();
                for (long l : labels) labelSet.add(l);

                assertThat(rows).doesNotHaveDuplicates();
                assertThat(rows.length).isEqualTo(Math.max(labelSet.size(), wantedRows));
                for (long l : labelSet) assertThat(rows).contains(l);
                long[] targets = Tensors.longs(scores.targets());
                for (int i = 0; i < b; i++) assertThat(rows[(int) targets[i]]).isEqualTo(labels[i]);
                assertThat(Tensors.shape(scores.cosines())).containsExactly(b, rows.length);
            }
        }
    }

    @Test
    void rowsPerStepUsesTheDecimalRate() {
        assertThat(new NegativeSampling.Rate(0.3).rowsPerStep(10)).isEqualTo(3);
        assertThat(new NegativeSampling.Rate(0.03).rowsPerStep(1000)).isEqualTo(30);
        assertThat(new NegativeSampling.Rate(0.1).rowsPerStep(1001)).isEqualTo(101);
        assertThat(new NegativeSampling.Rate(0.1).negatives(1000, 120)).isZero();
        assertThat(new NegativeSampling.Rate(1.0).negatives(1000, 120)).isEqualTo(880);
        assertThat(new NegativeSampling.Count(16).negatives(20, 10)).isEqualTo(10);
    }

    @Test
    void describesItself() {
        assertThat(new PartialFcScorer(1000, 128, PartialFcConfig.defaults()).describe())
                .isEqualTo("partial fc N=1000 d=128 r=0.1 (100 rows/step)");
        DSoftmaxKConfig k = new DSoftmaxKConfig(16, 64, 0.9, 0, 0.9, 5e-4, 50, 0);
        assertThat(k.scorer(1000, 128).describe()).isEqualTo("d-softmax-k N=1000 K=16");
        assertThat(k.loss().describe()).isEqualTo("d-softmax s=64 d=0.9 t=0");
    }

    @Test
    void ownsItsStateOutsideTheOptimizer() {
        PartialFcScorer small = new PartialFcScorer(300, 32, PartialFcConfig.defaults());
        assertThat(small.optimizerParameters()).isEmpty();
        assertThat(PartialFcScorer.requiredBytes(300, 32)).isEqualTo(small.stateBytes());
        // the reported state against what four million classes actually hold: the native bytes of
        // the module's buffers (centres, momentum, last-update steps, sampler position) and the Java
        // heap the scorer keeps alive (the sampler's per-class bits, about 0.5 MB)
        long n = 4_000_000;
        PartialFcScorer[] big = new PartialFcScorer[1];
        long heap = RetainedHeap.of(() -> big[0] = new PartialFcScorer(n, 2, PartialFcConfig.defaults()));
        long tensors = 0;
        org.bytedeco.pytorch.TensorVector buffers = big[0].buffers();
        for (long i = 0; i < buffers.size(); i++) tensors += buffers.get(i).nbytes();
        assertThat(tensors).isEqualTo(2 * n * 2 * Float.BYTES + n * Long.BYTES + Long.BYTES);
        long measured = tensors + heap;
        assertThat((double) big[0].stateBytes()).as("reported %d, measured %d", big[0].stateBytes(), measured)
                .isCloseTo(measured, within(0.02 * measured));
    }

    @Test
    void refusesAnImpossibleSizeBeforeAllocating() {
        long n = 10_000_000_000L;
        int d = 512;
        long before = ResidentMemory.bytes();
        assertThatThrownBy(() -> new PartialFcScorer(n, d, PartialFcConfig.defaults()))
                .isInstanceOf(StateBudgetExceededException.class)
                .satisfies(e -> {
                    Matcher m = Pattern.compile("partial fc needs (\\d+\\.\\d\\d) GiB for 10000000000 identities, (\\d+\\.\\d\\d) GiB available")
                            .matcher(e.getMessage());
                    assertThat(m.matches()).as(e.getMessage()).isTrue();
                    // the figure the scorer reports as its state (measured against real state in ownsItsStateOutsideTheOptimizer)
                    assertThat(m.group(1)).isEqualTo(String.format(Locale.ROOT, "%.2f", PartialFcScorer.requiredBytes(n, d) / Math.pow(2, 30)));
                });
        assertThat(ResidentMemory.bytes() - before).isLessThan(256L << 20);
        assertThat(PartialFcScorer.requiredBytes(n, d)).isGreaterThan(40_000_000_000_000L);
    }

    @Test
    void rejectsBadInputWithClearMessages() {
        PartialFcScorer scorer = new PartialFcScorer(10, 4, PartialFcConfig.defaults());
        assertThatThrownBy(() -> scorer.score(Tensors.zeros(2, 4), Tensors.ofLongs(3, 10), 0))
                .hasMessage("partial fc: label 10 of sample 1 is outside [0, 10)");
        assertThatThrownBy(() -> scorer.score(Tensors.zeros(2, 5), Tensors.ofLongs(3, 4), 0))
                .hasMessageContaining("embeddings must be B x 4");
        assertThatThrownBy(() -> new PartialFcConfig(1.5, 0.9, 5e-4, 50, 0)).hasMessageContaining("sample_rate");

        Tensor emb = TestData.embeddings(TestData.gaussian(8, 1), 2, 4);
        scorer.score(emb, Tensors.ofLongs(3, 4), 5);
        assertThatThrownBy(() -> scorer.afterOptimizerStep(5, 0.1)).hasMessageContaining("no gradient reached the sampled centres at step 5");
        assertThatThrownBy(() -> scorer.afterOptimizerStep(6, 0.1)).hasMessageContaining("sampled at step 5");
    }
}
