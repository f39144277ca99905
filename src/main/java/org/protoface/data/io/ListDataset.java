package org.protoface.data.io;

import org.protoface.data.MalformedDataException;
import org.protoface.data.TextLines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code list:FILE}: lines {@code path<TAB>label} with an integer label; relative paths are resolved
 * against the list file's folder; blank lines are ignored. Identities are the distinct labels in
 * ascending order (remapped to 0..N-1), images keep the order of the file.
 */
public final class ListDataset extends ImageFileDataset {
    private ListDataset(Path list, List<List<Path>> images, List<String> labels, ImageDecoder decoder) {
        super("list", list, images, labels, decoder);
    }

    /**
     * Opens a list file of {@code path<TAB>label} lines (paths relative to the list's folder, integer labels, blank
     * lines skipped); each distinct label is one identity, in ascending label order.
     *
     * @throws MalformedDataException if the file does not exist, lists no images, or a line is malformed, has a
     *                                non-integer label or names a missing image (the message names the line)
     * @throws IOException            if the file cannot be read
     */
    public static ListDataset open(Path listFile, ImageOptions options) throws IOException {
        if (!Files.isRegularFile(listFile)) throw new MalformedDataException("list file " + listFile + " does not exist");
        Path base = listFile.toAbsolutePath().getParent();
        Map<Long, List<Path>> byLabel = new TreeMap<>();
        TextLines.forEach(listFile, (lineNo, line) -> {
            if (line.isBlank()) return;
            String[] fields = line.split("\t", -1);
            if (fields.length != 2 || fields[0].isBlank()) {
                throw bad(listFile, lineNo, "expected 'path<TAB>label'", line);
            }
            long label;
            try {
                label = Long.parseLong(fields[1].trim());
            } catch (NumberFormatException e) {
                throw bad(listFile, lineNo, "field 'label' must be an integer, got '" + fields[1].trim() + "'", line);
            }
            Path image = base.resolve(fields[0].trim()).normalize();
            if (!Files.isRegularFile(image)) throw bad(listFile, lineNo, "field 'path': image " + image + " does not exist", line);
            byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(image);
        });
        if (byLabel.isEmpty()) throw new MalformedDataException("list file " + listFile + " lists no images");
        List<List<Path>> images = new ArrayList<>(byLabel.values());
        List<String> labels = byLabel.keySet().stream().map(String::valueOf).toList();
        return new ListDataset(listFile, images, labels, new ImageDecoder(options));
    }

    private static MalformedDataException bad(Path file, int lineNo, String what, String line) {
        return new MalformedDataException(file + " line " + lineNo + ": " + what + ", got '" + line + "'");
    }
}
