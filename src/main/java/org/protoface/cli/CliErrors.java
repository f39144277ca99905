package org.protoface.cli;

import org.protoface.config.ConfigException;
import org.protoface.data.DataLoadingException;
import org.protoface.distributed.CollectiveException;
import org.protoface.head.memory.ReplicaMismatchException;
import org.protoface.torch.NativeLibraryConflictException;
import org.protoface.train.TrainingDivergedException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns expected failures (bad config, bad or unreadable input files, a data loader that cannot go
 * on, diverged training) into one line on stderr and exit code 2, instead of a stack trace;
 * {@code --debug} adds the stack trace. Unexpected ones (bugs) keep their stack trace and exit 1.
 */
public final class CliErrors implements CommandLine.IExecutionExceptionHandler {
    /** Exit code of every user-facing failure. */
    public static final int USER_ERROR = 2;

    private final boolean[] debug;

    /** @param debug one-element holder of the global {@code --debug} flag, read when a failure happens */
    public CliErrors(boolean[] debug) {
        this.debug = debug;
    }

    /**
     * A handler with no {@code --debug} flag behind it: user-facing failures never print a stack
     * trace. For a command run on its own, e.g. in tests.
     */
    public CliErrors() {
        this(new boolean[1]);
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (!isUserFacing(e)) throw new RuntimeException(e);
        cmd.getErr().println("protoface: " + FileSystemMessages.of(e));
        if (debug[0]) e.printStackTrace(cmd.getErr());
        cmd.getErr().flush();
        return USER_ERROR;
    }

    /** Failures caused by the user's input or environment, whose message names the input. */
    static boolean isUserFacing(Throwable e) {
        return e instanceof ConfigException || e instanceof IllegalArgumentException || e instanceof TrainingDivergedException
                || e instanceof DataLoadingException || e instanceof UncheckedIOException || e instanceof IOException
                || e instanceof NativeLibraryConflictException || e instanceof CollectiveException || e instanceof ReplicaMismatchException;
    }
}
