package org.protoface.cli;

import org.protoface.pipeline.gallery.Gallery;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code protoface gallery}: parent of the on-disk gallery commands (enroll, identify, verify, remove, info);
 * on its own it prints usage. See "Recognising faces" in README.md and docs/pipeline.md.
 */
@Command(name = "gallery", mixinStandardHelpOptions = true,
        description = {"An on-disk gallery of enrolled identities (Lucene; owner-only files): enrol, identify, verify, remove, info."},
        subcommands = {GalleryEnrollCommand.class, GalleryIdentifyCommand.class, GalleryVerifyCommand.class, GalleryRemoveCommand.class,
                GalleryInfoCommand.class})
public final class GalleryCommand implements Runnable {
    /** Faces the approximate search keeps as candidates before grouping them by identity. */
    static final int CANDIDATES = 100;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Opens a gallery for searching; a missing or damaged gallery is a one-line error. */
    static Gallery openGallery(Path dir) throws IOException {
        try {
            return Gallery.open(dir);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--gallery " + dir + ": no gallery here (enrol first with protoface gallery enroll)");
        }
    }

    /** The model to embed queries with: the one given, else where the gallery says its model was. */
    static Path modelPath(Gallery g, Path given) {
        if (given != null) return given;
        String location = g.model().location();
        if (location == null) {
            throw new IllegalArgumentException("give --model: gallery " + g.path() + " does not record where its model (" + g.model().label() + ") is");
        }
        Path recorded = Path.of(location);
        if (!java.nio.file.Files.exists(recorded)) {
            throw new IllegalArgumentException("gallery " + g.path() + " was enrolled with the model at " + location + ", which is no longer there; "
                    + "give --model");
        }
        return recorded;
    }
}
