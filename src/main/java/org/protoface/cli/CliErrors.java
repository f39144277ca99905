package org.protoface.cli;

import org.protoface.config.ConfigException;
import org.protoface.train.TrainingDivergedException;
import picocli.CommandLine;

/**
 * Turns expected failures (bad config, bad input data, diverged training) into one clear line
 * and exit code 2, instead of a stack trace; unexpected ones keep their stack trace.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException || e instanceof IllegalArgumentException || e instanceof TrainingDivergedException
                || e instanceof java.io.UncheckedIOException || e instanceof java.nio.file.NoSuchFileException) {
            cmd.getErr().println("protoface: " + firstLine(e.getMessage()));
            return 2;
        }
        throw new RuntimeException(e);
    }

    static String firstLine(String m) {
        if (m == null) return "error";
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
