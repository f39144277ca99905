package org.protoface.data.io;

import org.protoface.data.MalformedDataException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code folder:PATH}: one sub-folder per identity with .jpg/.jpeg/.png files inside. Identities
 * are the sub-folders sorted by name and images are sorted by file name, so labels are the same on
 * every machine. Sub-folders without images are skipped (an identity needs at least one image).
 */
public final class FolderDataset extends ImageFileDataset {
    private FolderDataset(Path root, List<List<Path>> images, List<String> labels, ImageDecoder decoder) {
        super("folder", root, images, labels, decoder);
    }

    /**
     * Opens a folder-per-identity image set: each sub-folder of {@code root} holding .jpg/.jpeg/.png files is one
     * identity (sorted by name, labels are the folder names); empty sub-folders are skipped.
     *
     * @throws MalformedDataException if {@code root} is not a directory or has no sub-folder with images
     * @throws IOException            if a directory cannot be listed
     */
    public static FolderDataset open(Path root, ImageOptions options) throws IOException {
        if (!Files.isDirectory(root)) throw new MalformedDataException("image folder " + root + " does not exist");
        List<List<Path>> images = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Path dir : sortedChildren(root)) {
            if (!Files.isDirectory(dir)) continue;
            List<Path> files = sortedChildren(dir).stream().filter(ImageFileDataset::isImageFile).toList();
            if (files.isEmpty()) continue;
            images.add(files);
            labels.add(dir.getFileName().toString());
        }
        if (images.isEmpty()) {
            throw new MalformedDataException("image folder " + root + " has no sub-folder with .jpg/.jpeg/.png images");
        }
        return new FolderDataset(root, images, labels, new ImageDecoder(options));
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }
}
