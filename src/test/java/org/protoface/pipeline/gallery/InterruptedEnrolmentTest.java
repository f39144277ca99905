package org.protoface.pipeline.gallery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.app.Main;
import org.protoface.data.synthetic.SyntheticFolderWriter;
import org.protoface.data.synthetic.SyntheticSpec;
import org.protoface.pipeline.TestModels;
import org.protoface.torch.Torch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 in the middle of {@code gallery enroll}: the gallery must open afterwards and hold every
 * identity the child reported as committed, with all its faces.
 */
class InterruptedEnrolmentTest {
    private static final Pattern COMMITTED = Pattern.compile("^enrolled (\\S+): (\\d+) face\\(s\\) from \\d+ image\\(s\\), committed");

    @TempDir
    Path dir;

    @Test
    void killedEnrolmentKeepsEveryCommittedIdentity() throws Exception {
        Torch.init();
        Path model = TestModels.random(dir.resolve("model"), 11);
        // 60 identities x 2 aligned 32 px crops: far more than the child gets through before it is killed
        new SyntheticFolderWriter(new SyntheticSpec(60, 2, 32, 3, 1L << 30, 1.0), 2).write(dir.resolve("faces"));
        Path gallery = dir.resolve("gallery");

        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-D") || arg.startsWith("-Xmx")) cmd.add(arg);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "gallery", "enroll", "--gallery", gallery.toString(),
                "--model", model.toString(), "--aligned", "--no-flip", "folder:" + dir.resolve("faces")));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();

        Map<String, Integer> committed = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = COMMITTED.matcher(line);
                if (m.find()) committed.put(m.group(1), Integer.parseInt(m.group(2)));
                if (committed.size() == 5) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hooks, no Lucene close
                    break;
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("the child was killed, not finished").isEqualTo(137);
        assertThat(committed).hasSize(5);

        // the gallery opens and holds every reported identity with all its faces (maybe a few more
        // that were committed between the report and the kill, each complete)
        try (Gallery g = Gallery.open(gallery)) {
            Map<String, Integer> held = g.identities();
            committed.forEach((name, faces) -> assertThat(held).containsEntry(name, faces));
            held.values().forEach(n -> assertThat(n).isEqualTo(2));
            assertThat(g.size()).isEqualTo(2 * held.size());
            try (ExactIndex exact = g.exactIndex()) {
                assertThat(exact.size()).isEqualTo(g.size());
            }
        }
        // and can be written again (Lucene's write lock died with the child)
        try (Gallery g = Gallery.openForWriting(gallery, null, HnswSettings.DEFAULTS)) {
            assertThat(g.remove(committed.keySet().iterator().next())).isEqualTo(2);
        }
    }
}
