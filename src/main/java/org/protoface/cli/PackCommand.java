package org.protoface.cli;

import org.protoface.data.io.DatasetPacker;
import org.protoface.data.io.FolderDataset;
import org.protoface.data.io.ImageFileDataset;
import org.protoface.data.io.ImageOptions;
import org.protoface.data.io.ListDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code pack --input folder DIR|list FILE --out DIR}: packs loose images into train.rec /
 * train.idx / property (InsightFace layout). The input may also be given as {@code folder:DIR},
 * {@code list:FILE}, or a bare path (a directory is a folder set, a file a list).
 */
@Command(name = "pack", mixinStandardHelpOptions = true,
        description = "Pack an image folder or list file into train.rec/train.idx/property (InsightFace layout).")
public final class PackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, arity = "1..2", paramLabel = "folder|list PATH",
            description = "Source: 'folder DIR' (one sub-folder per identity) or 'list FILE' (path<TAB>label lines).")
    List<String> input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--image-size", paramLabel = "N",
            description = "Refuse to pack unless every image is N x N. 'property' always records the size the images have.")
    int imageSize;

    @Override
    public Integer call() throws IOException {
        ImageFileDataset source = openSource();
        long started = System.nanoTime();
        DatasetPacker.Result r = DatasetPacker.pack(source, out, imageSize);
        double seconds = (System.nanoTime() - started) / 1e9;
        spec.commandLine().getOut().printf("packed %d identities, %d images (%d bytes, %d magic splits) into %s in %.1f s%n",
                r.identities(), r.images(), r.recBytes(), r.splitRecords(), out, seconds);
        if (r.otherSizes() > 0) {
            spec.commandLine().getOut().printf("note: %d of %d images are not %d x %d (the most common size, written to %s); "
                    + "loaders resize them%n", r.otherSizes(), r.images(), r.width(), r.height(), r.property());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private ImageFileDataset openSource() throws IOException {
        String kind;
        String path;
        if (input.size() == 2) {
            kind = input.get(0);
            path = input.get(1);
        } else if (input.get(0).startsWith("folder:") || input.get(0).startsWith("list:")) {
            int colon = input.get(0).indexOf(':');
            kind = input.get(0).substring(0, colon);
            path = input.get(0).substring(colon + 1);
        } else {
            path = input.get(0);
            kind = Files.isDirectory(Path.of(path)) ? "folder" : "list";
        }
        // the decode size does not matter here: packing stores the bytes as read
        ImageOptions options = ImageOptions.defaults();
        return switch (kind) {
            case "folder" -> FolderDataset.open(Path.of(path), options);
            case "list" -> ListDataset.open(Path.of(path), options);
            default -> throw new ParameterException(spec.commandLine(), "--input kind must be 'folder' or 'list', got '" + kind + "'");
        };
    }
}
