package org.protoface.data.source;

import org.protoface.data.FaceDataset;

import java.io.IOException;

/**
 * One kind of training data source, as the {@code data:} key names it ({@code kind:argument}).
 * The registry ({@link DataSources}) holds one entry per kind; adding a format means writing its
 * reader and adding one line there.
 */
public interface DataSourceKind {
    /** The prefix before the colon, e.g. "rec". */
    String name();

    /** The accepted syntax for help texts and errors, e.g. "rec:PATH[?size=S]". */
    String syntax();

    /**
     * Opens the source.
     *
     * @param argument    everything after "name:"
     * @param defaultSize side in pixels to decode (or render) images at when the argument names no size
     * @throws IOException              naming the file that is missing or unreadable
     * @throws IllegalArgumentException naming the bad part of the argument
     */
    FaceDataset open(String argument, int defaultSize) throws IOException;
}
