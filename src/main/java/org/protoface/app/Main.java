package org.protoface.app;

import org.protoface.cli.AlignCommand;
import org.protoface.cli.CliErrors;
import org.protoface.cli.ConfigCommand;
import org.protoface.cli.DetectCommand;
import org.protoface.cli.EmbedCommand;
import org.protoface.cli.EvalCommand;
import org.protoface.cli.ExportCommand;
import org.protoface.cli.GalleryCommand;
import org.protoface.cli.PackCommand;
import org.protoface.cli.SynthCommand;
import org.protoface.cli.TrainCommand;
import org.protoface.lab.BenchCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code protoface} command line: the composition root that puts the product's commands
 * ({@code org.protoface.cli}) and the lab's measurement commands ({@code org.protoface.lab}, under
 * {@code bench}) into one program. It is the only class outside the lab that may name the lab.
 */
@Command(name = "protoface", mixinStandardHelpOptions = true, version = "ProtoFace 0.1.0",
        description = "Train, evaluate and benchmark face recognition encoders with Prototype Memory and baseline heads; detect, align, "
                + "embed and identify faces in photographs.",
        subcommands = {TrainCommand.class, EvalCommand.class, ConfigCommand.class, ExportCommand.class, SynthCommand.class, PackCommand.class,
                DetectCommand.class, AlignCommand.class, EmbedCommand.class, GalleryCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Shared with {@link CliErrors}: picocli sets it while parsing, before any command runs. */
    private final boolean[] debug = new boolean[1];

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of a failure as well as its one-line message.")
    void setDebug(boolean on) {
        debug[0] = on;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Runs {@code protoface} with the given arguments and exits the JVM with the command's exit code
     * (0 success; 2 bad input or another expected failure, one line on stderr; 1 a failed check or an
     * unexpected error; see {@link CliErrors}).
     *
     * @param args command-line arguments as typed after {@code protoface}
     */
    public static void main(String[] args) {
        quietNonZeroRank(System.getenv());
        System.exit(commandLine().execute(args));
    }

    /** Set by {@code train --nproc}'s launcher: it files every rank's output in its own log. */
    public static final String LAUNCHED_BY_PROTOFACE = "PROTOFACE_LAUNCHER";

    /**
     * Only rank 0 speaks: a rank other than 0 started by an outside launcher (torchrun, srun), whose
     * output goes to the same console, logs warnings and errors only. Must run before the first
     * logger is made (slf4j-simple reads the level once); ranks started by {@code --nproc} keep
     * their info lines, which the launcher writes to {@code <out>/logs/rank-<r>.log}.
     *
     * @param env the process environment (RANK from torchrun-style launchers, SLURM_PROCID from srun)
     */
    static void quietNonZeroRank(java.util.Map<String, String> env) {
        if (isOutsideNonZeroRank(env) && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    /** Whether {@code env} describes a rank other than 0 that ProtoFace's own launcher did not start. */
    static boolean isOutsideNonZeroRank(java.util.Map<String, String> env) {
        if (env.containsKey(LAUNCHED_BY_PROTOFACE)) return false;
        String rank = env.containsKey("RANK") ? env.get("RANK") : env.get("SLURM_PROCID");
        return rank != null && !rank.trim().equals("0");
    }

    /** The command line exactly as {@code protoface} runs it (tests use it to check messages and exit codes). */
    public static CommandLine commandLine() {
        Main main = new Main();
        return new CommandLine(main).setExecutionExceptionHandler(new CliErrors(main.debug));
    }
}
