package org.protoface.distributed;

import org.protoface.torch.Torch;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts N ranks of a job on this host, as {@code torchrun --nproc-per-node N} does: N child JVMs
 * with this JVM's java binary, classpath and options (system properties, heap and stack sizes;
 * debugger and profiler agents stay with the parent), each with {@code RANK}, {@code WORLD_SIZE},
 * {@code LOCAL_RANK}, {@code LOCAL_WORLD_SIZE}, {@code MASTER_ADDR=127.0.0.1} and a free
 * {@code MASTER_PORT} in its environment. Their output is streamed with a "[rank r] " prefix;
 * only rank 0 is shown unless {@link #allRanksSpeak}; with {@link #logDir} every rank's full
 * output also goes to {@code rank-<r>.log}.
 *
 * <p>When a rank exits with a non-zero code, the others get {@link #stopGrace} to end by
 * themselves (their next collective fails at once, naming the rank), then SIGTERM (a JVM runs its
 * shutdown hooks), then, after another grace period, SIGKILL. The outcome names the first rank
 * that failed and its exit code, and the last lines of its error output are printed. If this JVM
 * is itself stopped, the children are stopped the same way.
 */
public final class LocalLauncher {
    private final int nproc;
    private final String mainClass;
    private final List<String> args;
    private boolean allRanksSpeak;
    private Path logDir;
    private Duration stopGrace = Duration.ofSeconds(10);
    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private final Map<String, String> extraEnv = new LinkedHashMap<>();
    private boolean pinCores;

    /**
     * @param nproc     ranks to start (>= 1)
     * @param mainClass the class each child runs, e.g. {@code org.protoface.app.Main}
     * @param args      its arguments (without the launcher's own options such as --nproc)
     */
    public LocalLauncher(int nproc, String mainClass, List<String> args) {
        if (nproc < 1) throw new IllegalArgumentException("--nproc must be >= 1, got " + nproc);
        this.nproc = nproc;
        this.mainClass = mainClass;
        this.args = List.copyOf(args);
    }

    /** Show every rank's output, not only rank 0's. */
    public LocalLauncher allRanksSpeak(boolean on) {
        this.allRanksSpeak = on;
        return this;
    }

    /** Also write each rank's complete output to {@code dir/rank-<r>.log}. */
    public LocalLauncher logDir(Path dir) {
        this.logDir = dir;
        return this;
    }

    /** How long the other ranks may take to end by themselves after one failed, and again after SIGTERM. */
    public LocalLauncher stopGrace(Duration grace) {
        this.stopGrace = grace;
        return this;
    }

    /**
     * Where the children's stdout and stderr are forwarded (default: this JVM's {@code System.out}/{@code err}).
     *
     * @return this launcher
     */
    public LocalLauncher console(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        return this;
    }

    /**
     * Pin rank r to core r mod (cores of this host) with {@code taskset -c} (util-linux), so that
     * ranks with one libtorch thread each do not share a core: what a scaling measurement needs.
     *
     * @throws IllegalStateException when taskset is not on this host
     */
    public LocalLauncher pinCores(boolean on) {
        if (on && !Files.isExecutable(Path.of("/usr/bin/taskset")) && !Files.isExecutable(Path.of("/bin/taskset"))) {
            throw new IllegalStateException("pinning ranks to cores needs taskset (util-linux), which is not installed");
        }
        this.pinCores = on;
        return this;
    }

    /** An extra environment variable for every child. */
    public LocalLauncher env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /** Whether this process was started as a rank (by this launcher, torchrun or SLURM's srun with RANK set). */
    public static boolean isRank(Map<String, String> env) {
        return env.containsKey("RANK");
    }

    /**
     * How the job ended.
     *
     * @param exitCode   0 if every rank succeeded, else the first failed rank's exit code, or 130 when
     *                   ranks stopped on Ctrl-C or SIGTERM and none failed
     * @param failedRank the first rank that failed, or -1
     * @param message    one line for the user
     */
    public record Outcome(int exitCode, int failedRank, String message) {
        /** Whether every rank exited with code 0. */
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * OpenBLAS (libtorch's float32 matrix products in this build) starts a thread per core in every
     * process: ranks that share a host's cores get their share of them, as libtorch's own threads
     * do ({@link RankEnv#threadsPerRank}); measured with two ranks on two cores, each rank's
     * second OpenBLAS thread only competed with the other rank. A value the caller set wins.
     *
     * @param env the child's environment, changed in place
     */
    static void shareBlasThreads(Map<String, String> env, int nproc, int cores) {
        env.putIfAbsent("OPENBLAS_NUM_THREADS", Integer.toString(Math.max(1, cores / nproc)));
    }

    /** Starts the ranks and waits for all of them. */
    public Outcome run() throws IOException, InterruptedException {
        int port = freePort();
        List<Process> processes = new ArrayList<>();
        List<Thread> copiers = new ArrayList<>();
        List<PrefixedOutput> errTails = new ArrayList<>();
        List<OutputStream> logs = new ArrayList<>();
        CountDownLatch reported = new CountDownLatch(1);
        // this JVM is exiting (Ctrl-C, SIGTERM): pass the stop on to the ranks at once (a kill of the
        // launcher alone reaches no rank otherwise), give them the grace period to stop at a step they
        // agree on and checkpoint it, then wait (briefly) until run() has shown their last lines and
        // the outcome: the JVM halts when this hook returns
        Thread stopper = new Thread(() -> {
            synchronized (processes) {
                for (Process p : processes) if (p.isAlive()) terminate(p);
            }
            stopAll(processes);
            try {
                reported.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "protoface-launcher-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            if (logDir != null) Files.createDirectories(logDir);
            for (int r = 0; r < nproc; r++) {
                List<String> command = new ArrayList<>(childCommand(mainClass, args));
                if (pinCores) command.addAll(0, List.of("taskset", "-c", Integer.toString(r % Runtime.getRuntime().availableProcessors())));
                ProcessBuilder pb = new ProcessBuilder(command);
                Map<String, String> env = pb.environment();
                env.putAll(extraEnv);
                shareBlasThreads(env, nproc, Runtime.getRuntime().availableProcessors());
                // the child's own output goes to its log file, so it keeps its info lines (app.Main)
                env.put("PROTOFACE_LAUNCHER", "1");
                env.put("RANK", Integer.toString(r));
                env.put("WORLD_SIZE", Integer.toString(nproc));
                env.put("LOCAL_RANK", Integer.toString(r));
                env.put("LOCAL_WORLD_SIZE", Integer.toString(nproc));
                env.put("MASTER_ADDR", "127.0.0.1");
                env.put("MASTER_PORT", Integer.toString(port));
                Process p = pb.start();
                synchronized (processes) {
                    processes.add(p);
                }
                boolean speaks = r == 0 || allRanksSpeak;
                String prefix = nproc == 1 ? "" : "[rank " + r + "] ";
                OutputStream log = logDir == null ? null : Files.newOutputStream(logDir.resolve("rank-" + r + ".log"));
                if (log != null) logs.add(log);
                PrefixedOutput o = new PrefixedOutput(p.getInputStream(), prefix, speaks ? out : null, log == null ? null : new SharedLog(log));
                PrefixedOutput e = new PrefixedOutput(p.getErrorStream(), prefix, speaks ? err : null, log == null ? null : new SharedLog(log));
                errTails.add(e);
                copiers.add(start(o, "rank" + r + "-out"));
                copiers.add(start(e, "rank" + r + "-err"));
            }
            Outcome outcome = await(processes);
            for (Thread t : copiers) t.join(5000);
            for (OutputStream log : logs) {
                synchronized (log) {
                    log.close();
                }
            }
            if (!outcome.succeeded()) {
                int failed = outcome.failedRank();
                if (failed > 0 && !allRanksSpeak) {
                    for (String line : errTails.get(failed).tail()) err.println("[rank " + failed + "] " + line);
                }
                err.println("protoface: " + outcome.message());
            }
            return outcome;
        } finally {
            reported.countDown();
            stopAll(processes);
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting and the hook runs anyway
            }
        }
    }

    private Outcome await(List<Process> processes) throws InterruptedException {
        LinkedBlockingQueue<Integer> exited = new LinkedBlockingQueue<>();
        for (int r = 0; r < processes.size(); r++) {
            int rank = r;
            processes.get(r).onExit().thenRun(() -> exited.add(rank));
        }
        List<int[]> exits = new ArrayList<>();
        boolean stopping = false;
        for (int done = 0; done < processes.size(); done++) {
            int rank = exited.take();
            int code = processes.get(rank).exitValue();
            exits.add(new int[] {rank, code});
            if (code != 0 && !stoppedOnRequest(code) && !stopping) {
                stopping = true;
                Thread stopper = new Thread(() -> stopAll(processes), "protoface-launcher-stop-after-failure");
                stopper.setDaemon(true);
                stopper.start();
            }
        }
        return outcome(exits, processes.size());
    }

    /**
     * Exit codes of a rank that stopped on Ctrl-C (SIGINT: 130, also what {@code train} returns
     * when the ranks agreed to stop) or SIGTERM (143, SLURM's and a job scheduler's stop signal):
     * a training rank stops at a step the ranks agree on, with a checkpoint, so these are not failures.
     */
    static boolean stoppedOnRequest(int code) {
        return code == 130 || code == 128 + 15;
    }

    /**
     * How the job ended, from its ranks' exits in the order they happened ({rank, exit code}):
     * the first rank that failed (an exit code other than 0 and the stop codes) is named; without
     * one, ranks that stopped on Ctrl-C or SIGTERM make the job "stopped on request" (exit code 130).
     */
    static Outcome outcome(List<int[]> exits, int ranks) {
        int[] stopped = null;
        for (int[] e : exits) {
            int rank = e[0], code = e[1];
            if (code == 0) continue;
            if (stoppedOnRequest(code)) {
                if (stopped == null) stopped = e;
                continue;
            }
            String how = code > 128 ? " (killed by signal " + (code - 128) + ")" : "";
            return new Outcome(code, rank, "rank " + rank + " failed with exit code " + code + how
                    + (ranks > 1 ? "; the other ranks were stopped" : ""));
        }
        if (stopped != null) {
            return new Outcome(130, -1, "stopped on request (Ctrl-C or SIGTERM; rank " + stopped[0] + " exited with code "
                    + stopped[1] + "); training ranks stop at a step they agree on and checkpoint it: resume with --resume");
        }
        return new Outcome(0, -1, "all " + ranks + " ranks finished");
    }

    /** Grace period for the ranks to end by themselves, then SIGTERM, then SIGKILL. */
    private void stopAll(List<Process> started) {
        List<Process> processes;
        synchronized (started) {
            processes = new ArrayList<>(started);
        }
        try {
            waitAll(processes, stopGrace);
            for (Process p : processes) if (p.isAlive()) terminate(p);
            waitAll(processes, stopGrace);
            for (Process p : processes) if (p.isAlive()) p.destroyForcibly();
        } catch (InterruptedException e) {
            for (Process p : processes) p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGTERM to a rank, keeping its output: {@code Process.destroy()} also closes the streams this
     * launcher reads the rank's output from, so the lines a rank writes while it stops (where it
     * stopped, its checkpoint) would be lost; the process handle sends the signal alone.
     */
    private static void terminate(Process p) {
        p.toHandle().destroy();
    }

    private static void waitAll(List<Process> processes, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        for (Process p : processes) {
            long left = deadline - System.nanoTime();
            if (left > 0) p.waitFor(left, TimeUnit.NANOSECONDS);
        }
    }

    private static Thread start(Runnable r, String name) {
        Thread t = new Thread(r, "protoface-launcher-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * The child's command line: this JVM's java binary and options, the classpath, the main class
     * and its arguments.
     */
    public static List<String> childCommand(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        boolean cacheDirGiven = false;
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // an agent (debugger, coverage, profiler) would clash on its port or output file
            if (arg.startsWith("-agentlib") || arg.startsWith("-agentpath") || arg.startsWith("-javaagent")
                    || arg.startsWith("-Xdebug") || arg.startsWith("-Xrunjdwp")) continue;
            cmd.add(arg);
            cacheDirGiven |= arg.startsWith("-D" + Torch.CACHE_PROPERTY + "=");
        }
        // Torch.init() may have chosen the native cache itself; children must use the same one
        String cacheDir = System.getProperty(Torch.CACHE_PROPERTY);
        if (!cacheDirGiven && cacheDir != null) cmd.add("-D" + Torch.CACHE_PROPERTY + "=" + cacheDir);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * {@code args} without {@code option} and its value ({@code --nproc 2} or {@code --nproc=2}),
     * for passing a command line on to the ranks.
     */
    public static List<String> without(List<String> args, String option) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(option)) {
                i++;
                continue;
            }
            if (a.startsWith(option + "=")) continue;
            out.add(a);
        }
        return out;
    }

    /** A TCP port free on the loopback interface right now (the OS picks it). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** One log file written by a rank's stdout and stderr copiers: each write is atomic; {@link #run} closes the file. */
    private static final class SharedLog extends OutputStream {
        private final OutputStream target;

        SharedLog(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            synchronized (target) {
                target.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (target) {
                target.write(b, off, len);
            }
        }

        @Override
        public void close() {
            // run() closes the file once both copiers are done
        }
    }
}
