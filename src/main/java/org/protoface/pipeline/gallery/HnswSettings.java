package org.protoface.pipeline.gallery;

/**
 * Parameters of Lucene's HNSW graph (Malkov and Yashunin, TPAMI 2020), fixed when a gallery is
 * created and kept in its commit data.
 *
 * @param maxConn    M: neighbours kept per node (Lucene's default 16); more raises recall and size
 * @param beamWidth  candidates examined while inserting a node (Lucene's default 100)
 */
public record HnswSettings(int maxConn, int beamWidth) {
    public static final HnswSettings DEFAULTS = new HnswSettings(16, 100);

    public HnswSettings {
        if (maxConn < 2 || maxConn > 512) throw new IllegalArgumentException("HNSW M must be in 2..512, got " + maxConn);
        if (beamWidth < 1 || beamWidth > 3200) throw new IllegalArgumentException("HNSW beam width must be in 1..3200, got " + beamWidth);
    }
}
