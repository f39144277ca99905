package org.protoface.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RendererDeterminismTest {
    private final SyntheticFaceRenderer renderer = new SyntheticFaceRenderer(7, 48, 1.0);

    @Test
    void sameIdentityAndSampleGiveIdenticalBytesRegardlessOfOrderAndThread() {
        RenderedFace first = renderer.render(123_456, 3);
        // Interleave other renders and use a fresh renderer: no hidden state may leak between calls.
        renderer.render(9, 0);
        renderer.render(123_456, 4);
        RenderedFace again = new SyntheticFaceRenderer(7, 48, 1.0).render(123_456, 3);
        assertThat(again.rgb()).isEqualTo(first.rgb());
        assertThat(again.landmarks()).isEqualTo(first.landmarks());

        List<byte[]> sequential = IntStream.range(0, 24).mapToObj(this::renderIndexed).toList();
        // Reverse order on one thread, and arbitrary order across pool threads (toList keeps positions).
        List<byte[]> reversed = IntStream.range(0, 24).map(i -> 23 - i).mapToObj(this::renderIndexed).toList();
        List<byte[]> parallel = IntStream.range(0, 24).parallel().mapToObj(this::renderIndexed).toList();
        for (int i = 0; i < 24; i++) {
            assertThat(reversed.get(23 - i)).as("image %d reversed", i).isEqualTo(sequential.get(i));
            assertThat(parallel.get(i)).as("image %d parallel", i).isEqualTo(sequential.get(i));
        }
    }

    private byte[] renderIndexed(int i) {
        return renderer.render(1000 + i % 6, i / 6).rgb();
    }

    @Test
    void differentIdentitiesSamplesAndSeedsDiffer() {
        byte[] base = renderer.render(50, 0).rgb();
        assertThat(renderer.render(51, 0).rgb()).isNotEqualTo(base);
        assertThat(renderer.render(50, 1).rgb()).isNotEqualTo(base);
        assertThat(new SyntheticFaceRenderer(8, 48, 1.0).render(50, 0).rgb()).isNotEqualTo(base);
    }

    @Test
    void traitsDependOnIdentityOnlyAndNuisanceOnSample() {
        FaceTraits a = FaceTraits.of(7, 77);
        FaceTraits b = FaceTraits.of(7, 77);
        assertThat(a.faceHalfWidth).isEqualTo(b.faceHalfWidth);
        assertThat(a.skin).isEqualTo(b.skin);
        assertThat(a.patchU(3)).isEqualTo(b.patchU(3));
        assertThat(FaceTraits.of(7, 78).skin).isNotEqualTo(a.skin);
        // Identities far apart in number (the held-out range) are as distinct as neighbours.
        assertThat(FaceTraits.of(7, (1L << 30) + 77).faceHalfWidth).isNotEqualTo(a.faceHalfWidth);

        Nuisance n0 = Nuisance.of(7, 77, 0, 1.0);
        Nuisance n1 = Nuisance.of(7, 77, 1, 1.0);
        assertThat(n0.rotation).isEqualTo(Nuisance.of(7, 77, 0, 1.0).rotation);
        assertThat(n1.rotation).isNotEqualTo(n0.rotation);
        assertThat(n1.background0).isNotEqualTo(n0.background0);
    }

    @Test
    void everySizeHasTheRightShape() {
        for (int size : new int[] {16, 32, 112}) {
            RenderedFace face = new SyntheticFaceRenderer(1, size, 1.0).render(5, 2);
            assertThat(face.size()).isEqualTo(size);
            assertThat(face.rgb()).hasSize(3 * size * size);
            assertThat(face.landmarks()).hasSize(10);
        }
    }
}
