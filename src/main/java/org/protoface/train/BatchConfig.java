package org.protoface.train;

import org.protoface.config.ConfigException;
import org.protoface.config.Ranges;
import org.protoface.config.Section;

/** The {@code batch:} section: {@code size} images made of size / images_per_identity identities. */
public record BatchConfig(int size, int imagesPerIdentity) {
    /** 128 images of 32 identities x 4. */
    public static final Section<BatchConfig> SECTION = new Section<>("batch", BatchConfig.class, new BatchConfig(128, 4));

    public BatchConfig {
        Ranges.atLeast("batch.size", size, 1);
        Ranges.atLeast("batch.images_per_identity", imagesPerIdentity, 1);
        if (size % imagesPerIdentity != 0) {
            throw new ConfigException("batch.size must be a multiple of batch.images_per_identity (a batch holds whole groups "
                    + "of images of one identity), got " + size + " and " + imagesPerIdentity);
        }
    }
}
