package org.protoface.cli;

import org.protoface.data.CorruptRecordException;
import org.protoface.pipeline.Photos;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Decoding the photographs the pipeline commands are given, with one-line errors for bad input (models open through {@link ModelInputOptions#open}). */
final class PipelineInputs {
    private PipelineInputs() {}

    /** Decodes a photograph; a file that is not a readable image is an error naming it. */
    static BufferedImage photo(Path file) {
        try {
            return Photos.read(file);
        } catch (CorruptRecordException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such image file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
