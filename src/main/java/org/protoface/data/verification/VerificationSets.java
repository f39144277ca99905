package org.protoface.data.verification;

import org.protoface.data.CorruptRecordException;
import org.protoface.data.MalformedDataException;
import org.protoface.data.io.ImageOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.IntStream;

/** Opens a validation set from a path: an InsightFace .bin file or an LFW folder with pairs.txt. */
public final class VerificationSets {
    private VerificationSets() {}

    /**
     * @param imageSize side the images are decoded and resized to (the encoder's input size)
     * @throws MalformedDataException when the path is neither a file nor a folder with pairs.txt
     */
    public static VerificationPairs open(Path path, int imageSize) throws IOException {
        ImageOptions options = ImageOptions.of(imageSize);
        VerificationPairs set;
        if (Files.isRegularFile(path)) {
            set = BinValidationSet.open(path, options);
        } else if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve("pairs.txt"))) {
                throw new MalformedDataException("validation folder " + path + " has no pairs.txt (expected LFW's layout)");
            }
            set = LfwPairsDataset.open(path, options);
        } else {
            throw new MalformedDataException("validation set " + path + " does not exist (give a .bin file or an LFW folder)");
        }
        requireDecodable(set, path);
        return set;
    }

    /**
     * Decodes every image of {@code set} once (in parallel), so that an undecodable item stops the
     * run before training rather than at its first validation, hours later. Validation sets are
     * small (LFW: 12,000 images of 112 x 112), so this takes seconds.
     *
     * @throws MalformedDataException naming the file, the image and its pair
     */
    public static void requireDecodable(VerificationPairs set, Path file) throws MalformedDataException {
        int size = set.imageSize();
        int per = 3 * size * size;
        String failure = IntStream.range(0, 2 * set.pairCount()).parallel().mapToObj(k -> {
            try {
                set.load(k / 2, k % 2, new float[per], 0);
                return null;
            } catch (CorruptRecordException e) {
                return "image " + k + " (side " + k % 2 + " of pair " + k / 2 + ") cannot be decoded: " + e.getMessage();
            }
        }).filter(Objects::nonNull).findFirst().orElse(null);
        if (failure != null) {
            throw new MalformedDataException("validation set " + file + ": " + failure
                    + "; repair or remove the set (dropping a pair would change the protocol's folds)");
        }
    }
}
