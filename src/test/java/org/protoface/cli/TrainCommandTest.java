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

    @Test
    void aGlobalBatchThatDoesNotSplitOverTheRanksIsRefusedBeforeAnyRankStarts(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path out = dir.resolve("run");
        java.io.StringWriter err = new java.io.StringWriter();
        // the cpu preset's 128 images of 32 identities x 4 do not split over 3 ranks
        int code = org.protoface.app.Main.commandLine().setErr(new java.io.PrintWriter(err, true))
                .execute("train", "--nproc", "3", "-o", out.toString());
        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("protoface: ").contains("batch.size 128").contains("= 12; set batch.size=120 or 132")
                .doesNotContain("\n");
        // no rank ran: no log folder, nothing left in the run folder
        assertThat(out.resolve("logs")).doesNotExist();
    }

    @Test
    void aRunFolderThatIsNotEmptyOrHasNothingToResumeIsRefusedBeforeAnyRankStarts(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path out = java.nio.file.Files.createDirectories(dir.resolve("run"));
        java.nio.file.Files.writeString(out.resolve("notes.txt"), "mine");
        Path empty = dir.resolve("empty");
        for (String[] args : java.util.List.of(new String[] {"train", "--nproc", "2", "-o", out.toString()},
                new String[] {"train", "--nproc", "2", "-o", empty.toString(), "--resume"})) {
            java.io.StringWriter err = new java.io.StringWriter();
            int code = org.protoface.app.Main.commandLine().setErr(new java.io.PrintWriter(err, true)).execute(args);
            assertThat(code).as(err.toString()).isEqualTo(2);
            assertThat(err.toString().strip()).startsWith("protoface: ").doesNotContain("\n").doesNotContain("rank 0 failed");
        }
        // checked by the launcher itself: no rank started, so no rank logs
        assertThat(out.resolve("logs")).doesNotExist();
        assertThat(empty.resolve("logs")).doesNotExist();
    }
}
