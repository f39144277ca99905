package org.protoface.torch.dist;

import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllgatherOptions;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.BackendOptional;
import org.bytedeco.pytorch.BarrierOptions;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.LoggerOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ProcessGroup;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.ReduceOp;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.gloo.Device;
import org.bytedeco.pytorch.global.torch;

import java.time.Duration;

/**
 * A c10d process group on the Gloo backend (CPU tensors), as libtorch's own
 * {@code init_process_group("gloo")} builds it. The quirks of the bindings, checked on this
 * machine with pytorch 2.10.0-1.5.13, live here:
 * <ul>
 *   <li>Objects passed where C++ takes an {@code intrusive_ptr} must be owned by one: the
 *       bindings wrap a plain pointer with {@code unsafe_steal_from_new}, so a {@code TCPStore}
 *       built with {@code new} ends up owned twice (by JavaCPP's deallocator and by the
 *       backend): a double free once both let go, a corrupted heap some time later, and the
 *       reference-count abort of {@code new ProcessGroup(store, rank, size)}. Gloo therefore
 *       gets {@code store.clone()} (a second client of the same server, returned as an
 *       {@code intrusive_ptr}), and the group is built as {@code new ProcessGroup(rank, size)}
 *       plus {@code setBackend} and {@code setDefaultBackend}.</li>
 *   <li>{@code broadcast_coalesced} must run under a {@link NoGradGuard} (it writes into leaves
 *       that require gradient).</li>
 *   <li>Every operation returns a {@code Work}; {@link #await} waits for it and rethrows the
 *       backend's error (a peer that closed its connection, a timeout) as a RuntimeException.</li>
 * </ul>
 * All collectives take contiguous CPU tensors and, except all-gather, work in place.
 */
public final class GlooGroup {
    private final KeyValueStore store;
    private final Store glooStore;
    private final ProcessGroupGloo backend;
    private final ProcessGroup group;
    private final int rank;
    private final int size;
    private final Duration timeout;

    private GlooGroup(KeyValueStore store, Store glooStore, ProcessGroupGloo backend, ProcessGroup group, int rank, int size,
                      Duration timeout) {
        this.store = store;
        this.glooStore = glooStore;
        this.backend = backend;
        this.group = group;
        this.rank = rank;
        this.size = size;
        this.timeout = timeout;
    }

    /**
     * Builds the group; blocks until every rank has connected (Gloo's own rendezvous through the
     * store) or {@code timeout} passes.
     *
     * @param bindAddress the local address Gloo listens on and announces to its peers (the address
     *                    of the interface that reaches the other ranks), or null to name an
     *                    interface instead
     * @param iface       a network interface name (like GLOO_SOCKET_IFNAME), used when
     *                    {@code bindAddress} is null
     * @param threads     Gloo worker threads (ops run on them; 1 serialises ops, as training needs)
     */
    public static GlooGroup create(KeyValueStore store, int rank, int size, Duration timeout,
                                   String bindAddress, String iface, int threads) {
        if (size < 1 || rank < 0 || rank >= size) throw new IllegalArgumentException("rank " + rank + " is not in a world of " + size);
        Device device = bindAddress != null ? ProcessGroupGloo.createDeviceForHostname(bindAddress)
                : ProcessGroupGloo.createDeviceForInterface(iface);
        ProcessGroupGloo.Options options = ProcessGroupGloo.Options.create(KeyValueStore.millis(timeout));
        options.devices(new GlooDeviceVector(device));
        options.threads(Math.max(1, threads));
        // an intrusive_ptr-owned client of the same store (see the class comment)
        Store glooStore = store.handle().clone();
        ProcessGroupGloo backend = new ProcessGroupGloo(glooStore, rank, size, options);
        ProcessGroup group = new ProcessGroup(rank, size);
        group.setBackend(torch.DeviceType.CPU, ProcessGroup.BackendType.GLOO, new BackendOptional(backend));
        group.setDefaultBackend(ProcessGroup.BackendType.GLOO);
        return new GlooGroup(store, glooStore, backend, group, rank, size, timeout);
    }

    /** This process's rank in the group, 0 to {@code size() - 1}. */
    public int rank() {
        return rank;
    }

    /** Number of ranks in the group (world size). */
    public int size() {
        return size;
    }

    /** Timeout every collective of this group is started with. */
    public Duration timeout() {
        return timeout;
    }

    /** The key-value store the group was formed through. */
    public KeyValueStore store() {
        return store;
    }

    /** The c10d group, for libtorch's DDP reducer. */
    ProcessGroup processGroup() {
        return group;
    }

    /** In-place element-wise reduction of {@code t} over all ranks; every rank ends with the result. */
    public Work allReduce(Tensor t, ReduceKind kind) {
        AllreduceOptions o = new AllreduceOptions();
        o.reduceOp(new ReduceOp(switch (kind) {
            case SUM -> ReduceOp.RedOpType.SUM;
            case MAX -> ReduceOp.RedOpType.MAX;
            case MIN -> ReduceOp.RedOpType.MIN;
        }));
        o.timeout(millis());
        return group.allreduce(new TensorVector(t), o);
    }

    /**
     * All-gather of equal-sized inputs: {@code out} (size x input's rows along dim 0, same trailing
     * shape) receives rank 0's input, then rank 1's, and so on.
     */
    public Work allGatherInto(Tensor out, Tensor in) {
        AllgatherOptions o = new AllgatherOptions();
        o.timeout(millis());
        return group._allgather_base(out, in, o);
    }

    /** Overwrites {@code t} on every rank with rank {@code root}'s values. */
    public Work broadcast(Tensor t, int root) {
        BroadcastOptions o = new BroadcastOptions();
        o.rootRank(root);
        o.rootTensor(0);
        o.timeout(millis());
        return group.broadcast(new TensorVector(t), o);
    }

    /** Starts a barrier over all ranks with the group's timeout; wait for it with {@link #await}. */
    public Work barrier() {
        BarrierOptions o = new BarrierOptions();
        o.timeout(millis());
        return group.barrier(o);
    }

    /** Waits for {@code work}; rethrows the backend's error. */
    public static void await(Work work) {
        work._wait();
    }

    /**
     * Copies rank {@code root}'s values of all {@code tensors} (parameters and buffers) to every
     * rank, packed into buffers of at most {@code bufferBytes} as DDP does at start.
     */
    public void broadcastCoalesced(TensorVector tensors, long bufferBytes, int root) {
        try (NoGradGuard guard = new NoGradGuard()) {
            torch.broadcast_coalesced(group, tensors, bufferBytes, root);
        }
    }

    /**
     * DDP's start-up check that every rank has the same number of parameters with the same shapes
     * and strides; throws libtorch's error naming the first mismatch.
     */
    public void verifySameParameters(TensorVector parameters) {
        torch.verify_params_across_processes(group, parameters, new LoggerOptional());
    }

    /** Frees the native group, backend and Gloo's store client. Only for a healthy group that no rank still uses. */
    public void release() {
        group.close();
        backend.close();
        glooStore.close();
    }

    /**
     * After a failure: never free the native objects (not even when they become garbage), since
     * destroying a Gloo context whose peer vanished mid-operation can block or crash; the process
     * is about to exit and takes them with it.
     */
    public void abandon() {
        group.deallocate(false);
        backend.deallocate(false);
        glooStore.deallocate(false);
    }

    private Milliseconds millis() {
        return KeyValueStore.millis(timeout);
    }
}
