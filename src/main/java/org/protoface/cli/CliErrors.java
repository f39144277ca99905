package org.protoface.cli;

import org.protoface.torch.NativeErrors;

import org.protoface.config.ConfigException;
import org.protoface.train.TrainingDivergedException;
import picocli.CommandLine;

/**
 * Turns expected failures (bad config, bad input data, diverged training) into one clear line
 * and exit code 2, instead of a stack trace; unexpected ones keep their stack trace.
 */
public final class CliErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException || e instanceof IllegalArgumentException || e instanceof TrainingDivergedException
                || e instanceof java.io.UncheckedIOException || e instanceof java.nio.file.NoSuchFileException
                || e instanceof org.protoface.data.CorruptRecordException) {
            cmd.getErr().println("protoface: " + NativeErrors.firstLine(e.getMessage(), "error"));
            return 2;
        }
        throw new RuntimeException(e);
    }

}
