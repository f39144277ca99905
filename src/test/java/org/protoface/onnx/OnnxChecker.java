package org.protoface.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ONNX's own checker ({@code onnx.checker.check_model} with shape inference) through a Python that has it. */
final class OnnxChecker {
    private static final String SCRIPT = String.join("\n",
            "import sys",
            "try:",
            "    import onnx",
            "except ImportError:",
            "    sys.exit(3)",
            "for f in sys.argv[1:]:",
            "    try:",
            "        onnx.checker.check_model(onnx.load(f), full_check=True)",
            "        print('ok', f)",
            "    except Exception as e:",
            "        print('FAILED', f, str(e).replace('\\n', ' '))");

    private OnnxChecker() {}

    /**
     * One line per file, "ok FILE" or "FAILED FILE reason", from the first of {@code python3} and
     * {@code /usr/bin/python3} that has the {@code onnx} package; null when neither has it.
     */
    static List<String> check(List<Path> files) throws InterruptedException {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            List<String> command = new ArrayList<>(List.of(python, "-c", SCRIPT));
            for (Path f : files) command.add(f.toString());
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(python + " running ONNX's checker did not finish in 120 s");
                }
                if (p.exitValue() == 0) return out.lines().toList();
                if (p.exitValue() != 3) throw new IllegalStateException(python + " exited " + p.exitValue() + ": " + out);
            } catch (IOException e) {
                // this python is not installed: try the next
            }
        }
        return null;
    }
}
