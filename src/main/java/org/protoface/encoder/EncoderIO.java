package org.protoface.encoder;

import org.protoface.torch.NativeErrors;

import org.protoface.util.AtomicFiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.StringVector;
import org.protoface.torch.Tensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Saves and restores an encoder as a directory: {@code encoder.json} (the spec, snake_case keys)
 * and {@code encoder.pt} (libtorch archive of all parameters and BN running statistics). The spec
 * is needed to rebuild the module skeleton before the weights can be loaded into it.
 */
public final class EncoderIO {
    public static final String WEIGHTS_FILE = "encoder.pt";
    public static final String SPEC_FILE = "encoder.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // a missing field must fail loudly rather than come back as depth 0 or width 0.0
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private EncoderIO() {}

    /**
     * Writes both files into {@code dir} (created if needed). Each file is written to a temporary
     * file in the same directory and moved into place atomically, so a crash leaves either the
     * old or the new version of each file, never a truncated one.
     */
    public static void save(Encoder encoder, Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(WEIGHTS_FILE), tmp -> {
            OutputArchive archive = new OutputArchive();
            encoder.save(archive);
            archive.save_to(tmp.toString());
        });
        AtomicFiles.writeBytes(dir.resolve(SPEC_FILE), JSON.writeValueAsBytes(encoder.spec()));
    }

    /**
     * Rebuilds the encoder described by {@code dir/encoder.json} and loads {@code dir/encoder.pt}
     * into it. The encoder comes back in training mode, like a freshly built one; call
     * {@code train(false)} before extracting embeddings.
     *
     * @throws IOException naming the file that is missing, unreadable or does not match
     */
    public static Encoder load(Path dir) throws IOException {
        EncoderSpec spec = readSpec(dir.resolve(SPEC_FILE));
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) throw new NoSuchFileException(weights.toString(), null, "encoder weights file is missing");
        Encoder encoder;
        try {
            encoder = Encoders.create(spec);
        } catch (IllegalArgumentException e) {
            throw new IOException(dir.resolve(SPEC_FILE) + ": invalid encoder spec: " + e.getMessage(), e);
        }
        Map<String, List<Long>> expectedShapes = tensorShapes(encoder);
        try {
            InputArchive archive = new InputArchive();
            archive.load_from(weights.toString());
            encoder.load(archive);
        } catch (RuntimeException e) {
            // libtorch reports a corrupt archive or a tensor of the wrong shape as a c10::Error.
            throw new IOException(weights + ": cannot load weights for " + Encoders.name(spec) + " as described by "
                    + SPEC_FILE + " (corrupt file or spec/weights mismatch): " + NativeErrors.firstLine(e.getMessage(), ""), e);
        }
        // libtorch's load replaces each tensor with the stored one whatever its shape, so a spec
        // that disagrees with the weights (say, another width) would only fail at the first forward.
        Map<String, List<Long>> loadedShapes = tensorShapes(encoder);
        for (Map.Entry<String, List<Long>> expected : expectedShapes.entrySet()) {
            List<Long> loaded = loadedShapes.get(expected.getKey());
            if (!expected.getValue().equals(loaded)) {
                throw new IOException(weights + ": tensor '" + expected.getKey() + "' has shape " + loaded + " but "
                        + SPEC_FILE + " describes " + Encoders.name(spec) + " with shape " + expected.getValue());
            }
        }
        return encoder;
    }

    /** Shape of every parameter and buffer (BN running statistics) by its qualified name. */
    private static Map<String, List<Long>> tensorShapes(Encoder encoder) {
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        for (StringTensorDict dict : List.of(encoder.named_parameters(), encoder.named_buffers())) {
            StringVector keys = dict.keys();
            for (long i = 0; i < keys.size(); i++) {
                String name = keys.get(i).getString();
                List<Long> shape = new ArrayList<>();
                for (long side : Tensors.shape(dict.get(name))) shape.add(side);
                shapes.put(name, shape);
            }
        }
        return shapes;
    }

    /** One-line description, e.g. "iresnet18 x0.25, 48x48 -> 128: 1.23M params, 0.045 GFLOPs/image (0.0225 GMACs)". */
    public static String summary(Encoder encoder) {
        EncoderSpec spec = encoder.spec();
        EncoderCost cost = Encoders.cost(spec);
        DecimalFormat compact = new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return String.format(Locale.ROOT, "%s x%s, %dx%d -> %d: %.2fM params, %.3g GFLOPs/image (%.3g GMACs)",
                Encoders.name(spec), compact.format(spec.width()), spec.inputSize(), spec.inputSize(),
                spec.embeddingSize(), encoder.parameterCount() / 1e6, cost.gflops(), cost.gmacs());
    }

    private static EncoderSpec readSpec(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "encoder spec file is missing");
        try {
            EncoderSpec spec = JSON.readValue(file.toFile(), EncoderSpec.class);
            if (spec == null) throw new IOException(file + ": empty encoder spec");
            return spec;
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a valid encoder spec: " + e.getOriginalMessage(), e);
        }
    }

}
