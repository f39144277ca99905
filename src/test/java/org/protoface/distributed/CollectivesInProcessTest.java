package org.protoface.distributed;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Joining and timeouts, with ranks as threads of this JVM (each with its own store client and
 * Gloo group), so no child JVM is needed. Groups that failed are left as they are (pinned, never
 * freed), as a real rank leaves them before exiting.
 */
class CollectivesInProcessTest {
    /** Ranks a test leaves joined but unused: kept reachable so their native group is never collected mid-run. */
    private static final java.util.List<Collectives> LEFT_OPEN = new java.util.ArrayList<>();

    private static RankEnv rank(int rank, int world, int port) {
        return new RankEnv(rank, world, rank, world, "127.0.0.1", port, "torchrun");
    }

    @Test
    void aRankThatNeverJoinsIsNamedAfterTheTimeout() throws Exception {
        int port = LocalLauncher.freePort();
        assertThatThrownBy(() -> Collectives.connect(rank(0, 3, port), new DistConfig(1, 25, 1)))
                .isInstanceOf(CollectiveException.class)
                .hasMessage("ranks 1 and 2 did not join within 1 s (world size 3)")
                .satisfies(e -> assertThat(((CollectiveException) e).culprits()).containsExactly(1, 2));
    }

    @Test
    void aStoreThatIsNotThereIsReportedAsRankZeroUnreachable() throws Exception {
        int port = LocalLauncher.freePort();
        assertThatThrownBy(() -> Collectives.connect(rank(1, 2, port), new DistConfig(1, 25, 1)))
                .isInstanceOf(CollectiveException.class)
                .hasMessageStartingWith("rank 1 could not reach rank 0's TCPStore at 127.0.0.1:" + port + " within 1 s");
    }

    @Test
    void ranksThatDisagreeOnTheWorldSizeAreToldSo() throws Exception {
        int port = LocalLauncher.freePort();
        CompletableFuture<Collectives> other = CompletableFuture.supplyAsync(() -> Collectives.connect(rank(1, 3, port), new DistConfig(4, 25, 1)));
        assertThatThrownBy(() -> Collectives.connect(rank(0, 2, port), new DistConfig(20, 25, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rank 1 (on ").hasMessageEndingWith("was started with a world size of 3, rank 0 with 2: start every rank with the same WORLD_SIZE");
        // rank 0 gave up and closed its store: rank 1 learns that rank 0 is gone
        assertThatThrownBy(() -> other.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(CollectiveException.class)
                .hasMessageEndingWith("rank 0 (which hosts the TCPStore) went away while rank 1 waited for the others to join");
    }

    @Test
    void aLiveRankThatDoesNotArriveIsNamedWithWhereItIs() throws Exception {
        int port = LocalLauncher.freePort();
        DistConfig config = new DistConfig(2, 25, 1);
        CountDownLatch reported = new CountDownLatch(1);
        CompletableFuture<Void> late = CompletableFuture.runAsync(() -> {
            Collectives c = Collectives.connect(rank(1, 2, port), config);
            c.allReduceSum(Tensors.zeros(4));
            try {
                // alive (its heartbeat goes on) but busy elsewhere until rank 0 has reported
                reported.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.close();
        });
        Torch.init();
        Collectives c = Collectives.connect(rank(0, 2, port), config);
        Tensor t = Tensors.zeros(4);
        c.allReduceSum(t);
        try {
            assertThatThrownBy(() -> c.allReduceSum(t))
                    .isInstanceOf(CollectiveException.class)
                    .hasMessage("rank 1 did not join all-reduce (sum) #2 within 2 s (it is at collective #1)");
            assertThat(c.isBroken()).isTrue();
            assertThatThrownBy(c::barrier).hasMessage("the process group failed earlier; no collective can run");
        } finally {
            reported.countDown();
            c.close();
            late.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void withThreeRanksTheSilentOneIsNamedByBothSurvivors() throws Exception {
        int port = LocalLauncher.freePort();
        DistConfig config = new DistConfig(1, 25, 1);
        CompletableFuture<Collectives> third = CompletableFuture.supplyAsync(() -> Collectives.connect(rank(2, 3, port), config));
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            Collectives c = Collectives.connect(rank(1, 3, port), config);
            try {
                c.allReduceSum(Tensors.zeros(4));
                return "no failure";
            } catch (CollectiveException e) {
                return e.getMessage();
            }
        });
        Torch.init();
        Collectives first = Collectives.connect(rank(0, 3, port), config);
        // rank 2 joined, then went silent as a hung or killed process does: no heartbeat, no collective
        Collectives silent = third.get(60, TimeUnit.SECONDS);
        LEFT_OPEN.add(silent);
        silent.monitor().close();
        assertThatThrownBy(() -> first.allReduceSum(Tensors.zeros(4)))
                .isInstanceOf(CollectiveException.class)
                .hasMessageStartingWith("all-reduce (sum) #1 failed: rank 2 stopped responding (")
                .satisfies(e -> assertThat(((CollectiveException) e).culprits()).containsExactly(2));
        assertThat(second.get(60, TimeUnit.SECONDS)).startsWith("all-reduce (sum) #1 failed: rank 2 stopped responding (");
    }

    @Test
    void aWorldOfOneNeedsNoGroupAndEveryCollectiveIsTheIdentity() {
        Torch.init();
        try (Collectives c = Collectives.single()) {
            Tensor t = Tensors.of(new float[] {1, 2}, 2);
            c.allReduceSum(t);
            c.allReduceMean(t);
            c.allReduceMax(t);
            assertThat(Tensors.floats(t)).containsExactly(1, 2);
            Collectives.Gathered g = c.allGatherRows(Tensors.of(new float[] {1, 2, 3, 4}, 2, 2));
            assertThat(g.counts()).containsExactly(2);
            assertThat(Tensors.floats(g.all())).containsExactly(1, 2, 3, 4);
            assertThat(c.allGatherLong(5)).containsExactly(5);
            c.barrier();
            assertThatThrownBy(() -> c.broadcast(t, 1)).hasMessage("broadcast root 1 is not a rank of a world of 1");
            assertThatThrownBy(() -> c.allReduceSum(Tensors.zeros(2, 2).t())).hasMessageContaining("needs a contiguous tensor");
        }
    }
}
