package org.protoface.pipeline.gallery;

import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gallery's Lucene files are damaged (truncated, overwritten, missing, from another Lucene
 * version). The message is one line naming the gallery, the file and the reason, and what to do,
 * without Lucene's exception names; Lucene's exception is the cause.
 */
public final class GalleryDamagedException extends IOException {
    private static final Pattern RESOURCE_PATH = Pattern.compile("path=\"([^\"]+)\"");

    GalleryDamagedException(Path gallery, String file, String reason, Throwable cause) {
        super("gallery " + gallery + " is damaged (" + file + ": " + reason + "); restore it from a copy or enrol again into a new folder",
                cause);
    }

    /**
     * Lucene's exception for a damaged index as a {@link GalleryDamagedException}; any other
     * exception is returned unchanged.
     */
    static IOException translate(IOException e, Path gallery) {
        if (e instanceof GalleryDamagedException) return e;
        if (e instanceof CorruptIndexException c) {
            return new GalleryDamagedException(gallery, fileOf(c.getResourceDescription()), readable(firstLine(c.getOriginalMessage())), e);
        }
        if (e instanceof IndexFormatTooOldException o) {
            return new GalleryDamagedException(gallery, fileOf(o.getResourceDescription()), "written by an older, unsupported Lucene format", e);
        }
        if (e instanceof IndexFormatTooNewException n) {
            return new GalleryDamagedException(gallery, fileOf(n.getResourceDescription()), "written by a newer Lucene format", e);
        }
        if (e instanceof EOFException) return new GalleryDamagedException(gallery, fileOf(e.getMessage()), "the file is cut short", e);
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            String missing = e instanceof NoSuchFileException f && f.getFile() != null ? Path.of(f.getFile()).getFileName().toString() : fileOf(e.getMessage());
            return new GalleryDamagedException(gallery, missing, "a file of the index is missing", e);
        }
        return e;
    }

    /** The file name inside a Lucene resource description such as {@code NIOFSIndexInput(path="/g/_0.cfs")}. */
    /** An index file name as Lucene writes them: segments_N, or _N.ext. */
    private static final Pattern INDEX_FILE = Pattern.compile("segments_\\w+|\\b_\\w+\\.\\w+");

    private static String fileOf(String description) {
        if (description == null) return "index";
        Matcher m = RESOURCE_PATH.matcher(description);
        String path = null;
        while (m.find()) path = m.group(1);
        if (path != null) return Path.of(path).getFileName().toString();
        // no path="..." (e.g. "Problem reading index from OwnerOnlyDirectory(MMapDirectory@/g ...)"):
        // name an index file if the text has one, never the directory object's description
        Matcher file = INDEX_FILE.matcher(description);
        return file.find() ? file.group() : "index";
    }

    /** Lucene's reason without the directory objects, class names and hashes it embeds. */
    static String readable(String reason) {
        String r = reason.replaceAll("\\w*Directory\\([^)]*\\)", "the gallery folder")
                .replaceAll("\\b(?:org|java)\\.[\\w.$]+", "")
                .replaceAll("\\S+@[0-9a-f]{4,}", "")
                .replaceAll("\\s+", " ").trim();
        return r.isEmpty() ? "unreadable" : r;
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
