package org.protoface.distributed;

import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.Tensors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One rank of {@link RankFailureTest}: all-reduces in a loop; rank 1 announces its process id in
 * {@code <dir>/rank1.pid} once the loop runs, so the test can kill it. A failed collective prints
 * its message and exits with code 3, as a training rank would.
 */
public final class KillableRankProgram {
    private KillableRankProgram() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        RankEnv env = RankEnv.fromEnvironment();
        // a long timeout: the failure must be reported because the peer died, not because time ran out
        try (Collectives c = Collectives.connect(env, DistConfig.DEFAULTS.withTimeout(Duration.ofSeconds(120)))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            for (int i = 0; System.nanoTime() < deadline; i++) {
                Tensor t = Tensors.zeros(1024).add(Tensors.scalar(1)).contiguous();
                c.allReduceSum(t);
                if (i == 0 && c.rank() == 1) {
                    Path tmp = dir.resolve("rank1.pid.tmp");
                    Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
                    Files.move(tmp, dir.resolve("rank1.pid"));
                }
                Thread.sleep(20);
            }
            System.err.println("no failure within the deadline");
            System.exit(4);
        } catch (CollectiveException e) {
            System.err.println("FAILED: " + e.getMessage());
            System.err.println("CULPRITS: " + e.culprits());
            System.exit(3);
        }
    }
}
