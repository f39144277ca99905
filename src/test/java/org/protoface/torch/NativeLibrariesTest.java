package org.protoface.torch;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NativeLibrariesTest {
    private static final Path CACHE = Path.of("/c");
    private static final Path TORCH = CACHE.resolve("pytorch.jar/org/bytedeco/pytorch/linux-x86_64");
    private static final Path BLAS = CACHE.resolve("openblas.jar/org/bytedeco/openblas/linux-x86_64");
    private static final Path SYS = Path.of("/usr/lib/x86_64-linux-gnu");

    @Test
    void stemDropsTheVersionAfterSo() {
        assertThat(NativeLibraries.stem("libtorch_cpu.so.1.13.0")).isEqualTo("libtorch_cpu.so");
        assertThat(NativeLibraries.stem("libtorch_cpu.so")).isEqualTo("libtorch_cpu.so");
        assertThat(NativeLibraries.stem("libgcc_s.so.1")).isEqualTo("libgcc_s.so");
    }

    @Test
    void anotherBuildOfABundledLibraryIsReportedButTheGccRuntimesAreNot() {
        List<Path> bundled = List.of(TORCH.resolve("libtorch_cpu.so"), TORCH.resolve("libc10.so"),
                TORCH.resolve("libgomp.so.1"), BLAS.resolve("libgcc_s.so.1"), BLAS.resolve("libopenblas.so.0"));
        Set<Path> clean = Set.of(SYS.resolve("libgcc_s.so.1"), SYS.resolve("libstdc++.so.6.0.30"),
                TORCH.resolve("libtorch_cpu.so"), TORCH.resolve("libc10.so"), TORCH.resolve("libgomp.so.1"),
                BLAS.resolve("libgcc_s.so.1"), BLAS.resolve("libopenblas.so.0"), BLAS.resolve("libopenblas_nolapack.so.0"),
                // another preset's copy in the same cache is JavaCPP's too
                CACHE.resolve("opencv.jar/org/bytedeco/opencv/linux-x86_64/libgomp.so.1"));
        assertThat(NativeLibraries.foreignCopies(bundled, CACHE, clean)).isEmpty();

        Set<Path> mixed = new java.util.LinkedHashSet<>(clean);
        mixed.add(SYS.resolve("libtorch_cpu.so.1.13.0"));
        mixed.add(SYS.resolve("libgomp.so.1"));
        mixed.add(SYS.resolve("openblas-pthread/libopenblas.so.0"));
        mixed.add(SYS.resolve("libfmt.so.9"));
        assertThat(NativeLibraries.foreignCopies(bundled, CACHE, mixed)).containsExactly(
                TORCH.resolve("libtorch_cpu.so") + " and " + SYS.resolve("libtorch_cpu.so.1.13.0"),
                BLAS.resolve("libopenblas.so.0") + " and " + SYS.resolve("openblas-pthread/libopenblas.so.0"));
    }
}
