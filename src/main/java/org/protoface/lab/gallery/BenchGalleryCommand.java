package org.protoface.lab.gallery;

import org.protoface.cli.ModelInputOptions;
import org.protoface.infer.EmbeddingModel;
import org.protoface.pipeline.gallery.HnswSettings;
import org.protoface.torch.Torch;
import org.protoface.util.JsonReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code protoface bench gallery}: identification top-1 (approximate and exact, aligned and unaligned) on held-out
 * synthetic identities, then HNSW recall@10 against exact search and query latency at {@code --vectors} stored
 * faces. See "Commands" in README.md and docs/pipeline.md.
 */
@Command(name = "gallery", mixinStandardHelpOptions = true,
        description = {"Gallery identification top-1, HNSW recall@10 and query latency on held-out synthetic identities embedded by a trained model.",
                "Top-1 is measured approximate and exact, aligned and unaligned; recall@10 of the HNSW search is against exact search,",
                "and query latency at --vectors stored faces."})
public final class BenchGalleryCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR|FILE.onnx",
            description = "A trained model (e.g. runs/x/model) or an ONNX recogniser (see --input-mean).")
    Path model;

    @Mixin
    ModelInputOptions modelInput = new ModelInputOptions();

    @Option(names = "--identities", defaultValue = "200", description = "Identities enrolled in the identification part, 0 to skip it (default: ${DEFAULT-VALUE}).")
    int identities;

    @Option(names = "--enrol-images", defaultValue = "5", description = "Photos enrolled per identity (default: ${DEFAULT-VALUE}).")
    int enrolImages;

    @Option(names = "--probe-images", defaultValue = "5", description = "Other photos identified per identity (default: ${DEFAULT-VALUE}).")
    int probeImages;

    @Option(names = "--vectors", defaultValue = "100000", description = "Stored faces in the scale part, 0 to skip it (default: ${DEFAULT-VALUE}).")
    int vectors;

    @Option(names = "--queries", defaultValue = "1000", description = "Probes in the scale part (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--candidates", split = ",", defaultValue = "10,20,50,100", description = "Candidate counts (Lucene's k) to measure (default: ${DEFAULT-VALUE}).")
    int[] candidates;

    @Option(names = "--hnsw-m", defaultValue = "16", description = "HNSW M (default: ${DEFAULT-VALUE}).")
    int hnswM;

    @Option(names = "--hnsw-beam", defaultValue = "100", description = "HNSW construction beam width (default: ${DEFAULT-VALUE}).")
    int hnswBeam;

    @Option(names = "--seed", defaultValue = "7", description = "Synthetic world seed (the cpu preset trains on 7; default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--render-size", defaultValue = "112", description = "Side of the photos aligned in the identification part (default: ${DEFAULT-VALUE}).")
    int renderSize;

    @Option(names = "--threads", description = "Render threads (default: all processors).")
    Integer threads;

    @Option(names = "--work", paramLabel = "DIR", description = "Where the benchmark galleries go (default: a temporary folder, deleted afterwards).")
    Path work;

    @Option(names = "--json", paramLabel = "FILE", defaultValue = "gallery-bench.json", description = "JSON result (default: ${DEFAULT-VALUE}).")
    Path json;

    @Override
    public Integer call() throws Exception {
        Torch.init();
        boolean temporary = work == null;
        Path dir = temporary ? Files.createTempDirectory("protoface-bench-gallery") : work;
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        GalleryBenchmark.Settings s = new GalleryBenchmark.Settings(identities, enrolImages, probeImages, vectors, queries, seed, renderSize,
                new HnswSettings(hnswM, hnswBeam), candidates, t, dir);
        GalleryBenchmark.Result r;
        try (EmbeddingModel m = modelInput.open(model)) {
            r = GalleryBenchmark.run(m, s, System.out);
        } finally {
            if (temporary) org.protoface.util.Folders.deleteTree(dir);
        }
        print(r);
        JsonReports.write(json, r);
        System.out.println("written to " + json);
        return 0;
    }

    private static void print(GalleryBenchmark.Result r) {
        System.out.println("model: " + r.model());
        GalleryBenchmark.Identification i = r.identification();
        if (i != null) {
            System.out.printf(Locale.ROOT, "identification: %d identities x %d enrolled photos, %d probes (flip test)%n", i.identities(), i.enrolled(), i.probes());
            System.out.printf(Locale.ROOT, "  top-1 aligned:   approximate %.4f, exact %.4f; approximate = exact on %.2f%% of probes%n", i.top1Approximate(),
                    i.top1Exact(), 100 * i.approximateAgreesWithExact());
            System.out.printf(Locale.ROOT, "  top-1 unaligned: exact %.4f%n", i.top1ExactUnaligned());
            System.out.printf(Locale.ROOT, "  mean cosine, same identity: aligned %.4f, unaligned %.4f; different identities: aligned %.4f, unaligned %.4f%n",
                    i.genuineCosineAligned(), i.genuineCosineUnaligned(), i.impostorCosineAligned(), i.impostorCosineUnaligned());
        }
        GalleryBenchmark.Scale s = r.scale();
        if (s != null) {
            System.out.printf(Locale.ROOT, "scale: %d stored faces, %d queries, %d segment(s), HNSW M %d beam %d; embedded in %.0f s, indexed in %.0f s, %.1f MB%n",
                    s.vectors(), s.queries(), s.segments(), s.hnswM(), s.hnswBeam(), s.embedSeconds(), s.indexSeconds(), s.indexBytes() / 1e6);
            System.out.println("  | candidates | recall@10 | median ms | p95 ms | mean ms |");
            System.out.println("  |---|---|---|---|---|");
            for (GalleryBenchmark.RecallPoint p : s.approximate()) {
                System.out.printf(Locale.ROOT, "  | %d | %.4f | %.2f | %.2f | %.2f |%n", p.candidates(), p.recallAt10(), p.medianMs(), p.p95Ms(), p.meanMs());
            }
            System.out.printf(Locale.ROOT, "  exact: %.2f ms per query alone, %.3f ms per query in batches of 64%n", s.exactMsPerQuery(), s.exactMsPerQueryBatched());
        }
    }
}
