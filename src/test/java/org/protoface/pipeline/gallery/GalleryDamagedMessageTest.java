package org.protoface.pipeline.gallery;

import org.apache.lucene.index.CorruptIndexException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A damaged gallery's message names the gallery and what to do, never Lucene's objects. */
class GalleryDamagedMessageTest {
    @Test
    void aReasonThatDescribesLucenesDirectoryObjectIsCleanedOfClassNamesAndHashes() {
        // what Lucene 9.12 said for a gallery whose compound file was emptied (seen by a reviewer)
        String directory = "OwnerOnlyDirectory(MMapDirectory@/tmp/g lockFactory=org.apache.lucene.store.NativeFSLockFactory@55a147cc)";
        IOException e = GalleryDamagedException.translate(
                new CorruptIndexException("Problem reading index from " + directory, directory), Path.of("/tmp/g"));
        assertThat(e).isInstanceOf(GalleryDamagedException.class);
        assertThat(e.getMessage()).contains("/tmp/g", "damaged", "Problem reading index from the gallery folder")
                .doesNotContain("Directory(", "org.apache", "@55a147cc", "lockFactory").doesNotContain("\n");
    }

    @Test
    void theIndexFileIsNamedWhenTheDescriptionHoldsOneWithoutAPath() {
        IOException e = GalleryDamagedException.translate(
                new CorruptIndexException("codec header mismatch", "MMapIndexInput(_3.cfs) [slice=_3_Lucene99_0.vec]"), Path.of("/g"));
        assertThat(e.getMessage()).contains("_3.cfs").doesNotContain("MMapIndexInput");
    }
}
