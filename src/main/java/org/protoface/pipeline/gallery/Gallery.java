package org.protoface.pipeline.gallery;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An on-disk gallery of enrolled identities on Lucene: one document per face with its identity
 * name, source and unit embedding in a {@link KnnFloatVectorField} (dot product, which is the
 * cosine for unit vectors), searched approximately through Lucene's HNSW graph or exactly
 * ({@link ExactIndex}). Which model made the vectors (and whether with the flip test), the HNSW
 * settings and a format version are kept in each commit's user data, so they change atomically with
 * the faces; a query or an enrolment from another model, or with the other flip-test setting, is
 * refused ({@link ModelMismatchException}). Galleries from before the flip test was recorded have no
 * {@code protoface.embedding.flip_test} key: their setting is unknown, is not checked and stays unknown.
 *
 * <p>Every {@link #enroll} and {@link #remove} is one Lucene commit: a process killed at any point
 * leaves the last commit intact and openable, with every face committed before it. Files are
 * owner-only ({@link OwnerOnlyDirectory}): a gallery is biometric data.
 *
 * <p>Not thread-safe. Only one process may write a gallery at a time (Lucene's write lock).
 */
public final class Gallery implements AutoCloseable {
    static final String IDENTITY = "identity", SOURCE = "source", VECTOR = "vector", IMAGE_HASH = "image_sha256";
    static final String KEY_VERSION = "protoface.gallery.version", KEY_FINGERPRINT = "protoface.model.fingerprint",
            KEY_DESCRIPTION = "protoface.model.description", KEY_DIMENSION = "protoface.model.dimension",
            KEY_LOCATION = "protoface.model.location", KEY_M = "protoface.hnsw.m", KEY_BEAM = "protoface.hnsw.beam",
            KEY_FLIP_TEST = "protoface.embedding.flip_test";
    static final String VERSION = "1";
    /** Tolerance on |e| = 1 for enrolled and query embeddings. */
    static final double UNIT_TOLERANCE = 1e-3;

    private final Path path;
    private final OwnerOnlyDirectory directory;
    private final IndexWriter writer;
    private final GalleryModel model;
    private final HnswSettings hnsw;
    private DirectoryReader reader;
    /** The folder was absent or empty when this enrolment opened it: if nothing is committed, close() leaves no stub behind. */
    private boolean createdHere, folderCreated, committed;

    private Gallery(Path path, OwnerOnlyDirectory directory, IndexWriter writer, GalleryModel model, HnswSettings hnsw) {
        this.path = path;
        this.directory = directory;
        this.writer = writer;
        this.model = model;
        this.hnsw = hnsw;
    }

    /**
     * Opens a gallery for enrolment and removal, creating it (owner-only) if the folder holds none.
     *
     * @param model    the model whose embeddings will be enrolled; null to keep the gallery's own
     *                 (for removal; the gallery must then exist)
     * @param settings HNSW settings for a new gallery; an existing gallery keeps its own
     * @throws ModelMismatchException if the gallery was enrolled with another model, or with the other flip-test setting
     * @throws IOException            naming the folder if it cannot be opened, or is locked by another writer;
     *                                  {@link GalleryDamagedException} if its files are damaged
     */
    public static Gallery openForWriting(Path path, GalleryModel model, HnswSettings settings) throws IOException {
        if (model == null && !Files.isDirectory(path)) throw new java.nio.file.NoSuchFileException(path.toString(), null, "no gallery here");
        boolean folderCreated = !Files.exists(path);
        boolean empty = folderCreated || isEmptyFolder(path);
        OwnerOnlyDirectory dir = OwnerOnlyDirectory.open(path);
        try {
            Map<String, String> data = DirectoryReader.indexExists(dir) ? commitData(dir, path) : Map.of();
            GalleryModel enrolled = data.isEmpty() ? null : modelOf(data, path);
            if (enrolled == null && model == null) throw new IOException(path + ": no gallery here (enrol first with protoface gallery enroll)");
            if (enrolled != null && model != null) {
                enrolled.requireSame(model, path);
                // a model that moved keeps its fingerprint; remember where it is now. The flip-test setting stays
                // the gallery's: when it is unknown, the faces enrolled before may have been made either way
                model = model.location() == null ? enrolled : model.withFlipTest(enrolled.flipTest());
            }
            if (model == null) model = enrolled;
            HnswSettings hnsw = data.isEmpty() ? settings : hnswOf(data, path);
            IndexWriterConfig config = new IndexWriterConfig();
            config.setCodec(codec(hnsw));
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            config.setCommitOnClose(false);
            IndexWriter writer;
            try {
                writer = new IndexWriter(dir, config);
            } catch (LockObtainFailedException e) {
                throw new IOException("gallery " + path + " is being written by another process (Lucene's write.lock is held)", e);
            }
            dir.restrict(IndexWriter.WRITE_LOCK_NAME);
            Gallery g = new Gallery(path, dir, writer, model, hnsw);
            g.createdHere = empty;
            g.folderCreated = folderCreated;
            writer.setLiveCommitData(g.metadata().entrySet());
            return g;
        } catch (IOException | RuntimeException e) {
            dir.close();
            if (empty) removeStub(path, folderCreated);
            if (e instanceof IOException io) throw GalleryDamagedException.translate(io, path);
            throw e;
        }
    }

    private static boolean isEmptyFolder(Path path) throws IOException {
        if (!Files.isDirectory(path)) return false;
        try (java.util.stream.Stream<Path> list = Files.list(path)) {
            return list.findAny().isEmpty();
        }
    }

    /** Deletes what a first enrolment that committed nothing created (write.lock, the folder it made). */
    private static void removeStub(Path path, boolean folderCreated) throws IOException {
        if (!Files.isDirectory(path)) return;
        try (java.util.stream.Stream<Path> list = Files.list(path)) {
            for (Path p : list.toList()) Files.deleteIfExists(p);
        }
        if (folderCreated) Files.deleteIfExists(path);
    }

    /**
     * Opens an existing gallery for searching.
     *
     * @throws IOException naming the folder when it holds no gallery; {@link GalleryDamagedException}
     *                     when its files are damaged
     */
    public static Gallery open(Path path) throws IOException {
        if (!Files.isDirectory(path)) throw new java.nio.file.NoSuchFileException(path.toString(), null, "no gallery here (enrol first)");
        OwnerOnlyDirectory dir = OwnerOnlyDirectory.open(path);
        Gallery g = null;
        try {
            if (!DirectoryReader.indexExists(dir)) throw new IOException(path + ": no gallery here (enrol first with protoface gallery enroll)");
            Map<String, String> data = commitData(dir, path);
            g = new Gallery(path, dir, null, modelOf(data, path), hnswOf(data, path));
            g.reader();   // opens every segment now, so damage is reported here rather than in the middle of a search
            return g;
        } catch (IOException | RuntimeException e) {
            if (g != null && g.reader != null) g.reader.close();
            dir.close();
            if (e instanceof IOException io) throw GalleryDamagedException.translate(io, path);
            throw e;
        }
    }

    private static Map<String, String> commitData(OwnerOnlyDirectory dir, Path path) throws IOException {
        Map<String, String> data = SegmentInfos.readLatestCommit(dir).getUserData();
        if (!data.containsKey(KEY_VERSION)) {
            throw new IOException(path + ": a Lucene index but not a ProtoFace gallery (no " + KEY_VERSION + " in its commit data)");
        }
        if (!VERSION.equals(data.get(KEY_VERSION))) {
            throw new IOException(path + ": gallery format " + data.get(KEY_VERSION) + ", this build reads " + VERSION);
        }
        return data;
    }

    private static GalleryModel modelOf(Map<String, String> data, Path path) throws IOException {
        try {
            return new GalleryModel(data.get(KEY_FINGERPRINT), data.get(KEY_DESCRIPTION), Integer.parseInt(data.get(KEY_DIMENSION)),
                    data.get(KEY_LOCATION), flipTestOf(data.get(KEY_FLIP_TEST), path));
        } catch (RuntimeException e) {
            throw new IOException(path + ": damaged gallery metadata (" + KEY_FINGERPRINT + ", " + KEY_DIMENSION + "): " + e.getMessage(), e);
        }
    }

    /** The recorded flip-test setting; null (unknown) for a gallery from before it was recorded. */
    private static Boolean flipTestOf(String value, Path path) throws IOException {
        if (value == null) return null;
        if (value.equals("true") || value.equals("false")) return Boolean.valueOf(value);
        throw new IOException(path + ": damaged gallery metadata (" + KEY_FLIP_TEST + " is '" + value + "', expected true or false)");
    }

    private static HnswSettings hnswOf(Map<String, String> data, Path path) throws IOException {
        try {
            return new HnswSettings(Integer.parseInt(data.get(KEY_M)), Integer.parseInt(data.get(KEY_BEAM)));
        } catch (RuntimeException e) {
            throw new IOException(path + ": damaged gallery metadata (" + KEY_M + ", " + KEY_BEAM + "): " + e.getMessage(), e);
        }
    }

    private Map<String, String> metadata() {
        Map<String, String> m = new TreeMap<>();
        m.put(KEY_VERSION, VERSION);
        m.put(KEY_FINGERPRINT, model.fingerprint());
        m.put(KEY_DESCRIPTION, model.description());
        m.put(KEY_DIMENSION, Integer.toString(model.dimension()));
        if (model.location() != null) m.put(KEY_LOCATION, model.location());
        if (model.flipTest() != null) m.put(KEY_FLIP_TEST, model.flipTest().toString());
        m.put(KEY_M, Integer.toString(hnsw.maxConn()));
        m.put(KEY_BEAM, Integer.toString(hnsw.beamWidth()));
        return m;
    }

    private static Lucene912Codec codec(HnswSettings hnsw) {
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return new Lucene99HnswVectorsFormat(hnsw.maxConn(), hnsw.beamWidth());
            }
        };
    }

    /** The gallery's folder. */
    public Path path() {
        return path;
    }

    /** The model that enrolled this gallery's vectors. */
    public GalleryModel model() {
        return model;
    }

    /** The HNSW settings the gallery's index was built with. */
    public HnswSettings hnsw() {
        return hnsw;
    }

    /**
     * Adds the faces of one identity and commits; when this returns they survive any crash.
     *
     * @return the number of faces added
     * @throws IllegalArgumentException if the name is blank, or an embedding has the wrong
     *                                  dimension, a non-finite value or is not a unit vector (named by source)
     */
    public int enroll(String identity, List<GalleryFace> faces) throws IOException {
        add(identity, faces);
        commit();
        return faces.size();
    }

    /**
     * Adds faces without committing (a bulk load commits once at the end with {@link #commit()});
     * nothing added here survives a crash before that commit.
     */
    public void add(String identity, List<GalleryFace> faces) throws IOException {
        requireWritable();
        if (identity == null || identity.isBlank()) throw new IllegalArgumentException("identity name must not be blank");
        List<Document> docs = new ArrayList<>(faces.size());
        for (GalleryFace f : faces) {
            checkVector(f.embedding(), "face " + f.source() + " of " + identity);
            Document d = new Document();
            d.add(new StringField(IDENTITY, identity, Field.Store.YES));
            d.add(new StoredField(SOURCE, f.source()));
            if (f.imageHash() != null) d.add(new StringField(IMAGE_HASH, f.imageHash(), Field.Store.YES));
            d.add(new KnnFloatVectorField(VECTOR, f.embedding(), VectorSimilarityFunction.DOT_PRODUCT));
            docs.add(d);
        }
        writer.addDocuments(docs);
    }

    /**
     * Buffers up to {@code megabytes} of added faces in memory before flushing a segment: a bulk
     * load of many faces then ends up in few segments (one HNSW graph each) without merging.
     */
    public void setBulkBuffer(double megabytes) {
        requireWritable();
        writer.getConfig().setRAMBufferSizeMB(megabytes);
    }

    /** Makes every added and removed face durable (one Lucene commit carrying the model metadata). */
    public void commit() throws IOException {
        requireWritable();
        writer.setLiveCommitData(metadata().entrySet());
        writer.commit();
        committed = true;
    }

    /**
     * Whether a photograph (by the sha256 of its bytes, {@link GalleryFace#imageHash}) is already
     * enrolled for this identity, committed or added in this session.
     */
    public boolean hasImage(String identity, String imageHash) throws IOException {
        org.apache.lucene.search.BooleanQuery q = new org.apache.lucene.search.BooleanQuery.Builder()
                .add(new TermQuery(new Term(IDENTITY, identity)), org.apache.lucene.search.BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(IMAGE_HASH, imageHash)), org.apache.lucene.search.BooleanClause.Occur.FILTER).build();
        return searcher().count(q) > 0;
    }

    /** Merges the index into one segment, so approximate search walks a single HNSW graph. */
    public void forceMerge() throws IOException {
        requireWritable();
        writer.forceMerge(1);
        commit();
    }

    /**
     * Removes every face of an identity and commits.
     *
     * @return the number of faces removed (0 if the identity was not enrolled)
     */
    public int remove(String identity) throws IOException {
        requireWritable();
        int before = faceCount(identity);
        if (before == 0) return 0;
        writer.deleteDocuments(new Term(IDENTITY, identity));
        commit();
        return before;
    }

    private int faceCount(String identity) throws IOException {
        return searcher().count(new TermQuery(new Term(IDENTITY, identity)));
    }

    /** Faces per identity (identity names in sorted order). */
    public Map<String, Integer> identities() throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        DirectoryReader r = reader();
        for (LeafReaderContext leaf : r.leaves()) {
            Bits live = leaf.reader().getLiveDocs();
            StoredFields stored = leaf.reader().storedFields();
            for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                if (live != null && !live.get(doc)) continue;
                counts.merge(stored.document(doc, Set.of(IDENTITY)).get(IDENTITY), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Number of enrolled faces. */
    public int size() throws IOException {
        return reader().numDocs();
    }

    /** Number of Lucene segments (each has its own HNSW graph). */
    public int segments() throws IOException {
        return reader().leaves().size();
    }

    /**
     * Approximate nearest faces through the HNSW graph.
     *
     * @param query      a unit query embedding from the gallery's model
     * @param k          faces to return
     * @param candidates how many candidates the graph search keeps (Lucene's k; at least k):
     *                   more raises recall and costs time
     * @return up to k faces, best cosine first
     */
    public List<FaceHit> nearestFaces(float[] query, int k, int candidates) throws IOException {
        checkVector(query, "query");
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        IndexSearcher s = searcher();
        TopDocs top = s.search(new KnnFloatVectorQuery(VECTOR, query, Math.max(k, candidates)), Math.max(k, candidates));
        StoredFields stored = s.storedFields();
        List<FaceHit> hits = new ArrayList<>();
        for (ScoreDoc sd : top.scoreDocs) {
            if (hits.size() == k) break;
            Document d = stored.document(sd.doc);
            hits.add(new FaceHit(d.get(IDENTITY), d.get(SOURCE), cosineFromScore(sd.score)));
        }
        return hits;
    }

    /**
     * Lucene scores a DOT_PRODUCT match as (1 + dot) / 2; this returns the dot product (the cosine
     * of unit vectors), clamped to [-1, 1].
     */
    static double cosineFromScore(float score) {
        return Math.max(-1, Math.min(1, 2.0 * score - 1));
    }

    /**
     * The best identities for a query by approximate search: the {@code candidates} nearest faces,
     * grouped by identity (best face per identity).
     */
    public List<IdentityMatch> identify(float[] query, int top, int candidates) throws IOException {
        return IdentityRanking.rank(nearestFaces(query, Math.max(top, candidates), candidates), top);
    }

    /** Every enrolled vector in memory, for exact search. */
    public ExactIndex exactIndex() throws IOException {
        DirectoryReader r = reader();
        int n = r.numDocs(), d = model.dimension();
        float[] vectors = new float[n * d];
        String[] identities = new String[n], sources = new String[n];
        int row = 0;
        for (LeafReaderContext leaf : r.leaves()) {
            LeafReader lr = leaf.reader();
            FloatVectorValues values = lr.getFloatVectorValues(VECTOR);
            if (values == null) continue;
            Bits live = lr.getLiveDocs();
            StoredFields stored = lr.storedFields();
            for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                if (live != null && !live.get(doc)) continue;
                System.arraycopy(values.vectorValue(), 0, vectors, row * d, d);
                Document fields = stored.document(doc, Set.of(IDENTITY, SOURCE));
                identities[row] = fields.get(IDENTITY);
                sources[row] = fields.get(SOURCE);
                row++;
            }
        }
        if (row != n) throw new IOException(path + ": " + n + " faces but " + row + " vectors; the gallery is damaged");
        return new ExactIndex(vectors, d, identities, sources);
    }

    private void checkVector(float[] v, String what) {
        if (v == null || v.length != model.dimension()) {
            throw new IllegalArgumentException(what + ": embedding has " + (v == null ? 0 : v.length) + " values, the gallery's model gives "
                    + model.dimension());
        }
        double sq = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) throw new IllegalArgumentException(what + ": embedding has a non-finite value");
            sq += (double) x * x;
        }
        if (Math.abs(Math.sqrt(sq) - 1) > UNIT_TOLERANCE) {
            throw new IllegalArgumentException(what + ": embedding norm is " + Math.sqrt(sq) + ", expected a unit vector");
        }
    }

    private void requireWritable() {
        if (writer == null) throw new IllegalStateException("gallery " + path + " was opened for searching only");
    }

    private DirectoryReader reader() throws IOException {
        try {
            return openReader();
        } catch (IOException e) {
            throw GalleryDamagedException.translate(e, path);
        }
    }

    private DirectoryReader openReader() throws IOException {
        if (reader == null) {
            reader = writer != null ? DirectoryReader.open(writer) : DirectoryReader.open(directory);
        } else {
            DirectoryReader fresh = writer != null ? DirectoryReader.openIfChanged(reader, writer) : DirectoryReader.openIfChanged(reader);
            if (fresh != null) {
                reader.close();
                reader = fresh;
            }
        }
        return reader;
    }

    private IndexSearcher searcher() throws IOException {
        return new IndexSearcher(reader());
    }

    /**
     * Closes without committing: faces added since the last commit are discarded. A first
     * enrolment (into a missing or empty folder) that committed nothing leaves no files behind.
     */
    @Override
    public void close() throws IOException {
        try {
            if (reader != null) reader.close();
        } finally {
            try {
                if (writer != null) writer.rollback();
            } finally {
                directory.close();
                if (writer != null && createdHere && !committed) removeStub(path, folderCreated);
            }
        }
    }

}
