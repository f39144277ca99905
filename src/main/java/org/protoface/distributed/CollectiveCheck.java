package org.protoface.distributed;

import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.NativeErrors;
import org.protoface.torch.Tensors;

import java.util.Arrays;
import java.util.List;

/**
 * A small end-to-end check of a job's network path, run as every rank of a job (torchrun or SLURM
 * variables, or {@code --nproc N} to start N local ranks): joins, then all-reduces (sum, mean,
 * max), all-gathers rows of unequal counts, broadcasts from the last rank and passes a barrier,
 * checking every result against the value it must have. Used by {@code scripts/two-host-netns.sh}.
 *
 * <p>Exit codes: 0 every check passed; 1 a result was wrong; 2 bad arguments or environment;
 * 3 a collective failed (the message names the rank).
 */
public final class CollectiveCheck {
    /** Floats in the all-reduce tensor: 4 MiB, enough to span several Gloo transfers. */
    static final int ELEMENTS = 1 << 20;

    private CollectiveCheck() {}

    /**
     * Runs the check as one rank (or, with {@code --nproc N} outside a job, starts N local ranks and exits with
     * the first failed rank's exit code (0 when all succeed)); {@code --timeout S} sets the collective
     * timeout in seconds (default 60).
     * Exits the JVM with the codes listed on the class.
     *
     * @param args {@code [--nproc N] [--timeout S]}
     */
    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        int nproc = a.contains("--nproc") ? Integer.parseInt(a.get(a.indexOf("--nproc") + 1)) : 0;
        if (nproc > 0 && !LocalLauncher.isRank(System.getenv())) {
            LocalLauncher.Outcome o = new LocalLauncher(nproc, CollectiveCheck.class.getName(), List.of()).allRanksSpeak(true).run();
            System.exit(o.exitCode());
        }
        int timeout = a.contains("--timeout") ? Integer.parseInt(a.get(a.indexOf("--timeout") + 1)) : 60;
        RankEnv env;
        try {
            env = RankEnv.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("collective check: " + e.getMessage());
            System.exit(2);
            return;
        }
        try (Collectives c = Collectives.connect(env, DistConfig.DEFAULTS.withTimeout(java.time.Duration.ofSeconds(timeout)))) {
            List<String> failures = run(c);
            if (!failures.isEmpty()) {
                failures.forEach(f -> System.err.println("rank " + c.rank() + ": " + f));
                System.exit(1);
            }
            System.out.println("rank " + c.rank() + " of " + c.worldSize() + ": every collective check passed (store "
                    + env.masterAddr() + ":" + env.masterPort() + ")");
        } catch (CollectiveException e) {
            System.err.println("collective check: " + NativeErrors.firstLine(e.getMessage(), "collective failed"));
            System.exit(3);
        }
        System.exit(0);
    }

    /** Runs the checks; returns a description of every wrong result (empty when all are right). */
    static List<String> run(Collectives c) {
        int rank = c.rank(), world = c.worldSize();
        List<String> failures = new java.util.ArrayList<>();

        Tensor sum = Tensors.zeros(ELEMENTS).add(Tensors.scalar(rank + 1)).contiguous();
        c.allReduceSum(sum);
        expect(failures, "all-reduce sum", sum, world * (world + 1) / 2.0);

        Tensor mean = Tensors.zeros(16).add(Tensors.scalar(rank + 1)).contiguous();
        c.allReduceMean(mean);
        expect(failures, "all-reduce mean", mean, (world + 1) / 2.0);

        Tensor max = Tensors.zeros(16).add(Tensors.scalar(rank * 10)).contiguous();
        c.allReduceMax(max);
        expect(failures, "all-reduce max", max, (world - 1) * 10.0);

        // rank r contributes r + 1 rows filled with r
        Collectives.Gathered g = c.allGatherRows(Tensors.zeros(rank + 1, 3).add(Tensors.scalar(rank)).contiguous());
        float[] rows = Tensors.floats(g.all());
        int k = 0;
        boolean ok = rows.length == 3 * world * (world + 1) / 2;
        for (int r = 0; ok && r < world; r++) for (int i = 0; i < 3 * (r + 1); i++) ok &= rows[k++] == r;
        if (!ok) failures.add("all-gather of unequal rows gave " + Arrays.toString(Arrays.copyOf(rows, Math.min(rows.length, 24))));

        Tensor b = Tensors.zeros(8).add(Tensors.scalar(rank == world - 1 ? 42 : -1)).contiguous();
        c.broadcast(b, world - 1);
        expect(failures, "broadcast", b, 42);

        c.barrier();
        return failures;
    }

    private static void expect(List<String> failures, String what, Tensor t, double value) {
        double lo = t.min().item_double(), hi = t.max().item_double();
        if (lo != value || hi != value) failures.add(what + " gave values in [" + lo + ", " + hi + "], expected " + value);
    }
}
