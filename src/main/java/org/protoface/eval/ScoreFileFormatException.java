package org.protoface.eval;

import java.io.IOException;
import java.nio.file.Path;

/** A pair-score file line that is not {@code score<TAB>1|0}; the message names the file and line. */
public final class ScoreFileFormatException extends IOException {
    private final Path file;
    private final int line;

    /**
     * @param file    the score file
     * @param line    1-based line number of the problem
     * @param problem what is wrong with that line
     */
    public ScoreFileFormatException(Path file, int line, String problem) {
        super(file + " line " + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The score file that could not be read. */
    public Path file() {
        return file;
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }
}
