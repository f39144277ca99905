package org.protoface.torch.dist;

import org.bytedeco.pytorch.BoolVector;
import org.bytedeco.pytorch.LoggerOptional;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.Reducer;
import org.bytedeco.pytorch.SizeTStringMap;
import org.bytedeco.pytorch.SizeTVector;
import org.bytedeco.pytorch.SizeTVectorVector;
import org.bytedeco.pytorch.T_SizeTVectorVectorSizeTVector_T;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.lang.ref.Reference;

/**
 * libtorch's DDP gradient reducer ({@code c10d::Reducer}) over a {@link GlooGroup}: it hooks the
 * gradient accumulators of the given parameters, copies each gradient into a bucket as soon as
 * backward produces it, starts the bucket's all-reduce when the bucket is full (so communication
 * overlaps the rest of backward) and, at the end of backward, writes the averaged gradients back
 * into {@code .grad} (it divides by the world size itself).
 *
 * <p>Used as PyTorch's {@code DistributedDataParallel} uses it, without unused-parameter search:
 * {@link #prepareIteration()} before every forward whose backward must be synchronised (it also
 * rebuilds the buckets in the order gradients arrived, once, after the first iteration, which is
 * a collective); every parameter must receive a gradient in every iteration.
 *
 * <p>Binding facts: the reducer registers native hooks that point back at it, so this object must
 * stay referenced for the whole run; {@code SizeTVector(long)} is an allocator of that many
 * elements, so the bucket limits are always passed as two values.
 */
public final class BucketedReducer {
    private final Reducer reducer;
    private final long buckets;

    /**
     * @param parameters       the parameters whose gradients are averaged (all must require grad)
     * @param bucketBytes      bucket capacity in bytes (DDP's default is 25 MiB)
     * @param firstBucketBytes the first bucket's capacity (DDP: 1 MiB), small so the first all-reduce starts early
     */
    public BucketedReducer(GlooGroup group, TensorVector parameters, long bucketBytes, long firstBucketBytes) {
        if (bucketBytes < 1 || firstBucketBytes < 1) {
            throw new IllegalArgumentException("bucket sizes must be >= 1 byte, got " + bucketBytes + " and " + firstBucketBytes);
        }
        long n = parameters.size();
        BoolVector sparse = new BoolVector();
        for (long i = 0; i < n; i++) sparse.push_back(false);
        // Parameters in reverse registration order: backward produces the last layers' gradients first.
        LongVector order = new LongVector();
        for (long i = n - 1; i >= 0; i--) order.push_back(i);
        // get0() points into the returned tuple without keeping it alive: the tuple must stay
        // reachable until the reducer has copied the assignment, or its memory may be freed under
        // it (seen here: a SIGSEGV in Reducer::initialize_buckets, once in a few dozen starts)
        T_SizeTVectorVectorSizeTVector_T result = torch.compute_bucket_assignment_by_size(parameters,
                new SizeTVector(firstBucketBytes, bucketBytes), sparse, order, new LoggerOptional());
        SizeTVectorVector assignment = result.get0();
        this.buckets = assignment.size();
        this.reducer = new Reducer(parameters, assignment, group.processGroup(), sparse, bucketBytes,
                false, false, new SizeTStringMap(), firstBucketBytes, false, false);
        Reference.reachabilityFence(result);
    }

    /** Call before each forward whose backward is to be averaged over the ranks (a collective after iteration 1). */
    public void prepareIteration() {
        reducer.rebuild_buckets();
        reducer.prepare_for_forward();
        reducer.prepare_for_backward(new TensorVector());
    }

    /** Number of buckets in the initial assignment. */
    public long bucketCount() {
        return buckets;
    }
}
