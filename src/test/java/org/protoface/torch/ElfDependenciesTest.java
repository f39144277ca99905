package org.protoface.torch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElfDependenciesTest {
    @Test
    void readsTheSonameAndTheNeededNamesTheLinkerWasGiven(@TempDir Path dir) throws Exception {
        Path source = SharedObjects.impostorSource(dir);
        Path base = dir.resolve("base.so");
        Path extra = dir.resolve("extra.so");
        Path top = dir.resolve("top.so");
        SharedObjects.impostor(source, base, "libbase.so.3");
        SharedObjects.impostor(source, extra, "libextra_cpu.so");
        SharedObjects.impostor(source, top, "libtop.so", base, extra);

        ElfDependencies b = ElfDependencies.read(base);
        assertThat(b.soname()).isEqualTo("libbase.so.3");
        assertThat(b.needed()).doesNotContain("libbase.so.3", "libextra_cpu.so");

        ElfDependencies t = ElfDependencies.read(top);
        assertThat(t.soname()).isEqualTo("libtop.so");
        // the linker records the sonames of the objects given on the command line, in that order
        assertThat(t.needed()).containsSubsequence("libbase.so.3", "libextra_cpu.so");
        assertThat(t.providedName(top)).isEqualTo("libtop.so");
    }

    @Test
    void aLibraryWithoutSonameIsKnownByItsFileName(@TempDir Path dir) throws Exception {
        Path source = SharedObjects.impostorSource(dir);
        Path lib = dir.resolve("libplain.so");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-DIMPOSTOR_NAME=\"x\"", "-o", lib.toString(), source.toString())
                .redirectErrorStream(true).start();
        gcc.getInputStream().readAllBytes();
        assertThat(gcc.waitFor()).isZero();
        ElfDependencies d = ElfDependencies.read(lib);
        assertThat(d.soname()).isNull();
        assertThat(d.providedName(lib)).isEqualTo("libplain.so");
    }

    @Test
    void notAnElfFileOrATruncatedOneIsAnErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("libscript.so");
        Files.writeString(text, "/* GNU ld script */ INPUT(libreal.so.1)\n");
        assertThatThrownBy(() -> ElfDependencies.read(text)).isInstanceOf(IOException.class)
                .hasMessage(text + ": not an ELF file");

        Path source = SharedObjects.impostorSource(dir);
        Path lib = dir.resolve("libwhole.so");
        SharedObjects.impostor(source, lib, "libwhole.so");
        byte[] bytes = Files.readAllBytes(lib);
        Path cut = dir.resolve("libcut.so");
        Files.write(cut, Arrays.copyOf(bytes, 200));
        assertThatThrownBy(() -> ElfDependencies.read(cut)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(cut + ": ");
    }
}
