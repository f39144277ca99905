package org.protoface.app;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Only rank 0 speaks under outside launchers (torchrun, srun); ranks of {@code --nproc} keep their logs. */
class NonZeroRankLoggingTest {
    @Test
    void ranksOtherThanZeroFromOutsideLaunchersAreQuietened() {
        assertThat(Main.isOutsideNonZeroRank(Map.of("RANK", "1", "WORLD_SIZE", "2"))).isTrue();
        assertThat(Main.isOutsideNonZeroRank(Map.of("SLURM_PROCID", "3", "SLURM_NTASKS", "4"))).isTrue();
        // torchrun's RANK wins over SLURM's when both are set (torchrun inside a SLURM allocation)
        assertThat(Main.isOutsideNonZeroRank(Map.of("RANK", "0", "SLURM_PROCID", "2"))).isFalse();
    }

    @Test
    void rankZeroSingleProcessesAndOurOwnLauncherKeepTheirInfoLines() {
        assertThat(Main.isOutsideNonZeroRank(Map.of("RANK", "0", "WORLD_SIZE", "2"))).isFalse();
        assertThat(Main.isOutsideNonZeroRank(Map.of())).isFalse();
        assertThat(Main.isOutsideNonZeroRank(Map.of("RANK", "1", Main.LAUNCHED_BY_PROTOFACE, "1"))).isFalse();
    }
}
