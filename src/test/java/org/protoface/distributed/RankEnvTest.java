package org.protoface.distributed;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RankEnvTest {
    @Test
    void readsTorchrunVariables() {
        RankEnv e = RankEnv.fromEnvironment(Map.of("RANK", "3", "WORLD_SIZE", "8", "LOCAL_RANK", "1", "LOCAL_WORLD_SIZE", "4",
                "MASTER_ADDR", "10.1.2.3", "MASTER_PORT", "29400"));
        assertThat(e).isEqualTo(new RankEnv(3, 8, 1, 4, "10.1.2.3", 29400, "torchrun"));
        assertThat(e.isDistributed()).isTrue();
        assertThat(e.isRankZero()).isFalse();
    }

    @Test
    void readsSlurmVariablesWithTheFirstHostAsMasterAndAPortFromTheJobId() {
        RankEnv e = RankEnv.fromEnvironment(Map.of("SLURM_PROCID", "5", "SLURM_NTASKS", "8", "SLURM_LOCALID", "1",
                "SLURM_NTASKS_PER_NODE", "4", "SLURM_JOB_NODELIST", "gpu[07-08]", "SLURM_JOB_ID", "1234567"));
        assertThat(e).isEqualTo(new RankEnv(5, 8, 1, 4, "gpu07", 15000 + 4567, "slurm"));
    }

    @Test
    void slurmTakesMasterAddressAndPortFromTheEnvironmentWhenSet() {
        RankEnv e = RankEnv.fromEnvironment(Map.of("SLURM_PROCID", "0", "SLURM_NTASKS", "2", "SLURM_NODELIST", "a,b",
                "MASTER_ADDR", "head", "MASTER_PORT", "23456", "SLURM_NTASKS_PER_NODE", "2(x3)"));
        assertThat(e).isEqualTo(new RankEnv(0, 2, 0, 1, "head", 23456, "slurm"));
    }

    @Test
    void ranksOfProtofacesOwnLauncherSaySoThoughTheyCarryTorchrunsVariables() {
        Map<String, String> vars = new java.util.HashMap<>(Map.of("RANK", "1", "WORLD_SIZE", "2", "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", "1"));
        assertThat(RankEnv.fromEnvironment(vars).source()).isEqualTo("torchrun");
        vars.put("PROTOFACE_LAUNCHER", "1");
        assertThat(RankEnv.fromEnvironment(vars).source()).isEqualTo("--nproc");
        assertThat(RankEnv.fromEnvironment(vars).rank()).isEqualTo(1);
    }

    @Test
    void torchrunWinsInsideASlurmAllocationAndNothingMeansOneProcess() {
        RankEnv e = RankEnv.fromEnvironment(Map.of("RANK", "1", "WORLD_SIZE", "2", "MASTER_ADDR", "h", "MASTER_PORT", "1",
                "SLURM_PROCID", "0", "SLURM_NTASKS", "1"));
        assertThat(e.source()).isEqualTo("torchrun");
        assertThat(e.rank()).isEqualTo(1);
        RankEnv single = RankEnv.fromEnvironment(Map.of("HOME", "/root"));
        assertThat(single.worldSize()).isEqualTo(1);
        assertThat(single.isDistributed()).isFalse();
    }

    @Test
    void badVariablesAreNamedWithWhatTheyMustHold() {
        assertThatThrownBy(() -> RankEnv.fromEnvironment(Map.of("RANK", "2", "WORLD_SIZE", "2", "MASTER_ADDR", "h", "MASTER_PORT", "1")))
                .hasMessage("RANK=2 but WORLD_SIZE=2: RANK must be in 0..1");
        assertThatThrownBy(() -> RankEnv.fromEnvironment(Map.of("RANK", "0", "WORLD_SIZE", "2", "MASTER_PORT", "1")))
                .hasMessage("MASTER_ADDR is not set: it must hold the host name or address of rank 0");
        assertThatThrownBy(() -> RankEnv.fromEnvironment(Map.of("RANK", "0", "WORLD_SIZE", "2", "MASTER_ADDR", "h", "MASTER_PORT", "70000")))
                .hasMessage("MASTER_PORT='70000' must be an integer in 1..65535");
        assertThatThrownBy(() -> RankEnv.fromEnvironment(Map.of("RANK", "x", "WORLD_SIZE", "2", "MASTER_ADDR", "h", "MASTER_PORT", "1")))
                .hasMessage("RANK='x' must be an integer in 0..2^31-1");
        assertThatThrownBy(() -> RankEnv.fromEnvironment(Map.of("SLURM_PROCID", "0", "SLURM_NTASKS", "2", "SLURM_JOB_ID", "7")))
                .hasMessageContaining("SLURM_JOB_NODELIST is not set");
        assertThatThrownBy(() -> RankEnv.fromEnvironment(Map.of("SLURM_PROCID", "0", "SLURM_NTASKS", "2", "SLURM_JOB_NODELIST", "a")))
                .hasMessage("SLURM_JOB_ID is not set: it must hold SLURM's job id (or set MASTER_PORT)");
    }

    @Test
    void threadsArePerRankAndZeroSharesTheCoresAmongTheHostsRanks() {
        RankEnv e = new RankEnv(0, 4, 0, 2, "h", 1, "torchrun");
        assertThat(e.threadsPerRank(3, 16)).isEqualTo(3);
        assertThat(e.threadsPerRank(0, 16)).isEqualTo(8);
        assertThat(e.threadsPerRank(0, 1)).isEqualTo(1);
    }

    @Test
    void torchrunsAgentStoreMakesEveryRankAClientUnderTheAttemptPrefix() {
        Map<String, String> base = Map.of("RANK", "0", "WORLD_SIZE", "2", "MASTER_ADDR", "h", "MASTER_PORT", "29500");
        Map<String, String> agent = new java.util.HashMap<>(base);
        agent.put("TORCHELASTIC_USE_AGENT_STORE", "True");
        agent.put("TORCHELASTIC_RESTART_COUNT", "2");
        RankEnv e = RankEnv.fromEnvironment(agent);
        assertThat(e.storePrefix()).isEqualTo("/worker/attempt_2");
        assertThat(e.usesAgentStore()).isTrue();
        // the c10d rendezvous (--standalone) says False: rank 0 hosts the store itself
        agent.put("TORCHELASTIC_USE_AGENT_STORE", "False");
        assertThat(RankEnv.fromEnvironment(agent).usesAgentStore()).isFalse();
        assertThat(RankEnv.fromEnvironment(base).storePrefix()).isNull();
        agent.put("TORCHELASTIC_USE_AGENT_STORE", "True");
        agent.remove("TORCHELASTIC_RESTART_COUNT");
        assertThatThrownBy(() -> RankEnv.fromEnvironment(agent))
                .hasMessage("TORCHELASTIC_RESTART_COUNT is not set: it must hold an integer in 0..2147483647");
    }
}
