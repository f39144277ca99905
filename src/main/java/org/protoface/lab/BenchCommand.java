package org.protoface.lab;

import org.protoface.lab.compare.BenchCompareCommand;
import org.protoface.lab.heads.BenchHeadsCommand;
import org.protoface.lab.memory.BenchRssCommand;
import org.protoface.lab.obsolescence.BenchObsolescenceCommand;
import org.protoface.lab.throughput.BenchLoaderCommand;
import org.protoface.lab.throughput.BenchRecordIoCommand;
import org.protoface.lab.throughput.BenchRenderCommand;
import org.protoface.lab.throughput.BenchTrainCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code protoface bench}: parent of the measurement commands (each prints numbers and writes JSON); on its own it
 * prints usage. See the {@code bench} rows of "Commands" in README.md and docs/measurements.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print numbers and write them to a JSON file.",
        subcommands = {BenchTrainCommand.class, BenchCompareCommand.class, BenchRenderCommand.class, BenchLoaderCommand.class,
                BenchHeadsCommand.class, BenchRssCommand.class, BenchObsolescenceCommand.class, BenchRecordIoCommand.class,
                org.protoface.lab.gallery.BenchGalleryCommand.class, org.protoface.lab.regimes.BenchRegimesCommand.class,
                org.protoface.lab.throughput.BenchScalingCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
