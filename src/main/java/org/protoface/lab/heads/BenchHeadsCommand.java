package org.protoface.lab.heads;

import org.protoface.util.Bytes;
import org.protoface.lab.heads.CaseResult;
import org.protoface.lab.heads.CaseRunner;
import org.protoface.lab.heads.ChildJvmCaseRunner;
import org.protoface.lab.heads.HeadBenchPlot;
import org.protoface.lab.heads.HeadBenchSettings;
import org.protoface.lab.heads.HeadBenchTable;
import org.protoface.lab.heads.HeadCase;
import org.protoface.lab.heads.HeadScaleBenchmark;
import org.protoface.torch.NativeMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code protoface bench heads}: head state bytes, peak resident memory and ms per step of each head at each
 * number of identities, one fresh JVM per case. See docs/scale.md ("Head cost against the number of identities").
 */
@Command(name = "heads", mixinStandardHelpOptions = true,
        description = {"Head state, peak resident memory and ms per step (forward, backward, update of the head alone, "
                + "random embeddings standing in for the encoder) for each head at each number of identities N.",
                "Cases that cannot fit are answered 'does not fit: needs X GiB' before anything is allocated; "
                        + "the others run in a fresh JVM each, so peak RSS belongs to one case."})
public final class BenchHeadsCommand implements Callable<Integer> {
    @Option(names = "--heads", defaultValue = "full,pfc:0.1,dsoftmax:1024,pm:65536",
            description = "Heads: full, pfc:RATE, dsoftmax:K, pm:M, comma-separated (default: ${DEFAULT-VALUE}).")
    String heads;

    @Option(names = "--classes", defaultValue = "1e3,1e4,1e5,1e6,1e7,1e8",
            description = "Numbers of identities N, comma-separated (default: ${DEFAULT-VALUE}).")
    String classes;

    @Option(names = "--batch", defaultValue = "128", description = "Images per step B (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--images-per-identity", defaultValue = "4", description = "K; a batch holds B/K identities drawn from N (default: ${DEFAULT-VALUE}).")
    int imagesPerIdentity;

    @Option(names = "--embedding-size", defaultValue = "512", description = "d (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps per case (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps per case; the median is reported (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--safety", defaultValue = "0.15", description = "Share of the available memory not planned on (default: ${DEFAULT-VALUE}).")
    double safety;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of labels, embeddings and head initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "libtorch threads per case; 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = {"-c", "--config"}, defaultValue = "base",
            description = "Preset the margin, optimizer and head options come from (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--nproc", defaultValue = "1", paramLabel = "N",
            description = "World size of the job the cases stand for: heads that split their classes across ranks (full, pfc,"
                    + " dsoftmax) are judged and timed as one rank's block of N/nproc classes (communication not timed);"
                    + " replicated heads (pm) need their whole state on every rank (default: ${DEFAULT-VALUE}).")
    int nproc;

    @Option(names = "--in-process", description = "Run the cases in this JVM (fast; peak RSS is then the whole process's).")
    boolean inProcess;

    @Option(names = "--timeout", defaultValue = "3600", description = "Seconds after which a case's JVM is stopped (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the rows as a JSON array.")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write ms/step and state bytes against N (log-log) as a PNG.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        List<HeadCase> headCases = HeadCase.parseList(heads);
        long[] counts = HeadBenchSettings.parseClassCounts(classes);
        HeadBenchSettings settings = new HeadBenchSettings(batch, imagesPerIdentity, dim, warmup, steps, safety, seed, threads, preset, nproc);
        CaseRunner runner = inProcess ? CaseRunner.IN_PROCESS : new ChildJvmCaseRunner(timeoutSeconds);
        System.out.printf(Locale.ROOT, "batch %d (%d identities x %d), d = %d, %d timed steps after %d warm-up;%s %s available; cases %s%n",
                batch, settings.batchClasses(), imagesPerIdentity, dim, steps, warmup,
                nproc > 1 ? " one rank of " + nproc + " (state and fit per rank);" : "",
                NativeMemory.availableBytes() < 0 ? "unknown memory" : Bytes.format(NativeMemory.availableBytes()),
                inProcess ? "in this JVM" : "in a fresh JVM each");
        List<CaseResult> rows = HeadScaleBenchmark.run(headCases, counts, settings, runner,
                r -> System.out.printf(Locale.ROOT, "  %-16s N=%-12d %s%n", r.head(), r.classes(),
                        r.ran() ? String.format(Locale.ROOT, "%.2f ms/step", r.msPerStep()) : r.note()));
        System.out.println();
        System.out.print(HeadBenchTable.format(rows));
        if (json != null) {
            HeadScaleBenchmark.writeJson(json, rows);
            System.out.println("written to " + json);
        }
        if (plot != null) {
            HeadBenchPlot.write(plot, rows);
            System.out.println("plot written to " + plot);
        }
        return 0;
    }
}
