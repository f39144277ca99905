package org.protoface.lab.throughput;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.protoface.lab.throughput.RenderBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code render}: measures synthetic face rendering speed (images/s, single thread and all threads). */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Benchmark the synthetic face renderer: images/s on one thread and on all threads.")
public final class BenchRenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--size", defaultValue = "64", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--images", defaultValue = "2000", description = "Images per phase (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--threads", description = "Threads for the parallel phase (default: all processors).")
    Integer threads;

    @Option(names = "--json", description = "Also write the result as JSON to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try {
            RenderBenchmark.Result result = RenderBenchmark.run(size, images, workers);
            spec.commandLine().getOut().println(result.line());
            if (json != null) {
                RenderBenchmark.writeJson(result, json);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return 0;
    }
}
