package org.protoface.lab.throughput;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.torch.Torch;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class BenchTrainCommandTest {
    @TempDir
    Path temp;

    @Test
    void namesNoPathOfTheTemporaryRunItDeletes() throws Exception {
        Torch.init();
        Path json = temp.resolve("train.json");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream stdout = System.out, stderr = System.err;
        PrintStream both = new PrintStream(said, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both); // the run's log lines (slf4j-simple writes to System.err as it is at each line)
        int code;
        try {
            CommandLine cli = new CommandLine(new BenchTrainCommand());
            cli.setErr(new PrintWriter(new StringWriter(), true));
            code = cli.execute("--precisions", "fp32", "--steps", "1", "--warmup", "1", "--json", json.toString(),
                    "--set", "data=synthetic:identities=8,images=4,size=16,seed=3", "--set", "encoder.input_size=16",
                    "--set", "encoder.embedding_size=16", "--set", "batch.size=8", "--set", "train.loader_workers=0",
                    "--set", "train.threads=1", "--set", "schedule.warmup_steps=0");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String text = said.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text).contains("images/s");
        assertThat(json).exists();
        // every path the command names must exist once it has returned: the temporary run folder is gone
        Matcher m = Pattern.compile("/[^\\s;,()]*protoface-bench-[^\\s;,()]*").matcher(text);
        while (m.find()) assertThat(Path.of(m.group())).as("named in: " + text).exists();
        assertThat(text).doesNotContain("protoface-bench-");
    }
}
