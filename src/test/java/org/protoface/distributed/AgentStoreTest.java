package org.protoface.distributed;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;
import org.protoface.torch.dist.KeyValueStore;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ranks under torchrun's static rendezvous: the agent already hosts the TCPStore on
 * MASTER_ADDR:MASTER_PORT and sets {@code TORCHELASTIC_USE_AGENT_STORE=True}. This test plays the
 * agent (it hosts the store on that port), then two ranks (threads of this JVM) join with
 * torchrun's variables: rank 0 must connect as a client (hosting a second server on the agent's
 * port fails: the port is taken), both must form a group and all-reduce, and their keys must sit
 * under the agent's {@code /worker/attempt_<restart count>} prefix, where PyTorch's workers put theirs.
 */
class AgentStoreTest {
    static Map<String, String> env(int rank, int port) {
        Map<String, String> e = new HashMap<>();
        e.put("RANK", Integer.toString(rank));
        e.put("WORLD_SIZE", "2");
        e.put("LOCAL_RANK", Integer.toString(rank));
        e.put("LOCAL_WORLD_SIZE", "2");
        e.put("MASTER_ADDR", "127.0.0.1");
        e.put("MASTER_PORT", Integer.toString(port));
        e.put("TORCHELASTIC_USE_AGENT_STORE", "True");
        e.put("TORCHELASTIC_RESTART_COUNT", "1");
        return e;
    }

    static float[] joinAndSum(int rank, int port) {
        try (Collectives c = Collectives.connect(RankEnv.fromEnvironment(env(rank, port)), new DistConfig(30, 25, 1))) {
            Tensor t = Tensors.of(new float[] {rank + 1, 10 * (rank + 1)}, 2);
            c.allReduceSum(t);
            return Tensors.floats(t);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void bothRanksJoinTheAgentsStoreAsClientsUnderTheAttemptPrefix() throws Exception {
        Torch.init();
        int port = LocalLauncher.freePort();
        KeyValueStore agent = KeyValueStore.connect("127.0.0.1", port, true, Duration.ofSeconds(30));
        try {
            CompletableFuture<float[]> rank1 = CompletableFuture.supplyAsync(() -> joinAndSum(1, port));
            float[] rank0 = joinAndSum(0, port);
            assertThat(rank0).containsExactly(3, 30);
            assertThat(rank1.get(60, TimeUnit.SECONDS)).containsExactly(3, 30);
            // the ranks' own keys went under the prefix, in the agent's store
            assertThat(agent.has("/worker/attempt_1/" + Collectives.JOIN_PREFIX + "0")).isTrue();
            assertThat(agent.has("/worker/attempt_1/" + Collectives.JOIN_PREFIX + "1")).isTrue();
            assertThat(agent.has(Collectives.JOIN_PREFIX + "0")).isFalse();
        } finally {
            agent.close();
        }
    }
}
