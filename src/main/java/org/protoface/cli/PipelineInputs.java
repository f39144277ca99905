package org.protoface.cli;

import org.protoface.data.CorruptRecordException;
import org.protoface.infer.EmbeddingModel;
import org.protoface.infer.Models;
import org.protoface.pipeline.Photos;
import org.protoface.torch.Torch;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Opening what the pipeline commands are given, with one-line errors for bad input. */
final class PipelineInputs {
    private PipelineInputs() {}

    static EmbeddingModel model(Path path) {
        Torch.init();
        try {
            return Models.open(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--model " + path + ": no such file or folder");
        } catch (IOException e) {
            throw new IllegalArgumentException("--model " + path + ": " + e.getMessage());
        }
    }

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
