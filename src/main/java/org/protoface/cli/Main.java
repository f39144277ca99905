package org.protoface.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code protoface} command line. */
@Command(name = "protoface", mixinStandardHelpOptions = true, version = "ProtoFace 0.1.0",
        description = "Train, evaluate and benchmark face recognition encoders with Prototype Memory and baseline heads; detect, align,\n"
                + "embed and identify faces in photographs.",
        subcommands = {TrainCommand.class, EvalCommand.class, SynthCommand.class, PackCommand.class, DetectCommand.class, AlignCommand.class,
                EmbedCommand.class, GalleryCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main())
                .setExecutionExceptionHandler(new CliErrors())
                .execute(args);
        System.exit(code);
    }
}
