package org.protoface.onnx;

import onnx.Onnx.ModelProto;
import org.protoface.encoder.Encoder;
import org.protoface.util.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Export as the {@code export} command does it: build the graph, write it to a temporary file,
 * check it in ONNX Runtime against libtorch ({@link ExportCheck}), and only then move it into place.
 * A failed check leaves any earlier file at the target untouched.
 */
public final class EncoderExport {
    private EncoderExport() {}

    /** Raised when ONNX Runtime's embeddings differ from libtorch's by more than the tolerance. */
    public static final class CheckFailedException extends IOException {
        private final ExportCheck.Result result;

        CheckFailedException(String message, ExportCheck.Result result) {
            super(message);
            this.result = result;
        }

        /** The comparison that failed (images, batch, largest absolute difference). */
        public ExportCheck.Result result() {
            return result;
        }
    }

    /**
     * @param target    the .onnx file to write (atomically)
     * @param images    synthetic faces to check on
     * @param tolerance largest absolute embedding difference accepted
     * @param threads   ONNX Runtime intra-op threads (0 = its default)
     * @return the check's result (passed)
     * @throws CheckFailedException naming the difference and the tolerance; nothing is written
     */
    public static ExportCheck.Result exportChecked(Encoder encoder, ExportOptions options, Path target, int images,
                                                   double tolerance, int threads) throws IOException {
        ModelProto model = OnnxExporter.export(encoder, options);
        ExportCheck.Result[] result = new ExportCheck.Result[1];
        AtomicFiles.write(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                model.writeTo(out);
            }
            int batch = options.dynamicBatch() ? images : options.batch();
            ExportCheck.Result r = ExportCheck.compare(encoder, tmp, options.normaliseInput(), images, batch, threads);
            if (!r.passed(tolerance)) {
                throw new CheckFailedException(String.format(Locale.ROOT,
                        "export check failed: ONNX Runtime and libtorch embeddings differ by up to %.3g on %d synthetic faces "
                                + "(limit %.1g); %s was not written", r.maxAbsDifference(), r.images(), tolerance, target), r);
            }
            result[0] = r;
        });
        return result[0];
    }
}
