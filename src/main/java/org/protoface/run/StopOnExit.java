package org.protoface.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT or SIGTERM, which start the JVM's shutdown) asks a training run to stop at the
 * next step boundary, where it writes a checkpoint, and holds the JVM's exit until the caller has
 * reported where it stopped (at most 120 s): the JVM would otherwise exit in the middle of the
 * step. Use around {@link TrainingRun#run}:
 * <pre>{@code
 * try (StopOnExit ignored = StopOnExit.install(run)) {
 *     TrainingRun.Result r = run.run(mode, evaluate, console);
 *     if (r.training().interrupted()) ... say where the checkpoint is ...
 * }
 * }</pre>
 */
public final class StopOnExit implements AutoCloseable {
    private static final long HOLD_SECONDS = 120;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private StopOnExit(TrainingRun run) {
        hook = new Thread(() -> {
            run.requestStop();
            try {
                finished.await(HOLD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "checkpoint-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Installs the hook for {@code run}; close it when the run has returned and been reported. */
    public static StopOnExit install(TrainingRun run) {
        return new StopOnExit(run);
    }

    /** Lets a pending exit go on; outside a shutdown, removes the hook. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting and the hook is running: it returns now that the latch is open
        }
    }
}
