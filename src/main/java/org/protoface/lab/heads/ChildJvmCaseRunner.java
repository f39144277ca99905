package org.protoface.lab.heads;

import org.protoface.head.HeadFootprint;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.protoface.torch.NativeMemory;
import org.protoface.torch.Torch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs each case in a fresh JVM ({@link HeadCaseProcess}) started with this JVM's java binary,
 * classpath, system properties (-D) and heap/stack sizes (-Xmx, -Xms, -Xss), so one case's
 * allocations (a 20 GB matrix that the allocator keeps) cannot inflate the next case's peak RSS.
 * Cases that cannot fit are answered here, without starting a JVM, by the same decision the
 * child would make.
 */
public final class ChildJvmCaseRunner implements CaseRunner {
    /** Starts the child process; tests substitute one that counts the JVMs started. */
    interface Launcher {
        Process start(List<String> command) throws IOException;
    }

    private final long timeoutSeconds;
    private final Launcher launcher;

    /** @param timeoutSeconds a case running longer is killed and reported as failed */
    public ChildJvmCaseRunner(long timeoutSeconds) {
        this(timeoutSeconds, command -> new ProcessBuilder(command).start());
    }

    ChildJvmCaseRunner(long timeoutSeconds, Launcher launcher) {
        if (timeoutSeconds < 1) throw new IllegalArgumentException("timeout must be >= 1 s, got " + timeoutSeconds);
        this.timeoutSeconds = timeoutSeconds;
        this.launcher = launcher;
    }

    @Override
    public CaseResult run(HeadCase head, long classes, HeadBenchSettings settings) {
        HeadFootprint footprint = head.footprint(settings.preset(), classes, settings.dim(), settings.batch(), settings.batchClasses(),
                settings.worldSize());
        long available = NativeMemory.availableBytes();
        FitDecision decision = FitDecision.decide(footprint, available, settings.safety());
        if (!decision.fits()) return CaseResult.doesNotFit(head, classes, footprint, decision);
        try {
            return launch(head, classes, settings);
        } catch (IOException e) {
            return CaseResult.failed(head, classes, footprint, available, "cannot start a JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CaseResult.failed(head, classes, footprint, available, "interrupted");
        } catch (CaseFailedException e) {
            return CaseResult.failed(head, classes, footprint, available, e.getMessage());
        }
    }

    /** The child's command line: java, inherited options, classpath, main class, case arguments. */
    public static List<String> command(HeadCase head, long classes, HeadBenchSettings settings) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java"));
        boolean cacheDirGiven = false;
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // agents (debuggers, coverage) and other JVM flags stay with the parent
            if (arg.startsWith("-D") || arg.startsWith("-Xmx") || arg.startsWith("-Xms") || arg.startsWith("-Xss")) {
                cmd.add(arg);
                cacheDirGiven |= arg.startsWith("-D" + Torch.CACHE_PROPERTY + "=");
            }
        }
        // Torch.init() may have chosen the native cache itself; the child must use the same one
        String cacheDir = System.getProperty(Torch.CACHE_PROPERTY);
        if (!cacheDirGiven && cacheDir != null) cmd.add("-D" + Torch.CACHE_PROPERTY + "=" + cacheDir);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(HeadCaseProcess.class.getName());
        cmd.addAll(HeadCaseProcess.arguments(head, classes, settings));
        return cmd;
    }

    private CaseResult launch(HeadCase head, long classes, HeadBenchSettings settings)
            throws IOException, InterruptedException, CaseFailedException {
        Process p = launcher.start(command(head, classes, settings));
        CompletableFuture<List<String>> out = CompletableFuture.supplyAsync(() -> lines(p.getInputStream()));
        CompletableFuture<List<String>> err = CompletableFuture.supplyAsync(() -> lines(p.getErrorStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new CaseFailedException("timed out after " + timeoutSeconds + " s");
        }
        String json = null;
        for (String line : out.join()) if (line.startsWith(HeadCaseProcess.MARKER)) json = line.substring(HeadCaseProcess.MARKER.length());
        if (json == null) {
            throw new CaseFailedException("child JVM exited with code " + p.exitValue() + " without a result: " + lastLine(err.join()));
        }
        return CaseResult.fromJson(new ObjectMapper().readTree(json));
    }

    private static List<String> lines(java.io.InputStream in) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) lines.add(line);
        } catch (IOException e) {
            lines.add("(output unreadable: " + e.getMessage() + ")");
        }
        return lines;
    }

    /** The last non-blank stderr line that is not a stack frame: usually the exception message. */
    private static String lastLine(List<String> err) {
        for (int i = err.size() - 1; i >= 0; i--) {
            String l = err.get(i).trim();
            if (!l.isEmpty() && !l.startsWith("at ") && !l.startsWith("...")) return l;
        }
        return "(no error output)";
    }

    private static final class CaseFailedException extends Exception {
        CaseFailedException(String message) {
            super(message);
        }
    }
}
