package org.protoface.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** Builds small shared objects for the native-loading tests with the machine's gcc. */
final class SharedObjects {
    private SharedObjects() {}

    /** Copies {@code src/test/resources/native/impostor.c} into {@code dir} and returns its path. */
    static Path impostorSource(Path dir) throws IOException {
        Path source = dir.resolve("impostor.c");
        try (InputStream in = Objects.requireNonNull(SharedObjects.class.getResourceAsStream("/native/impostor.c"))) {
            Files.copy(in, source);
        }
        return source;
    }

    /**
     * Compiles the impostor into {@code library} with soname {@code soname}, linked against
     * {@code needed} (shared objects whose sonames become its DT_NEEDED entries, in order).
     */
    static void impostor(Path source, Path library, String soname, Path... needed) throws IOException, InterruptedException {
        build(source, library, soname, false, needed);
    }

    /** The impostor that stays silent when loaded (for LD_PRELOAD). */
    static void quietImpostor(Path source, Path library, String soname) throws IOException, InterruptedException {
        build(source, library, soname, true);
    }

    private static void build(Path source, Path library, String soname, boolean quiet, Path... needed)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O1", quiet ? "-DIMPOSTOR_QUIET" : "-DIMPOSTOR_LOUD",
                "-DIMPOSTOR_NAME=\"" + soname + "\"", "-Wl,-soname," + soname,
                "-o", library.toString(), source.toString(), "-Wl,--no-as-needed"));
        for (Path n : needed) cmd.add(n.toString());
        Process gcc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor()).as("gcc building %s:\n%s", library, log).isZero();
    }
}
