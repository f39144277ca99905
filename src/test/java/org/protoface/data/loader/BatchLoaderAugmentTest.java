package org.protoface.data.loader;

import org.protoface.data.augment.AugmentConfig;

import org.junit.jupiter.api.Test;
import org.protoface.testing.PatternFaces;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The loader's augmented batches depend only on (seed, step, sample), not on threads or timing. */
class BatchLoaderAugmentTest {
    private static final AugmentConfig ALL = new AugmentConfig(0.5, 0.5, 0.5, 0.5, 0.5, 1.5, 0.3, 0.5, 0.2, 0.2, 0.2);

    private static List<float[]> batches(AugmentConfig augment, long seed, int workers) throws Exception {
        PatternFaces data = new PatternFaces(20, 5, 12);
        IdentityBatchSampler sampler = new IdentityBatchSampler(20, data::imageCount, 16, 4, 3);
        List<float[]> out = new ArrayList<>();
        try (BatchLoader loader = new BatchLoader(data, sampler, augment, seed, workers, 2)) {
            for (int i = 0; i < 3; i++) out.add(loader.next().images());
        }
        return out;
    }

    @Test
    void oneAndThreeWorkersProduceIdenticalAugmentedBatches() throws Exception {
        List<float[]> one = batches(ALL, 9, 1), three = batches(ALL, 9, 3);
        for (int i = 0; i < one.size(); i++) assertThat(three.get(i)).as("batch %d", i).containsExactly(one.get(i));
    }

    @Test
    void anotherSeedAugmentsDifferentlyAndNoAugmentationGivesTheDecodedImages() throws Exception {
        // the sampler seed is fixed, so the same images are drawn; only the augmentation differs
        assertThat(batches(ALL, 10, 2).get(0)).isNotEqualTo(batches(ALL, 9, 2).get(0));
        AugmentConfig off = new AugmentConfig(0, 0, 0.5, 0, 0.5, 1.5, 0, 0, 0.2, 0.2, 0.2);
        assertThat(batches(off, 9, 2).get(0)).containsExactly(batches(off, 10, 2).get(0));
    }

    /** The loader's threads, and only they, run at the lowest CPU priority (read back with `ps`, per thread). */
    @Test
    void loaderThreadsRunAtTheLowestPriority() throws Exception {
        PatternFaces data = new PatternFaces(20, 5, 12);
        IdentityBatchSampler sampler = new IdentityBatchSampler(20, data::imageCount, 16, 4, 3);
        try (BatchLoader loader = new BatchLoader(data, sampler, ALL, 1, 2, 2)) {
            loader.next();
            Process p = new ProcessBuilder("ps", "-L", "-o", "comm=,nice=", "-p", Long.toString(ProcessHandle.current().pid())).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            List<String> loaderLines = out.lines().filter(l -> l.trim().startsWith("loader-")).toList();
            assertThat(loaderLines).as(out).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(l -> assertThat(l.trim().split("\\s+")[1]).isEqualTo("19"));
            assertThat(out.lines().filter(l -> l.trim().startsWith("main")).toList()).as(out)
                    .allSatisfy(l -> assertThat(l.trim().split("\\s+")[1]).isNotEqualTo("19"));
        }
    }
}
