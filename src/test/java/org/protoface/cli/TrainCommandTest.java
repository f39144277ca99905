package org.protoface.cli;

import org.junit.jupiter.api.Test;
import org.protoface.config.Config;
import org.protoface.run.JobConfig;
import org.protoface.run.TrainingRun;
import picocli.CommandLine;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainCommandTest {
    private static Config configOf(String... args) throws Exception {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return Config.load("cpu", command.effectiveOverrides());
    }

    @Test
    void dataAndHeadShortcutsSetTheirKeysAndAnExplicitSetWins() throws Exception {
        Config c = configOf("--data", "rec:/data/ms1m v3?size=32", "--head", "pfc");
        assertThat(c.string("data")).isEqualTo("rec:/data/ms1m v3?size=32");
        assertThat(c.string("head")).isEqualTo("pfc");

        Config overridden = configOf("--head", "pfc", "--set", "head=full", "--data", "folder:/a");
        assertThat(overridden.string("head")).isEqualTo("full");
        assertThat(overridden.string("data")).isEqualTo("folder:/a");

        Config preset = configOf();
        assertThat(preset.string("head")).isEqualTo("pm");
    }

    @Test
    void anImageSizeMismatchSaysHowToFixIt() {
        Config c = Config.load("cpu", java.util.List.of("data=synthetic:identities=20,images=4,size=48,seed=1"));
        assertThatThrownBy(() -> TrainingRun.build(c, Path.of("unused")))
                .hasMessageContaining("encoder.input_size is 32")
                .hasMessageContaining("gives 48 px images")
                .hasMessageContaining("set size=32 in the synthetic source");
    }
}
