package org.protoface.distributed;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.protoface.torch.NativeErrors;
import org.protoface.torch.Tensors;
import org.protoface.torch.dist.GlooGroup;
import org.protoface.torch.dist.KeyValueStore;
import org.protoface.torch.dist.ReduceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The collectives ProtoFace needs, over a c10d Gloo process group, with errors that name the
 * rank at fault. Rank 0 hosts the TCPStore at {@code MASTER_ADDR:MASTER_PORT} (under torchrun's
 * static rendezvous the agent hosts it and every rank is a client, see {@link RankEnv}); every rank
 * announces itself there, waits for the others ({@code dist.timeout_s}), then builds the group.
 * A world of one needs no group: every operation is then the identity (all-gather returns the
 * input), so single-process code can call the same methods.
 *
 * <p>Every collective waits for its result; every rank must call the same collectives in the same
 * order. A failure ({@link CollectiveException}) leaves the group unusable: stop the run.
 * Tensors are CPU tensors; in-place operations need contiguous ones.
 */
public final class Collectives implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Collectives.class);
    static final String JOIN_PREFIX = "protoface/join/";
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final int rank;
    private final int world;
    private final Duration timeout;
    private final KeyValueStore store;
    private final GlooGroup group;
    private final PeerMonitor monitor;
    private long collectives;
    private boolean broken;
    private boolean closed;

    private Collectives(int rank, int world, Duration timeout, KeyValueStore store, GlooGroup group, PeerMonitor monitor) {
        this.rank = rank;
        this.world = world;
        this.timeout = timeout;
        this.store = store;
        this.group = group;
        this.monitor = monitor;
    }

    /** The single-process world: no store, no group, every collective is the identity. */
    public static Collectives single() {
        return new Collectives(0, 1, DistConfig.DEFAULTS.timeout(), null, null, null);
    }

    /**
     * Joins the job described by {@code env}: starts (rank 0, unless torchrun's agent hosts it) or reaches the TCPStore, waits until
     * every rank has announced itself, checks they agree on the world size, builds the Gloo group.
     *
     * @throws CollectiveException naming the ranks that did not join within {@code dist.timeout_s},
     *                             or saying that rank 0's store could not be reached
     * @throws IllegalArgumentException when ranks disagree on the world size
     */
    public static Collectives connect(RankEnv env, DistConfig config) {
        if (!env.isDistributed()) return single();
        Duration timeout = config.timeout();
        KeyValueStore store = openStore(env, timeout);
        String bind = null, iface = System.getenv("GLOO_SOCKET_IFNAME");
        GlooGroup group;
        try {
            store.set(JOIN_PREFIX + env.rank(), env.worldSize() + " " + hostName());
            awaitJoin(store, env, timeout);
            if (iface == null || iface.isBlank()) bind = localAddressTowards(env.masterAddr(), env.masterPort());
            try {
                group = GlooGroup.create(store, env.rank(), env.worldSize(), timeout, bind, iface, config.glooThreads());
            } catch (RuntimeException e) {
                throw new CollectiveException("rank " + env.rank() + " could not connect to its peers (Gloo, listening on "
                        + (bind != null ? bind : "interface " + iface) + "): " + reason(e), List.of(), e);
            }
        } catch (RuntimeException e) {
            // free the port (rank 0) and the connection; the job cannot start anyway
            store.close();
            throw e;
        }
        if (bind != null && bind.startsWith("127.") && env.localWorldSize() < env.worldSize()) {
            // MASTER_ADDR resolved to loopback here (a host name mapped to 127.0.1.1, say) while
            // ranks on other hosts must reach this one
            LOG.warn("rank {}: Gloo listens on {} but only {} of {} ranks run on this host; if ranks on other hosts cannot"
                    + " connect, set MASTER_ADDR to this host's network address or GLOO_SOCKET_IFNAME to its interface",
                    env.rank(), bind, env.localWorldSize(), env.worldSize());
        }
        PeerMonitor monitor = new PeerMonitor(store, env.rank(), env.worldSize(), HEARTBEAT);
        monitor.start();
        LOG.info("rank {} of {} joined (store {}:{}, Gloo on {})", env.rank(), env.worldSize(), env.masterAddr(),
                env.masterPort(), bind != null ? bind : iface);
        return new Collectives(env.rank(), env.worldSize(), timeout, store, group, monitor);
    }

    private static KeyValueStore openStore(RankEnv env, Duration timeout) {
        try {
            // under torchrun's agent store nobody here hosts it: every rank is a client
            return KeyValueStore.connect(env.masterAddr(), env.masterPort(), env.isRankZero() && !env.usesAgentStore(), timeout,
                    env.storePrefix());
        } catch (RuntimeException e) {
            String where = env.masterAddr() + ":" + env.masterPort();
            if (env.usesAgentStore()) {
                throw new CollectiveException("rank " + env.rank() + " could not reach the torchrun agent's TCPStore at " + where
                        + " within " + seconds(timeout) + " (TORCHELASTIC_USE_AGENT_STORE=True; are MASTER_ADDR/MASTER_PORT the agent's?): "
                        + reason(e), List.of(), e);
            }
            if (env.isRankZero()) {
                throw new CollectiveException("rank 0 could not start the TCPStore on " + where
                        + " (is the port in use? set MASTER_PORT to a free port): " + reason(e), List.of(0), e);
            }
            throw new CollectiveException("rank " + env.rank() + " could not reach rank 0's TCPStore at " + where + " within "
                    + seconds(timeout) + " (is rank 0 running, and are MASTER_ADDR/MASTER_PORT right?): " + reason(e), List.of(0), e);
        }
    }

    private static void awaitJoin(KeyValueStore store, RankEnv env, Duration timeout) {
        List<String> keys = IntStream.range(0, env.worldSize()).mapToObj(r -> JOIN_PREFIX + r).toList();
        try {
            store.await(keys, timeout);
        } catch (RuntimeException e) {
            List<Integer> missing = new ArrayList<>();
            try {
                for (int r = 0; r < env.worldSize(); r++) if (!store.has(JOIN_PREFIX + r)) missing.add(r);
            } catch (RuntimeException storeGone) {
                throw new CollectiveException("rank 0 (which hosts the TCPStore) went away while rank " + env.rank()
                        + " waited for the others to join", List.of(0), e);
            }
            throw new CollectiveException(RankList.describe(missing) + " did"
                    + " not join within " + seconds(timeout) + " (world size " + env.worldSize() + ")", missing, e);
        }
        for (int r = 0; r < env.worldSize(); r++) {
            String[] fields = store.get(JOIN_PREFIX + r).split(" ", 2);
            int theirs = Integer.parseInt(fields[0]);
            if (theirs != env.worldSize()) {
                throw new IllegalArgumentException("rank " + r + " (on " + (fields.length > 1 ? fields[1] : "?") + ") was started with a world size of "
                        + theirs + ", rank " + env.rank() + " with " + env.worldSize() + ": start every rank with the same WORLD_SIZE");
            }
        }
    }

    /** This process's rank, 0 to {@code worldSize() - 1}. */
    public int rank() {
        return rank;
    }

    /** Number of ranks in the job (1 when not distributed). */
    public int worldSize() {
        return world;
    }

    /** How long a collective may wait for the other ranks before it fails. */
    public Duration timeout() {
        return timeout;
    }

    /** The Gloo group (null in a world of one), for the data-parallel gradient reducer. */
    public GlooGroup group() {
        return group;
    }

    /** In-place sum over all ranks. */
    public void allReduceSum(Tensor t) {
        reduce(t, ReduceKind.SUM, "all-reduce (sum)");
    }

    /** In-place mean over all ranks (Gloo has no AVG: a sum divided by the world size). Floating-point tensors only. */
    public void allReduceMean(Tensor t) {
        if (!t.is_floating_point()) throw new IllegalArgumentException("all-reduce mean needs a floating-point tensor");
        reduce(t, ReduceKind.SUM, "all-reduce (mean)");
        if (world > 1) t.div_(Tensors.scalar(world));
    }

    /** In-place element-wise maximum over all ranks. */
    public void allReduceMax(Tensor t) {
        reduce(t, ReduceKind.MAX, "all-reduce (max)");
    }

    private void reduce(Tensor t, ReduceKind kind, String what) {
        requireContiguous(t, what);
        if (world == 1) return;
        run(what, () -> GlooGroup.await(group.allReduce(t, kind)));
    }

    /**
     * All-gather of tensors with the same shape on every rank. The shapes are not checked (that
     * would cost another collective): a rank with another shape makes Gloo abort its process,
     * so use {@link #allGatherRows} when row counts may differ.
     *
     * @param t n x ... on every rank (same n and trailing shape)
     * @return (world n) x ...: rank 0's rows, then rank 1's, ...; a new tensor without gradient
     */
    public Tensor allGather(Tensor t) {
        Tensor in = t.detach().contiguous();
        if (world == 1) return in.clone();
        long[] shape = Tensors.shape(in);
        if (shape.length == 0) in = in.reshape(1);
        long[] outShape = Tensors.shape(in).clone();
        outShape[0] *= world;
        Tensor out = torch.empty(outShape, new TensorOptions(in.scalar_type()), null);
        Tensor input = in;
        run("all-gather", () -> GlooGroup.await(group.allGatherInto(out, input)));
        return out;
    }

    /**
     * All-gather of tensors whose first dimension differs between ranks (prototypes of a
     * variable number of classes): the row counts are gathered first, then every rank's rows
     * padded to the largest count, then the padding is dropped.
     *
     * @param t n_r x ... (n_r may be 0; trailing shape and dtype equal on every rank)
     * @return all rows in rank order and each rank's count
     */
    public Gathered allGatherRows(Tensor t) {
        Tensor in = t.detach().contiguous();
        long[] shape = Tensors.shape(in);
        if (shape.length == 0) throw new IllegalArgumentException("all-gather of rows needs a tensor with at least one dimension");
        long[] counts = Tensors.longs(allGather(Tensors.ofLongs(shape[0])));
        long max = 0, total = 0;
        for (long c : counts) {
            max = Math.max(max, c);
            total += c;
        }
        if (total == 0) return new Gathered(in.clone(), counts);
        if (total == counts[0] * world) return new Gathered(allGather(in), counts);
        long[] padded = shape.clone();
        padded[0] = max;
        Tensor block = torch.zeros(padded, new TensorOptions(in.scalar_type()));
        if (shape[0] > 0) block.narrow(0, 0, shape[0]).copy_(in);
        Tensor all = allGather(block);
        long[] rows = new long[(int) total];
        int k = 0;
        for (int r = 0; r < world; r++) for (long i = 0; i < counts[r]; i++) rows[k++] = r * max + i;
        return new Gathered(all.index_select(0, Tensors.ofLongs(rows)), counts);
    }

    /** Gathers one long per rank (checksums, counts): element r is rank r's value. */
    public long[] allGatherLong(long value) {
        return Tensors.longs(allGather(Tensors.ofLongs(value)));
    }

    /** Overwrites {@code t} (contiguous) on every rank with rank {@code root}'s values. */
    public void broadcast(Tensor t, int root) {
        if (root < 0 || root >= world) throw new IllegalArgumentException("broadcast root " + root + " is not a rank of a world of " + world);
        requireContiguous(t, "broadcast");
        if (world == 1) return;
        run("broadcast", () -> GlooGroup.await(group.broadcast(t, root)));
    }

    /** Returns when every rank has called it. */
    public void barrier() {
        if (world == 1) return;
        run("barrier", () -> GlooGroup.await(group.barrier()));
    }

    /**
     * Runs native communication that is not one of the collectives above (libtorch's gradient
     * reducer inside backward, a coalesced broadcast) and turns its failure into a
     * {@link CollectiveException} naming the rank at fault.
     */
    public void run(String what, Runnable communication) {
        if (broken) throw new IllegalStateException("the process group failed earlier; no collective can run");
        if (closed) throw new IllegalStateException("the process group is closed");
        long number = ++collectives;
        if (monitor != null) monitor.collective(number);
        try {
            communication.run();
        } catch (CollectiveException e) {
            broken = true;
            abandon();
            throw e;
        } catch (RuntimeException e) {
            // backward may also fail for reasons of its own (a shape error); only transport
            // failures are attributed to a peer
            if (!isTransportFailure(e)) throw e;
            broken = true;
            CollectiveException failure = explain(what + " #" + number, e);
            abandon();
            throw failure;
        }
    }

    /** Errors raised by Gloo's transport or c10d's collectives (closed peers, timeouts), as opposed to usage errors. */
    static boolean isTransportFailure(RuntimeException e) {
        String m = e.getMessage();
        if (m == null) return false;
        String l = m.toLowerCase(java.util.Locale.ROOT);
        return l.contains("gloo") || l.contains("connection") || l.contains("timed out") || l.contains("timeout")
                || l.contains("broken pipe") || l.contains("by peer");
    }

    /** This rank's heartbeat (null in a world of one). */
    PeerMonitor monitor() {
        return monitor;
    }

    /**
     * Pins the native group and store for the rest of the process (see {@link GlooGroup#abandon()}).
     * The heartbeat goes on until {@link #close()}: this rank is alive, and the others must not
     * mistake it for the rank that died.
     */
    private void abandon() {
        if (group != null) group.abandon();
        if (store != null) store.abandon();
    }

    /** Whether a collective of this group has failed (it must not be used again). */
    public boolean isBroken() {
        return broken;
    }

    /**
     * Attributes a backend error to a rank. With two ranks the peer is known at once; with more,
     * the heartbeats tell a dead rank (silent) from a late one (behind in collectives).
     */
    CollectiveException explain(String what, RuntimeException e) {
        String reason = reason(e);
        boolean timedOut = reason.toLowerCase().contains("timed out") || reason.toLowerCase().contains("timeout");
        PeerMonitor.Diagnosis d = timedOut || world > 2 ? monitor.diagnose() : null;
        if (d != null && !d.storeReachable()) {
            return new CollectiveException(what + " failed: rank 0 (which hosts the TCPStore) is gone (" + reason + ")", List.of(0), e);
        }
        if (!timedOut) {
            List<Integer> dead = d == null ? List.of(1 - rank) : d.silent();
            if (!dead.isEmpty()) {
                String verb = reason.contains("closed by peer") || reason.contains("reset by peer") ? " closed the connection" : " failed";
                return new CollectiveException(what + " failed: " + RankList.describe(dead) + verb + " (" + reason + ")", dead, e);
            }
            return new CollectiveException(what + " failed: " + reason, List.of(), e);
        }
        if (!d.silent().isEmpty()) {
            return new CollectiveException(what + " failed: " + RankList.describe(d.silent()) + " stopped responding (" + reason + ")", d.silent(), e);
        }
        List<Integer> late = new ArrayList<>();
        for (Map.Entry<Integer, Long> c : d.collectives().entrySet()) if (c.getValue() < collectives) late.add(c.getKey());
        if (!late.isEmpty()) {
            return new CollectiveException(RankList.describe(late) + " did not join " + what + " within " + seconds(timeout)
                    + " (" + RankList.positions(late, d.collectives()) + ")", late, e);
        }
        return new CollectiveException(what + " did not complete within " + seconds(timeout) + ": " + reason, List.of(), e);
    }

    /**
     * Leaves the group. A healthy group first waits for every rank (so rank 0 keeps the store up
     * until nobody needs it), then frees the native group. After a failure nothing native is
     * touched: a peer may be gone, and freeing a Gloo context mid-operation can block, so the
     * process simply exits with its objects.
     */
    @Override
    public void close() {
        if (closed) return;
        if (monitor != null) monitor.close();
        if (world > 1 && !broken) {
            try {
                barrier();
                group.release();
                store.close();
            } catch (CollectiveException e) {
                LOG.warn("leaving the process group: {}", e.getMessage());
            }
        }
        closed = true;
    }

    /** The backend's message without libtorch's source-location prefix. */
    static String reason(RuntimeException e) {
        String line = NativeErrors.firstLine(e.getMessage(), e.getClass().getSimpleName());
        return line.replaceFirst("^\\[[^\\]]*\\.(cc|cpp|h|hpp):\\d+\\]\\s*", "");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static void requireContiguous(Tensor t, String what) {
        if (!t.is_contiguous()) throw new IllegalArgumentException(what + " works in place and needs a contiguous tensor");
    }

    /** The local address whose interface routes to the master: what Gloo must listen on so peers can reach it. */
    static String localAddressTowards(String host, int port) {
        try (DatagramSocket probe = new DatagramSocket()) {
            // connect() on a UDP socket only picks the route; nothing is sent
            probe.connect(new InetSocketAddress(InetAddress.getByName(host), port));
            InetAddress local = probe.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) return InetAddress.getByName(host).isLoopbackAddress() ? "127.0.0.1" : hostName();
            return local.getHostAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("MASTER_ADDR '" + host + "' cannot be resolved or routed to: " + e.getMessage()
                    + " (or set GLOO_SOCKET_IFNAME to the network interface to use)");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    /**
     * Rows gathered from every rank.
     *
     * @param all    (sum of counts) x ..., rank 0's rows first
     * @param counts rows contributed by each rank
     */
    public record Gathered(Tensor all, long[] counts) {
        /** Index of rank {@code r}'s first row in {@link #all}. */
        public long offset(int r) {
            long o = 0;
            for (int i = 0; i < r; i++) o += counts[i];
            return o;
        }

        /** Total rows gathered over all ranks (the first dimension of {@link #all}). */
        public long total() {
            return offset(counts.length);
        }
    }
}
