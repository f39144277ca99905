package org.protoface.torch;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NativeLibrariesTest {
    private static final Path CACHE = Path.of("/c/pytorch.jar/org/bytedeco/pytorch/linux-x86_64");
    private static final Path BLAS = Path.of("/c/openblas.jar/org/bytedeco/openblas/linux-x86_64");

    @Test
    void stemDropsTheVersionAfterSo() {
        assertThat(NativeLibraries.stem("libtorch_cpu.so.1.13.0")).isEqualTo("libtorch_cpu.so");
        assertThat(NativeLibraries.stem("libtorch_cpu.so")).isEqualTo("libtorch_cpu.so");
        assertThat(NativeLibraries.stem("libgcc_s.so.1")).isEqualTo("libgcc_s.so");
    }

    @Test
    void aSecondBuildOfABundledLibraryIsReportedButTheJvmsOwnLibrariesAreNot() {
        List<Path> bundled = List.of(CACHE.resolve("libtorch_cpu.so"), CACHE.resolve("libc10.so"), BLAS.resolve("libgcc_s.so.1"));
        Path systemGccS = Path.of("/usr/lib/x86_64-linux-gnu/libgcc_s.so.1");
        Path systemTorch = Path.of("/usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13.0");
        Set<Path> before = Set.of(systemGccS, Path.of("/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30"));
        Set<Path> after = Set.of(systemGccS, CACHE.resolve("libtorch_cpu.so"), CACHE.resolve("libc10.so"),
                BLAS.resolve("libgcc_s.so.1"), systemTorch, Path.of("/usr/lib/x86_64-linux-gnu/libfmt.so.9"));
        assertThat(NativeLibraries.foreignCopies(bundled, List.of(CACHE, BLAS), before, after))
                .containsExactly(CACHE.resolve("libtorch_cpu.so") + " and " + systemTorch);
        assertThat(NativeLibraries.foreignCopies(bundled, List.of(CACHE, BLAS), before, before)).isEmpty();
    }
}
