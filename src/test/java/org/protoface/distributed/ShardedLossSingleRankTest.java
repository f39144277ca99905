package org.protoface.distributed;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.protoface.head.margin.CurricularFace;
import org.protoface.head.full.FullSoftmaxScorer;
import org.protoface.head.ClassUpdate;
import org.protoface.head.HeadStep;
import org.protoface.head.shard.ShardedLossFunction;
import org.protoface.head.shard.ShardedMarginSoftmaxHead;
import org.protoface.torch.Device;
import org.protoface.head.Margin;
import org.protoface.head.MarginSoftmaxHead;
import org.protoface.head.margin.NormFace;
import org.protoface.head.loss.SoftmaxCrossEntropy;
import org.protoface.head.loss.DissectedSoftmaxLoss;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The cross-rank losses with a world of one, where every collective is the identity: the
 * surrogate construction alone must reproduce the single-process loss and gradients. (The
 * two-rank job in {@link TwoRankTest} covers the collectives.)
 */
class ShardedLossSingleRankTest {
    @Test
    void shardedSoftmaxOnOneRankIsTheFullSoftmax() {
        Torch.init();
        for (Map.Entry<String, Margin> m : TwoRankFixtures.margins().entrySet()) {
            FullSoftmaxScorer shard = new FullSoftmaxScorer(ClassShard.of(TwoRankFixtures.MP_CLASSES, 0, 1), TwoRankFixtures.MP_DIM,
                    ClassUpdate.DEFAULT, TwoRankFixtures.MP_SEED, Device.CPU);
            ShardedMarginSoftmaxHead sharded = new ShardedMarginSoftmaxHead(Collectives.single(), shard, m.getValue(),
                    ShardedLossFunction.crossEntropy());
            Tensor local = TwoRankFixtures.mpEmbeddings(-1).set_requires_grad(true);
            HeadStep step = sharded.forward(local, TwoRankFixtures.mpLabels(-1), 0);
            step.loss().backward();
            float[] embeddingGrad = Tensors.floats(step.gathered().localGradient());

            FullSoftmaxScorer scorer = new FullSoftmaxScorer(TwoRankFixtures.MP_CLASSES, TwoRankFixtures.MP_DIM);
            try (NoGradGuard g = new NoGradGuard()) {
                scorer.weight().copy_(shard.weight().detach());
            }
            Tensor leaf = TwoRankFixtures.mpEmbeddings(-1).set_requires_grad(true);
            HeadStep ref = new MarginSoftmaxHead(scorer, m.getValue(), new SoftmaxCrossEntropy()).forward(leaf, TwoRankFixtures.mpLabels(-1), 0);
            ref.loss().backward();

            assertThat(step.loss().item_double()).as(m.getKey()).isCloseTo(ref.loss().item_double(), within(1e-5 * ref.loss().item_double()));
            assertThat(step.telemetry().get("train_acc")).isEqualTo(ref.telemetry().get("train_acc"));
            assertThat(step.telemetry().get("target_cos_mean")).isCloseTo(ref.telemetry().get("target_cos_mean"), within(1e-6));
            TwoRankTest.assertClose(m.getKey() + " embedding gradient", embeddingGrad, Tensors.floats(leaf.grad()));
            TwoRankTest.assertClose(m.getKey() + " weight gradient", Tensors.floats(shard.weight().grad()), Tensors.floats(scorer.weight().grad()));
        }
    }

    @Test
    void shardedDissectedSoftmaxOnOneRankIsTheDissectedSoftmax() {
        Torch.init();
        Tensor w = ShardInit.normalRows(TwoRankFixtures.MP_SEED, 0, TwoRankFixtures.MP_CLASSES, TwoRankFixtures.MP_DIM, 0.01).set_requires_grad(true);
        Tensor e = TwoRankFixtures.mpEmbeddings(-1).set_requires_grad(true);
        Tensor labels = TwoRankFixtures.mpLabels(-1);
        Tensor cos = Tensors.clamp(torch.mm(Tensors.l2normalize(e), Tensors.l2normalize(w).t()), -1, 1);
        ClassShard all = ClassShard.of(TwoRankFixtures.MP_CLASSES, 0, 1);
        ShardedLoss sharded = new ShardedDissectedSoftmax(16, 0.5, 0.1).loss(Collectives.single(), cos, all.localTargets(labels));
        sharded.tensor().backward();

        Tensor w2 = w.detach().clone().set_requires_grad(true);
        Tensor e2 = TwoRankFixtures.mpEmbeddings(-1).set_requires_grad(true);
        Tensor cos2 = Tensors.clamp(torch.mm(Tensors.l2normalize(e2), Tensors.l2normalize(w2).t()), -1, 1);
        Tensor ref = new DissectedSoftmaxLoss(16, 0.5, 0.1).loss(new NormFace(16).logits(cos2, labels), cos2, labels);
        ref.backward();

        assertThat(sharded.value()).isCloseTo(ref.item_double(), within(1e-5 * ref.item_double()));
        TwoRankTest.assertClose("d-softmax embedding gradient", Tensors.floats(e.grad()), Tensors.floats(e2.grad()));
        TwoRankTest.assertClose("d-softmax weight gradient", Tensors.floats(w.grad()), Tensors.floats(w2.grad()));
    }

    @Test
    void localGradientScalesTheLeafGradientForTheEncoder() {
        Torch.init();
        Tensor local = Tensors.of(new float[] {1, 2, 3, 4}, 2, 2).set_requires_grad(true);
        // labels past 2^24 and negative: they travel as raw bits beside the embeddings, never as float values
        long[] labels = {(1L << 40) + 3, -7};
        GatheredEmbeddings g = GatheredEmbeddings.gather(new RowGather(Collectives.single()), local, Tensors.ofLongs(labels, 2));
        assertThat(Tensors.longs(g.labels())).containsExactly(labels);
        assertThat(Tensors.floats(g.leaf())).containsExactly(1, 2, 3, 4);
        assertThat(g.leaf().requires_grad()).isTrue();
        assertThat(g.leaf().is_leaf()).isTrue();
        g.leaf().mul(Tensors.of(new float[] {1, -1, 2, 0.5f}, 2, 2)).sum().backward();
        assertThat(local.grad().defined()).as("the head's backward stops at the leaf").isFalse();
        assertThat(Tensors.floats(g.localGradient(GatheredEmbeddings.Reduction.NONE, 3.0))).containsExactly(3, -3, 6, 1.5f);
        assertThat(Tensors.floats(g.localGradient(GatheredEmbeddings.Reduction.SUM, 1.0))).containsExactly(1, -1, 2, 0.5f);
    }

    @Test
    void curricularFaceCannotBeSharded() {
        Torch.init();
        FullSoftmaxScorer shard = new FullSoftmaxScorer(ClassShard.of(11, 0, 1), 4, ClassUpdate.DEFAULT, 1, Device.CPU);
        assertThatThrownBy(() -> new ShardedMarginSoftmaxHead(Collectives.single(), shard, new CurricularFace(64, 0.5, 0.99, true),
                ShardedLossFunction.crossEntropy()))
                .hasMessageStartingWith("margin curricularface cannot be used with class centres split across ranks");
    }
}
