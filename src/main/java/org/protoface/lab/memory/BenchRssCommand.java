package org.protoface.lab.memory;

import org.protoface.config.Config;
import org.protoface.util.Bytes;
import org.protoface.encoder.EncoderSpec;
import org.protoface.head.HeadSize;
import org.protoface.head.registry.HeadKinds;
import org.protoface.train.BatchConfig;
import org.protoface.lab.memory.RssProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code protoface bench rss}: whether a run's resident memory stayed flat (max {@code rss_bytes} after the warm-up
 * over the first value after it, from {@code metrics.jsonl}); exit code 1 above {@code --limit}. See docs/scale.md.
 */
@Command(name = "rss", mixinStandardHelpOptions = true,
        description = {"Whether a run's resident memory stayed flat: max rss_bytes after the warm-up over the first "
                + "value logged after it, from metrics.jsonl.",
                "Exit code 1 when the ratio is above --limit."})
public final class BenchRssCommand implements Callable<Integer> {
    @Option(names = "--metrics", required = true, paramLabel = "FILE", description = "A run's metrics.jsonl.")
    Path metrics;

    @Option(names = "--warmup-steps", paramLabel = "STEPS", description = {"Lines before this step are ignored (default: the first "
            + "tenth of the run, or, for a Prototype Memory run with config.yaml beside the metrics, the steps until its memory is full "
            + "if that is longer)."})
    Long warmupSteps;

    @Option(names = "--limit", defaultValue = "1.1", description = "Largest ratio counted as flat (default: ${DEFAULT-VALUE}).")
    double limit;

    @Override
    public Integer call() throws Exception {
        RssProfile profile = RssProfile.read(metrics);
        long warmup = warmupSteps != null ? warmupSteps : defaultWarmup(profile);
        RssProfile.Flatness f = profile.flatness(warmup);
        boolean flat = f.ratio() <= limit;
        System.out.printf(Locale.ROOT, "%s: %d lines from step %d (warm-up %d steps)%n", metrics, f.linesUsed(), f.referenceStep(), f.warmupSteps());
        System.out.printf(Locale.ROOT, "RSS at step %d: %s; peak %s at step %d; last %s%n", f.referenceStep(), Bytes.format(f.referenceRss()),
                Bytes.format(f.peakRss()), f.peakStep(), Bytes.format(f.lastRss()));
        System.out.printf(Locale.ROOT, "ratio %.3f (limit %.3f): %s%n", f.ratio(), limit, flat ? "flat" : "GROWING");
        return flat ? 0 : 1;
    }

    /** A tenth of the run, or longer when the run's own config says its memory fills later. */
    private long defaultWarmup(RssProfile profile) {
        long tenth = profile.defaultWarmupSteps();
        Path config = metrics.toAbsolutePath().resolveSibling("config.yaml");
        if (!Files.isRegularFile(config)) return tenth;
        Config run = Config.load(config.toString(), List.of());
        BatchConfig batch = run.get(BatchConfig.SECTION);
        int perStep = batch.size() / batch.imagesPerIdentity();
        // the fill time of a head's state does not depend on N (only on its capacity and the batch)
        long fill = HeadKinds.footprint(run, new HeadSize(perStep, run.get(EncoderSpec.SECTION).embeddingSize(), batch.size(),
                perStep)).fillSteps();
        if (fill <= tenth) return tenth;
        System.out.printf(Locale.ROOT, "warm-up: the head's state fills at %d identities per step after %d steps (%s)%n",
                perStep, fill, config);
        return fill;
    }
}
