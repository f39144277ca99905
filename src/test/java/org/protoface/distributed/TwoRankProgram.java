package org.protoface.distributed;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.protoface.encoder.Encoder;
import org.protoface.head.ClassUpdate;
import org.protoface.head.HeadStep;
import org.protoface.head.full.FullSoftmaxScorer;
import org.protoface.head.shard.ShardedLossFunction;
import org.protoface.head.shard.ShardedMarginSoftmaxHead;
import org.protoface.torch.Device;
import org.protoface.head.Margin;
import org.protoface.head.MarginSoftmaxHead;
import org.protoface.head.memory.PrototypeMemory;
import org.protoface.head.memory.ReplicaChecksum;
import org.protoface.head.memory.PrototypeMemoryScorer;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rank of the two-rank test job ({@link TwoRankTest}): runs every distributed piece on its
 * share of the fixtures and writes what it observed to {@code <dir>/rank-<r>.json}. It asserts
 * nothing itself; the test compares against single-process references.
 */
public final class TwoRankProgram {
    private TwoRankProgram() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        RankEnv env = RankEnv.fromEnvironment();
        Torch.init();
        Map<String, Object> out = new LinkedHashMap<>();
        try (Collectives c = Collectives.connect(env, TwoRankFixtures.DP_CONFIG)) {
            int rank = c.rank();
            out.put("rank", rank);
            out.put("world", c.worldSize());
            collectives(c, out);
            rowGather(c, out);
            dataParallel(c, out);
            modelParallel(c, out);
            dataAndModelParallel(c, out);
            prototypeExchange(c, out);
            gatheredPrototypeMemory(c, out);
        }
        // after the group is released: native allocations and a collection, so that a store or
        // group freed twice corrupts the heap now, where the checking allocator sees it
        for (int i = 0; i < 200; i++) Tensors.randn(1000, 100).sum();
        System.gc();
        Thread.sleep(300);
        Files.writeString(dir.resolve("rank-" + env.rank() + ".json"), new ObjectMapper().writeValueAsString(out));
        System.exit(0);
    }

    static void collectives(Collectives c, Map<String, Object> out) {
        int r = c.rank();
        Tensor sum = Tensors.of(new float[] {r + 1, 10 * (r + 1)}, 2);
        c.allReduceSum(sum);
        out.put("sum", Tensors.floats(sum));
        Tensor mean = Tensors.of(new float[] {r + 1, 10 * (r + 1)}, 2);
        c.allReduceMean(mean);
        out.put("mean", Tensors.floats(mean));
        Tensor max = Tensors.of(new float[] {r == 0 ? 5 : 1, r == 0 ? -3 : 2}, 2);
        c.allReduceMax(max);
        out.put("max", Tensors.floats(max));
        out.put("gather_equal", Tensors.floats(c.allGather(Tensors.of(new float[] {r, r + 0.5f}, 1, 2))));
        // rank 0: 3 rows, rank 1: 1 row
        Collectives.Gathered uneven = c.allGatherRows(Tensors.zeros(r == 0 ? 3 : 1, 2).add(Tensors.scalar(r + 1)).contiguous());
        out.put("gather_uneven", Tensors.floats(uneven.all()));
        out.put("gather_uneven_counts", uneven.counts());
        // rank 0 has nothing to contribute
        Collectives.Gathered empty = c.allGatherRows(Tensors.ofLongs(new long[r == 0 ? 0 : 2], r == 0 ? 0 : 2));
        out.put("gather_empty_counts", empty.counts());
        Tensor b = Tensors.of(new float[] {r == 1 ? 42 : 0, r == 1 ? 43 : 0}, 2);
        c.broadcast(b, 1);
        out.put("broadcast", Tensors.floats(b));
        c.barrier();
        out.put("gather_long", c.allGatherLong(100 + r));
    }

    /**
     * One {@link RowGather} through a sequence of row counts per call (rank 0, rank 1): it starts
     * with no capacity, grows, runs with room to spare and with one rank empty. Row i of rank r holds
     * (100 r + i, -(100 r + i)); the labels sent with {@link GatheredEmbeddings} are far above 2^24.
     */
    static void rowGather(Collectives c, Map<String, Object> out) {
        int r = c.rank();
        RowGather g = new RowGather(c);
        List<Object> calls = new ArrayList<>();
        for (long[] counts : TwoRankFixtures.ROW_GATHER_COUNTS) {
            long n = counts[r];
            float[] values = new float[(int) n * 2];
            for (int i = 0; i < n; i++) {
                values[2 * i] = 100 * r + i;
                values[2 * i + 1] = -(100 * r + i);
            }
            long before = g.capacity();
            Collectives.Gathered got = g.gather(Tensors.of(values, n, 2));
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("capacity_before", before);
            one.put("rows", Tensors.floats(got.all()));
            one.put("counts", got.counts());
            calls.add(one);
        }
        out.put("row_gather", calls);
        long[] labels = {(1L << 40) + r, -(1L << 33) - r, Long.MAX_VALUE - r};
        GatheredEmbeddings e = GatheredEmbeddings.gather(new RowGather(c), Tensors.of(new float[] {r, r, r, r, r, r}, 3, 2),
                Tensors.ofLongs(labels, 3));
        out.put("gathered_labels", Tensors.longs(e.labels()));
        out.put("gathered_embeddings", Tensors.floats(e.leaf()));
    }

    /** Each rank starts from its own initialisation; the sync must make rank 0's the common one. */
    static void dataParallel(Collectives c, Map<String, Object> out) {
        int r = c.rank();
        Encoder encoder = TwoRankFixtures.dpEncoder(TwoRankFixtures.DP_SEED + r);
        TensorVector params = encoder.parameters();
        DataParallelSync sync = new DataParallelSync(c, params, encoder.buffers(), TwoRankFixtures.DP_CONFIG);
        out.put("dp_buckets", sync.bucketCount());
        out.put("dp_params_start", TwoRankFixtures.flat(params, false));
        SGD sgd = TwoRankFixtures.sgd(params, TwoRankFixtures.DP_LR);
        List<float[]> grads = new ArrayList<>();
        for (int step = 0; step < TwoRankFixtures.DP_STEPS; step++) {
            sgd.zero_grad(true);
            Tensor emb = encoder.forward(TwoRankFixtures.dpImages(step, r));
            sync.backward(TwoRankFixtures.dpLoss(emb, TwoRankFixtures.dpTargets(step, r)));
            sync.synchronise(params);
            grads.add(TwoRankFixtures.flat(params, true));
            sgd.step();
        }
        out.put("dp_grads", grads);
        out.put("dp_params_end", TwoRankFixtures.flat(params, false));
    }

    static void modelParallel(Collectives c, Map<String, Object> out) {
        int r = c.rank();
        Map<String, Object> results = new LinkedHashMap<>();
        for (Map.Entry<String, Margin> m : TwoRankFixtures.margins().entrySet()) {
            FullSoftmaxScorer scorer = shardScorer(c);
            ShardedMarginSoftmaxHead head = new ShardedMarginSoftmaxHead(c, scorer, m.getValue(), ShardedLossFunction.crossEntropy());
            Tensor local = TwoRankFixtures.mpEmbeddings(r).set_requires_grad(true);
            HeadStep step = head.forward(local, TwoRankFixtures.mpLabels(r), 0);
            step.loss().backward();
            // the head hands back the gradient times the world size (for the reducer's average): undo it
            Tensor g = step.gathered().localGradient().div(Tensors.scalar(c.worldSize()));
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("loss", step.loss().item_double());
            one.put("loss_tensor", step.loss().item_double());
            one.put("train_acc", step.telemetry().get("train_acc"));
            one.put("target_cos_mean", step.telemetry().get("target_cos_mean"));
            one.put("embedding_grad", Tensors.floats(g));
            one.put("shard_grad", Tensors.floats(scorer.weight().grad()));
            one.put("shard_start", scorer.shard().start());
            one.put("shard_count", scorer.shard().count());
            results.put(m.getKey(), one);
        }
        // D-Softmax on the same cosines
        ClassShard shard = ClassShard.of(TwoRankFixtures.MP_CLASSES, r, c.worldSize());
        Tensor w = ShardInit.normalRows(TwoRankFixtures.MP_SEED, shard.start(), shard.count(), TwoRankFixtures.MP_DIM, 0.01).set_requires_grad(true);
        Tensor local = TwoRankFixtures.mpEmbeddings(r).set_requires_grad(true);
        GatheredEmbeddings gathered = GatheredEmbeddings.gather(new RowGather(c), local, TwoRankFixtures.mpLabels(r));
        Tensor labels = gathered.labels();
        Tensor cos = Tensors.clamp(torch.mm(Tensors.l2normalize(gathered.leaf()), Tensors.l2normalize(w).t()), -1, 1);
        ShardedLoss d = new ShardedDissectedSoftmax(16, 0.5, 0.1).loss(c, cos, shard.localTargets(labels));
        d.tensor().backward();
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("loss", d.value());
        one.put("train_acc", d.trainAccuracy());
        one.put("embedding_grad", Tensors.floats(gathered.localGradient(GatheredEmbeddings.Reduction.SUM, 1.0)));
        one.put("shard_grad", Tensors.floats(w.grad()));
        results.put("dsoftmax", one);
        out.put("mp", results);
    }

    /** Encoder averaged by the reducer, class matrix sharded, encoder gradient scaled by the world size. */
    static void dataAndModelParallel(Collectives c, Map<String, Object> out) {
        int r = c.rank();
        Encoder encoder = TwoRankFixtures.mixEncoder();
        TensorVector params = encoder.parameters();
        DataParallelSync sync = new DataParallelSync(c, params, encoder.buffers(), TwoRankFixtures.DP_CONFIG);
        FullSoftmaxScorer scorer = shardScorer(c);
        ShardedMarginSoftmaxHead head = new ShardedMarginSoftmaxHead(c, scorer, TwoRankFixtures.margins().get("cosface"),
                ShardedLossFunction.crossEntropy());
        SGD encoderSgd = TwoRankFixtures.sgd(params, TwoRankFixtures.MIX_LR);
        SGD shardSgd = TwoRankFixtures.sgd(new TensorVector(scorer.weight()), TwoRankFixtures.MIX_LR);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < TwoRankFixtures.MIX_STEPS; step++) {
            encoderSgd.zero_grad(true);
            shardSgd.zero_grad(true);
            Tensor emb = encoder.forward(TwoRankFixtures.mixImages(step, r));
            HeadStep s = head.forward(emb, TwoRankFixtures.mpLabels(r), step);
            s.loss().backward();
            sync.backward(emb, s.gathered().localGradient());
            sync.synchronise(params);
            encoderSgd.step();
            shardSgd.step();
            losses.add(s.loss().item_double());
        }
        out.put("mix_losses", losses);
        out.put("mix_encoder", TwoRankFixtures.flat(params, false));
        out.put("mix_shard", Tensors.floats(scorer.weight()));
        // the same step many more times, each inside a PointerScope as the trainer runs it: the
        // native objects JavaCPP tracks must not grow with the number of steps
        long[] pointers = new long[2];
        for (int step = 0; step < TwoRankFixtures.FLAT_STEPS; step++) {
            try (PointerScope scope = new PointerScope()) {
                encoderSgd.zero_grad(true);
                shardSgd.zero_grad(true);
                Tensor emb = encoder.forward(TwoRankFixtures.mixImages(step % 3, r));
                HeadStep s = head.forward(emb, TwoRankFixtures.mpLabels(r), step);
                s.loss().backward();
                sync.backward(emb, s.gathered().localGradient());
                sync.synchronise(params);
                encoderSgd.step();
                shardSgd.step();
            }
            if (step == 20) pointers[0] = Pointer.totalCount();
        }
        pointers[1] = Pointer.totalCount();
        out.put("mix_pointer_counts", pointers);
    }

    /** This rank's rows of the N(0, 0.01^2) class matrix, drawn by class from the fixtures' seed. */
    static FullSoftmaxScorer shardScorer(Collectives c) {
        return new FullSoftmaxScorer(ClassShard.of(TwoRankFixtures.MP_CLASSES, c.rank(), c.worldSize()), TwoRankFixtures.MP_DIM,
                ClassUpdate.DEFAULT, TwoRankFixtures.MP_SEED, Device.CPU);
    }

    static void prototypeExchange(Collectives c, Map<String, Object> out) {
        int r = c.rank();
        PrototypeExchange.Exchanged ex = PrototypeExchange.allGather(c, TwoRankFixtures.exchangeLabels(r), TwoRankFixtures.exchangeRows(r), TwoRankFixtures.PM_DIM);
        PrototypeMemory replica = new PrototypeMemory(4, TwoRankFixtures.PM_DIM, 0);
        replica.write(ex.labels(), ex.rows(), 1);
        out.put("exchange_labels", ex.labels());
        out.put("exchange_rows", ex.rows());
        out.put("exchange_counts", ex.counts());
        out.put("exchange_duplicates", ex.duplicates());
        long checksum = ReplicaChecksum.of(replica);
        out.put("exchange_checksum", checksum);
        out.put("exchange_checksums", ReplicaChecksum.gather(c, checksum));
    }

    static void gatheredPrototypeMemory(Collectives c, Map<String, Object> out) {
        int r = c.rank();
        MarginSoftmaxHead head = TwoRankFixtures.pmHead();
        List<Double> losses = new ArrayList<>();
        List<float[]> grads = new ArrayList<>();
        List<long[]> checksums = new ArrayList<>();
        RowGather batchGather = new RowGather(c);
        for (int step = 0; step < TwoRankFixtures.PM_LABELS.length; step++) {
            Tensor local = TwoRankFixtures.pmEmbeddings(step, r).set_requires_grad(true);
            GatheredEmbeddings gathered = GatheredEmbeddings.gather(batchGather, local, TwoRankFixtures.pmLabels(step, r));
            Tensor labels = gathered.labels();
            HeadStep hs = head.forward(gathered.leaf(), labels, step);
            hs.loss().backward();
            grads.add(Tensors.floats(gathered.localGradient(GatheredEmbeddings.Reduction.NONE, 1.0)));
            losses.add(hs.loss().item_double());
            head.afterOptimizerStep(step, 0.1);
            PrototypeMemory memory = ((PrototypeMemoryScorer) head.scorer()).memory();
            checksums.add(ReplicaChecksum.gather(c, ReplicaChecksum.of(memory)));
        }
        out.put("pm_losses", losses);
        out.put("pm_grads", grads);
        out.put("pm_checksums", checksums);
    }
}
