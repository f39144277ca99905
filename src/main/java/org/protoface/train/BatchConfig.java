package org.protoface.train;

import org.protoface.config.Section;

/** The {@code batch:} section: {@code size} images made of size / images_per_identity identities. */
public record BatchConfig(int size, int imagesPerIdentity) {
    /** 128 images of 32 identities x 4. */
    public static final Section<BatchConfig> SECTION = new Section<>("batch", BatchConfig.class, new BatchConfig(128, 4));
}
