package org.protoface.util;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lowers the CPU priority (the Linux nice value) of the calling thread, for background threads
 * that share cores with the training step (the data loader): on a core they share, the step then
 * never waits behind them, and they run in the time the step spends waiting (for other ranks'
 * collectives, for a batch).
 *
 * <p>Java has no portable call for a thread's nice value (Thread.setPriority is ignored on Linux
 * unless the JVM runs with -XX:ThreadPriorityPolicy=1, which also needs root to take effect for
 * every thread), and no library of this project's stack offers one, so this runs util-linux's
 * {@code renice} on the thread's kernel id (Linux applies a nice value per thread). Where that is
 * not possible (no /proc, no renice, not Linux) the thread keeps its priority and one warning is
 * logged for the process.
 */
public final class ThreadNice {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadNice.class);
    /** The largest (lowest-priority) nice value Linux has. */
    public static final int LOWEST = 19;
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ThreadNice() {}

    /**
     * Adds {@code increment} to the calling thread's nice value (at most {@link #LOWEST}).
     *
     * @param increment how much lower the priority gets, 0-19
     * @return whether the thread's nice value now has the new value (false: unchanged, warned once)
     * @throws IllegalArgumentException when {@code increment} is outside 0-19
     */
    public static boolean lowerCurrentThread(int increment) {
        if (increment < 0 || increment > LOWEST) throw new IllegalArgumentException("nice increment must be 0-19, got " + increment);
        if (increment == 0) return true;
        try {
            long tid = currentThreadId();
            int target = Math.min(LOWEST, niceOf(tid) + increment);
            Process p = new ProcessBuilder("renice", "-n", Integer.toString(target), "-p", Long.toString(tid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return warn("renice did not finish within 10 s");
            }
            if (p.exitValue() != 0) return warn("renice exited with code " + p.exitValue());
            return niceOf(tid) == target || warn("renice left the nice value at " + niceOf(tid));
        } catch (IOException | RuntimeException e) {
            return warn(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The calling thread's kernel thread id, from the /proc/thread-self link ("pid/task/tid"). */
    static long currentThreadId() throws IOException {
        Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
        return Long.parseLong(link.getFileName().toString());
    }

    /** Nice value of thread {@code tid} of this process: field 19 of its stat line. */
    static int niceOf(long tid) throws IOException {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        // the command name (field 2, in parentheses) may hold spaces: count fields after its ')'
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Integer.parseInt(after[19 - 3]);
    }

    private static boolean warn(String why) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("could not lower the data loader threads' CPU priority ({}): they run at the training thread's priority;"
                    + " install util-linux (renice) to let training ranks that share cores with their loaders wait less", why);
        }
        return false;
    }
}
