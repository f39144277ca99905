package org.protoface.cli;

import org.protoface.pipeline.gallery.Gallery;
import org.protoface.pipeline.gallery.HnswSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code protoface gallery remove}: removes every face of one identity from a gallery in one commit.
 * See docs/pipeline.md.
 */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove every face of an identity from a gallery (one commit).")
public final class GalleryRemoveCommand implements Callable<Integer> {
    @Option(names = "--gallery", required = true, paramLabel = "DIR")
    Path gallery;

    @Option(names = "--identity", required = true, paramLabel = "NAME")
    String identity;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Gallery g = openForRemoval()) {
            int removed = g.remove(identity);
            if (removed == 0) throw new IllegalArgumentException("gallery " + gallery + " has no identity " + identity + " (see protoface gallery info)");
            spec.commandLine().getOut().printf("removed %s: %d face(s); %d identities, %d faces left%n", identity, removed, g.identities().size(), g.size());
        }
        return 0;
    }

    private Gallery openForRemoval() throws java.io.IOException {
        try {
            return Gallery.openForWriting(gallery, null, HnswSettings.DEFAULTS);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("--gallery " + gallery + ": no gallery here");
        }
    }
}
