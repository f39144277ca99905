package org.protoface.cli;

import org.protoface.head.Bytes;
import org.protoface.scale.RssProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "rss", mixinStandardHelpOptions = true,
        description = {"Whether a run's resident memory stayed flat: max rss_bytes after the warm-up over the first "
                + "value logged after it, from metrics.jsonl.",
                "Exit code 1 when the ratio is above --limit."})
public final class BenchRssCommand implements Callable<Integer> {
    @Option(names = "--metrics", required = true, paramLabel = "FILE", description = "A run's metrics.jsonl.")
    Path metrics;

    @Option(names = "--warmup-steps", paramLabel = "STEPS", description = "Lines before this step are ignored (default: the first tenth of the run).")
    Long warmupSteps;

    @Option(names = "--limit", defaultValue = "1.1", description = "Largest ratio counted as flat (default: ${DEFAULT-VALUE}).")
    double limit;

    @Override
    public Integer call() throws Exception {
        RssProfile profile = RssProfile.read(metrics);
        RssProfile.Flatness f = profile.flatness(warmupSteps != null ? warmupSteps : profile.defaultWarmupSteps());
        boolean flat = f.ratio() <= limit;
        System.out.printf(Locale.ROOT, "%s: %d lines from step %d (warm-up %d steps)%n", metrics, f.linesUsed(), f.referenceStep(), f.warmupSteps());
        System.out.printf(Locale.ROOT, "RSS at step %d: %s; peak %s at step %d; last %s%n", f.referenceStep(), Bytes.format(f.referenceRss()),
                Bytes.format(f.peakRss()), f.peakStep(), Bytes.format(f.lastRss()));
        System.out.printf(Locale.ROOT, "ratio %.3f (limit %.3f): %s%n", f.ratio(), limit, flat ? "flat" : "GROWING");
        return flat ? 0 : 1;
    }
}
