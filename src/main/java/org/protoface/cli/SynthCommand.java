package org.protoface.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.protoface.data.synthetic.SyntheticFolderWriter;
import org.protoface.data.synthetic.SyntheticSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code synth}: writes a synthetic identity dataset to disk as PNG folders plus landmarks.tsv. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Render a synthetic face identity dataset to DIR/<label>/<sample>.png with DIR/landmarks.tsv.")
public final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--identities", required = true, description = "Number of identities N.")
    int identities;

    @Option(names = "--images", defaultValue = "16", description = "Images per identity (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--size", defaultValue = "112", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--out", required = true, description = "Output directory (must be absent or empty).")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "World seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--offset", defaultValue = "0",
            description = "Identity number of label 0; use e.g. 1073741824 for held-out identities (default: ${DEFAULT-VALUE}).")
    long offset;

    @Option(names = "--difficulty", defaultValue = "1.0",
            description = "Nuisance strength, 0 = canonical faces (default: ${DEFAULT-VALUE}).")
    double difficulty;

    @Option(names = "--threads", description = "Render threads (default: all processors).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        SyntheticSpec data;
        try {
            data = new SyntheticSpec(identities, images, size, seed, offset, difficulty);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1: " + workers);
        }
        SyntheticFolderWriter.Summary summary = new SyntheticFolderWriter(data, workers).write(out);
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "wrote %d identities x %d images (%d px) to %s: %d images, %.1f MB in %.1f s (%.0f images/s); spec %s",
                summary.identities(), images, size, summary.directory(), summary.images(), summary.bytes() / 1e6,
                summary.seconds(), summary.imagesPerSecond(), data.toSpecString()));
        return 0;
    }
}
