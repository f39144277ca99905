package org.protoface.app;

import org.protoface.cli.AlignCommand;
import org.protoface.cli.CliErrors;
import org.protoface.cli.DetectCommand;
import org.protoface.cli.EmbedCommand;
import org.protoface.cli.EvalCommand;
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
