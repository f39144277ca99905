package org.protoface.data.verification;

import org.protoface.data.MalformedDataException;
import org.protoface.data.io.ImageOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a validation set from a path: an InsightFace .bin file or an LFW folder with pairs.txt. */
public final class VerificationSets {
    private VerificationSets() {}

    /**
     * @param imageSize side the images are decoded and resized to (the encoder's input size)
     * @throws MalformedDataException when the path is neither a file nor a folder with pairs.txt
     */
    public static VerificationPairs open(Path path, int imageSize) throws IOException {
        ImageOptions options = ImageOptions.of(imageSize);
        if (Files.isRegularFile(path)) return BinValidationSet.open(path, options);
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve("pairs.txt"))) {
                throw new MalformedDataException("validation folder " + path + " has no pairs.txt (expected LFW's layout)");
            }
            return LfwPairsDataset.open(path, options);
        }
        throw new MalformedDataException("validation set " + path + " does not exist (give a .bin file or an LFW folder)");
    }
}
