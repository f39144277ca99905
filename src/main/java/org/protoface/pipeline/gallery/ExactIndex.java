package org.protoface.pipeline.gallery;

import org.protoface.torch.TensorScope;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.Tensors;
import org.protoface.torch.Torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact search over every enrolled face: the cosines of a batch of queries with all N stored
 * vectors are one matrix product (Q x d times d x N, libtorch), so nothing is missed; the
 * reference the approximate HNSW search is measured against, and the better choice for small
 * galleries. Holds the N x d matrix in native memory until {@link #close()}.
 */
public final class ExactIndex implements AutoCloseable {
    /** Queries per matrix product, so the Q x N score block stays small. */
    static final int QUERY_BLOCK = 64;

    private final int n, d;
    private final String[] identities, sources;
    private final int[] identityIndex;
    private final String[] identityNames;
    private final Tensor matrix;

    /**
     * @param vectors    n x d unit vectors, row-major
     * @param identities identity of each row
     * @param sources    source of each row
     */
    public ExactIndex(float[] vectors, int d, String[] identities, String[] sources) {
        if (d < 1 || vectors.length % d != 0) throw new IllegalArgumentException(vectors.length + " values do not make rows of " + d);
        this.n = vectors.length / d;
        this.d = d;
        if (identities.length != n || sources.length != n) throw new IllegalArgumentException(n + " vectors but " + identities.length + " identities");
        this.identities = identities.clone();
        this.sources = sources.clone();
        Map<String, Integer> ids = new HashMap<>();
        List<String> names = new ArrayList<>();
        identityIndex = new int[n];
        for (int i = 0; i < n; i++) {
            identityIndex[i] = ids.computeIfAbsent(identities[i], k -> {
                names.add(k);
                return names.size() - 1;
            });
        }
        identityNames = names.toArray(String[]::new);
        Torch.init();
        matrix = n == 0 ? null : Tensors.of(vectors, n, d);
    }

    /** Number of stored faces. */
    public int size() {
        return n;
    }

    /**
     * The k stored faces with the largest cosine for each query.
     *
     * @param queries unit vectors of d values
     * @return per query, up to k hits, best first
     */
    public List<List<FaceHit>> nearestFaces(float[][] queries, int k) {
        List<List<FaceHit>> out = new ArrayList<>();
        int kk = Math.min(k, n);
        for (int from = 0; from < queries.length; from += QUERY_BLOCK) {
            int m = Math.min(QUERY_BLOCK, queries.length - from);
            if (kk == 0) {
                for (int q = 0; q < m; q++) out.add(List.of());
                continue;
            }
            try (TensorScope scope = TensorScope.open()) {
                Tensor scores = Tensors.of(flatten(queries, from, m), m, d).mm(matrix.t());
                T_TensorTensor_T top = scores.topk(kk);
                float[] values = Tensors.floats(top.get0());
                long[] rows = Tensors.longs(top.get1());
                for (int q = 0; q < m; q++) {
                    List<FaceHit> hits = new ArrayList<>(kk);
                    for (int j = 0; j < kk; j++) {
                        int row = (int) rows[q * kk + j];
                        hits.add(new FaceHit(identities[row], sources[row], clamp(values[q * kk + j])));
                    }
                    out.add(hits);
                }
            }
        }
        return out;
    }

    /**
     * The {@code top} identities for each query, each scored by the best cosine over all its faces.
     */
    public List<List<IdentityMatch>> identify(float[][] queries, int top) {
        List<List<IdentityMatch>> out = new ArrayList<>();
        float[] best = new float[identityNames.length];
        int[] bestRow = new int[identityNames.length];
        for (int from = 0; from < queries.length; from += QUERY_BLOCK) {
            int m = Math.min(QUERY_BLOCK, queries.length - from);
            float[] scores;
            if (n == 0) {
                scores = new float[0];
            } else {
                try (TensorScope scope = TensorScope.open()) {
                    scores = Tensors.floats(Tensors.of(flatten(queries, from, m), m, d).mm(matrix.t()));
                }
            }
            for (int q = 0; q < m; q++) {
                Arrays.fill(best, Float.NEGATIVE_INFINITY);
                for (int row = 0; row < n; row++) {
                    float s = scores[q * n + row];
                    int id = identityIndex[row];
                    if (s > best[id]) {
                        best[id] = s;
                        bestRow[id] = row;
                    }
                }
                List<FaceHit> perIdentity = new ArrayList<>(identityNames.length);
                for (int id = 0; id < identityNames.length; id++) {
                    perIdentity.add(new FaceHit(identityNames[id], sources[bestRow[id]], clamp(best[id])));
                }
                out.add(IdentityRanking.rank(perIdentity, top));
            }
        }
        return out;
    }

    private float[] flatten(float[][] queries, int from, int m) {
        float[] flat = new float[m * d];
        for (int q = 0; q < m; q++) {
            float[] v = queries[from + q];
            if (v.length != d) throw new IllegalArgumentException("query " + (from + q) + " has " + v.length + " values, the gallery stores " + d);
            System.arraycopy(v, 0, flat, q * d, d);
        }
        return flat;
    }

    private static double clamp(float cos) {
        return Math.max(-1, Math.min(1, cos));
    }

    @Override
    public void close() {
        if (matrix != null) matrix.close();
    }
}
