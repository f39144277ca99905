package org.protoface.cli;

import org.protoface.pipeline.gallery.Gallery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code protoface gallery info}: prints what a gallery holds (identities, faces, the model that made them, HNSW
 * settings). See docs/pipeline.md.
 */
@Command(name = "info", mixinStandardHelpOptions = true, description = "What a gallery holds: identities, faces, the model that made them, HNSW settings.")
public final class GalleryInfoCommand implements Callable<Integer> {
    @Option(names = "--gallery", required = true, paramLabel = "DIR")
    Path gallery;

    @Option(names = "--list", description = "List every identity with its number of faces.")
    boolean list;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Gallery g = GalleryCommand.openGallery(gallery)) {
            Map<String, Integer> ids = g.identities();
            out.printf("gallery:    %s%n", g.path());
            out.printf("identities: %d%n", ids.size());
            out.printf("faces:      %d (%d Lucene segment(s))%n", g.size(), g.segments());
            out.printf("model:      %s%n", g.model().description());
            out.printf("            %s, %d-d embeddings%s%n", g.model().fingerprint(), g.model().dimension(),
                    g.model().location() == null ? "" : ", at " + g.model().location());
            Boolean flip = g.model().flipTest();
            out.printf("flip test:  %s%n", flip == null ? "unknown (enrolled before it was recorded)" : flip ? "on" : "off (--no-flip)");
            out.printf("hnsw:       M %d, beam width %d%n", g.hnsw().maxConn(), g.hnsw().beamWidth());
            if (list) ids.forEach((name, n) -> out.printf("  %s\t%d%n", name, n));
        }
        return 0;
    }
}
