package org.protoface.lab.throughput;

import org.protoface.util.JsonReports;



import org.protoface.lab.throughput.RecordIoOpenBenchmark;

import org.protoface.util.Folders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Opens a RecordIO set with the record count of WebFace42M (or any other) and checks every identity
 * range: above 2^24 images the float32 ranges are rounded and must be settled from the file.
 */
@Command(name = "recordio", mixinStandardHelpOptions = true,
        description = {"Time to open an InsightFace-layout train.rec/train.idx with the record count of a public set.",
                "Writes the pack (placeholder image bytes), opens it, and prints the open time, the heap it keeps and how many",
                "identity ranges are right. Defaults: WebFace42M (42,474,557 images, 2,059,906 identities; about 2.4 GB of",
                "temporary files)."})
public final class BenchRecordIoCommand implements Callable<Integer> {
    @Option(names = "--images", defaultValue = "42474557", description = "Image records (default: ${DEFAULT-VALUE}).")
    long images;

    @Option(names = "--identities", defaultValue = "2059906", description = "Identities (default: ${DEFAULT-VALUE}).")
    int identities;

    @Option(names = "--dir", description = "Where to write the set (default: a temporary folder, deleted afterwards).")
    Path dir;

    @Option(names = "--seed", defaultValue = "5", description = "Seed of the identity sizes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the numbers as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        boolean temporary = dir == null;
        Path where = temporary ? Files.createTempDirectory("protoface-recordio-") : dir;
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            RecordIoOpenBenchmark.Written w = RecordIoOpenBenchmark.write(where, images, identities, seed);
            System.out.printf(Locale.ROOT, "wrote %,d images of %,d identities: %.2f GB .rec, %.2f GB .idx in %.1f s%n",
                    images, identities, w.recBytes() / 1e9, w.idxBytes() / 1e9, w.seconds());
            RecordIoOpenBenchmark.Result r = RecordIoOpenBenchmark.open(w);
            System.out.println(r.line());
            m.put("images", images);
            m.put("identities", identities);
            m.put("rec_bytes", w.recBytes());
            m.put("idx_bytes", w.idxBytes());
            m.put("write_seconds", w.seconds());
            m.put("open_seconds", r.openSeconds());
            m.put("heap_bytes", r.heapBytes());
            m.put("ranges_off_at_face_value", r.rangesWrongAtFaceValue());
            m.put("ranges_wrong_after_settling", r.wrongRanges());
            m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
            if (json != null) {
                JsonReports.write(json, m);
                System.out.println("written to " + json);
            }
            return r.wrongRanges() == 0 ? 0 : 1;
        } finally {
            if (temporary) Folders.deleteTree(where);
        }
    }
}
