package org.protoface.data.io;

import org.protoface.data.CorruptRecordException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset of loose image files grouped by identity; {@link FolderDataset} and {@link ListDataset}
 * differ only in how they find the files. Also the input of {@link DatasetPacker}.
 */
public abstract class ImageFileDataset implements EncodedFaceSet {
    private final String kind;
    private final Path source;
    private final List<List<Path>> images;
    private final List<String> originalLabels;
    private final ImageDecoder decoder;

    /**
     * @param images         per identity, its image files in a fixed order; no list may be empty
     * @param originalLabels per identity, the name it had in the source (folder name, list label)
     */
    protected ImageFileDataset(String kind, Path source, List<List<Path>> images, List<String> originalLabels,
                               ImageDecoder decoder) {
        if (images.size() != originalLabels.size()) throw new IllegalArgumentException("one label per identity");
        for (List<Path> list : images) {
            if (list.isEmpty()) throw new IllegalArgumentException("identity without images in " + source);
        }
        this.kind = kind;
        this.source = source;
        this.images = images.stream().map(List::copyOf).toList();
        this.originalLabels = List.copyOf(originalLabels);
        this.decoder = decoder;
    }

    @Override
    public int identityCount() {
        return images.size();
    }

    @Override
    public int imageCount(int identity) {
        return images.get(identity).size();
    }

    @Override
    public int imageSize() {
        return decoder.imageSize();
    }

    /** Path of image {@code index} (0-based) of {@code identity} (0-based). */
    public Path imagePath(int identity, int index) {
        return images.get(identity).get(index);
    }

    /** The label this identity had in the source (its folder name or list label). */
    public String originalLabel(int identity) {
        return originalLabels.get(identity);
    }

    @Override
    public String identityLabel(int identity) {
        return originalLabel(identity);
    }

    @Override
    public String imageSource(int identity, int index) {
        return imagePath(identity, index).toString();
    }

    @Override
    public long totalImages() {
        long n = 0;
        for (List<Path> list : images) n += list.size();
        return n;
    }

    @Override
    public byte[] encodedImage(int identity, int index) throws CorruptRecordException {
        Path file = imagePath(identity, index);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CorruptRecordException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ImageDecoder decoder() {
        return decoder;
    }

    @Override
    public void load(int identity, int index, float[] dst, int offset) throws CorruptRecordException {
        decoder.decode(encodedImage(identity, index), imagePath(identity, index).toString(), dst, offset);
    }

    @Override
    public String describe() {
        return kind + " dataset: " + identityCount() + " identities, " + totalImages() + " images, "
                + imageSize() + "x" + imageSize() + ", from " + source;
    }

    static boolean isImageFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return Files.isRegularFile(p) && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
    }
}
