package org.protoface.lab.throughput;

import org.protoface.torch.TensorScope;
import org.bytedeco.pytorch.Tensor;
import org.protoface.distributed.CollectiveException;
import org.protoface.distributed.Collectives;
import org.protoface.distributed.DistConfig;
import org.protoface.distributed.LocalLauncher;
import org.protoface.distributed.RankEnv;
import org.protoface.torch.NativeErrors;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;
import org.protoface.util.JsonReports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * All-reduce (sum) time and bandwidth between the ranks of a job over Gloo, for the sizes given
 * in MiB (default 1 and 100). Each size: 2 warm-up all-reduces, then {@code --repeats} timed ones,
 * each started right after a barrier; rank 0 reports the median and minimum. Bus bandwidth is
 * the bytes each rank sends and receives in a ring all-reduce, 2 (n - 1) / n x size, per second
 * (NCCL-tests' convention), so figures for different world sizes compare.
 *
 * <pre>
 *   java -cp ... org.protoface.lab.throughput.AllReduceBenchmark --nproc 2 [--sizes-mb 1,100] [--repeats 10] [--json FILE]
 * </pre>
 * Without {@code --nproc} it runs as one rank of a job started by torchrun or SLURM.
 */
public final class AllReduceBenchmark {
    private AllReduceBenchmark() {}

    /**
     * One size's result.
     *
     * @param sizeBytes       bytes all-reduced per call (float32)
     * @param medianMs        median wall time of a timed all-reduce on rank 0
     * @param minMs           fastest one
     * @param busGbPerS       2 (n - 1) / n x size / median, in GB/s (10^9 bytes)
     * @param algorithmGbPerS size / median, in GB/s
     */
    public record SizeResult(long sizeBytes, double medianMs, double minMs, double busGbPerS, double algorithmGbPerS) {}

    /**
     * Runs the benchmark as one rank of a job (see the class comment for the arguments); with {@code --nproc N}
     * outside a job it starts N local ranks and exits the JVM with the first failed rank's exit code (0 when all succeed).
     *
     * @throws Exception if the group cannot be formed or a collective fails
     */
    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        int nproc = intArg(a, "--nproc", 0);
        if (nproc > 0 && !LocalLauncher.isRank(System.getenv())) {
            LocalLauncher.Outcome o = new LocalLauncher(nproc, AllReduceBenchmark.class.getName(),
                    LocalLauncher.without(a, "--nproc")).run();
            System.exit(o.exitCode());
        }
        double[] sizes = a.contains("--sizes-mb")
                ? Arrays.stream(a.get(a.indexOf("--sizes-mb") + 1).split(",")).mapToDouble(Double::parseDouble).toArray()
                : new double[] {1, 100};
        int repeats = intArg(a, "--repeats", 10);
        Path json = a.contains("--json") ? Path.of(a.get(a.indexOf("--json") + 1)) : null;
        RankEnv env = RankEnv.fromEnvironment();
        Torch.setThreads(env.threadsPerRank(1, Runtime.getRuntime().availableProcessors()));
        try (Collectives c = Collectives.connect(env, DistConfig.DEFAULTS)) {
            List<SizeResult> results = run(c, sizes, repeats);
            if (c.rank() == 0) {
                System.out.printf(Locale.ROOT, "all-reduce over %d ranks (Gloo, %s), %d timed runs per size%n",
                        c.worldSize(), env.source(), repeats);
                System.out.println("| size | median ms | min ms | bus GB/s | algorithm GB/s |");
                System.out.println("|---|---|---|---|---|");
                for (SizeResult r : results) {
                    System.out.printf(Locale.ROOT, "| %.1f MiB | %.2f | %.2f | %.2f | %.2f |%n", r.sizeBytes() / 1048576.0,
                            r.medianMs(), r.minMs(), r.busGbPerS(), r.algorithmGbPerS());
                }
                if (json != null) {
                    Map<String, Object> report = new LinkedHashMap<>();
                    report.put("world_size", c.worldSize());
                    report.put("backend", "gloo");
                    report.put("rank_environment", env.source());
                    report.put("repeats", repeats);
                    report.put("results", results);
                    JsonReports.write(json, report);
                }
            }
        } catch (CollectiveException e) {
            System.err.println("all-reduce benchmark: " + NativeErrors.firstLine(e.getMessage(), "collective failed"));
            System.exit(3);
        }
        System.exit(0);
    }

    /** Times the all-reduces; every rank must call it with the same arguments. */
    public static List<SizeResult> run(Collectives c, double[] sizesMb, int repeats) {
        if (repeats < 1) throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
        List<SizeResult> out = new ArrayList<>();
        int n = c.worldSize();
        for (double mb : sizesMb) {
            long elements = Math.max(1, Math.round(mb * (1 << 20) / Float.BYTES));
            double[] ms = new double[repeats];
            try (TensorScope scope = TensorScope.open()) {
                Tensor t = Tensors.zeros(elements);
                for (int i = 0; i < 2; i++) c.allReduceSum(t);
                for (int i = 0; i < repeats; i++) {
                    c.barrier();
                    long t0 = System.nanoTime();
                    c.allReduceSum(t);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            double median = repeats % 2 == 1 ? ms[repeats / 2] : (ms[repeats / 2 - 1] + ms[repeats / 2]) / 2;
            long bytes = elements * Float.BYTES;
            double algo = bytes / (median / 1e3) / 1e9;
            out.add(new SizeResult(bytes, median, ms[0], algo * 2.0 * (n - 1) / n, algo));
        }
        return out;
    }

    private static int intArg(List<String> a, String name, int fallback) {
        int i = a.indexOf(name);
        if (i < 0) return fallback;
        if (i + 1 >= a.size()) throw new IllegalArgumentException(name + " needs a value");
        return Integer.parseInt(a.get(i + 1));
    }
}
