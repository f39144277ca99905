package org.protoface.torch.dist;

import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.PrefixStore;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.protoface.torch.Torch;

import java.time.Duration;
import java.util.List;

/**
 * c10d's {@code TCPStore}: a key-value server hosted by rank 0 that every rank connects to; the
 * process group finds its peers through it, and ProtoFace keeps its join and heartbeat keys there.
 * This class hides the binding's types (string vectors, chrono durations, option pointers).
 *
 * <p>With a prefix (a client of a store someone else hosts, such as torchrun's agent) every key
 * lives under that prefix, through c10d's {@code PrefixStore}; the process group sees the same
 * prefixed view.
 *
 * <p>Thread-safe: libtorch serialises the operations of one client on a mutex, so a heartbeat
 * thread may share the client with the training thread.
 */
public final class KeyValueStore {
    private final TCPStore tcp;
    /** What every operation goes through: {@code tcp} itself, or a PrefixStore over a clone of it. */
    private final Store store;
    private final String host;
    private final int port;
    private final String prefix;

    private KeyValueStore(TCPStore tcp, Store store, String host, int port, String prefix) {
        this.tcp = tcp;
        this.store = store;
        this.host = host;
        this.port = port;
        this.prefix = prefix;
    }

    /**
     * Starts the server (when {@code server}) or connects to it, retrying until {@code timeout}.
     * The server does not wait for its clients here; joining is checked by the caller.
     *
     * @throws RuntimeException libtorch's error when the port is taken (server) or the server
     *                          cannot be reached within the timeout (client)
     */
    public static KeyValueStore connect(String host, int port, boolean server, Duration timeout) {
        return connect(host, port, server, timeout, null);
    }

    /**
     * As {@link #connect(String, int, boolean, Duration)}, with every key under {@code prefix}
     * (e.g. torchrun's {@code /worker/attempt_0}); null or empty for none.
     */
    public static KeyValueStore connect(String host, int port, boolean server, Duration timeout, String prefix) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("store port must be in 1..65535, got " + port);
        Torch.init();
        TCPStoreOptions options = new TCPStoreOptions();
        // port() is an unsigned 16-bit field; a Java short carries the same bits
        options.port((short) port);
        options.isServer(server);
        options.waitWorkers(false);
        options.timeout(millis(timeout));
        TCPStore tcp = new TCPStore(host, options);
        if (prefix == null || prefix.isEmpty()) return new KeyValueStore(tcp, tcp, host, port, null);
        // the PrefixStore takes an intrusive_ptr: give it an intrusive_ptr-owned clone, never tcp
        // itself (see GlooGroup on the double ownership of plain pointers)
        return new KeyValueStore(tcp, new PrefixStore(prefix, tcp.clone()), host, port, prefix);
    }

    /** Sets {@code key} to {@code value} for every rank to read. */
    public void set(String key, String value) {
        store.set(key, value);
    }

    /** The value of an existing key (blocks up to the store's timeout if it does not exist yet). */
    public String get(String key) {
        return store.get_to_str(key);
    }

    /** Whether {@code key} exists right now; never blocks. */
    public boolean has(String key) {
        return store.check(new StringVector(key));
    }

    /** Atomically adds {@code delta} to an integer key (created as 0) and returns the new value. */
    public long add(String key, long delta) {
        return store.add(key, delta);
    }

    /** Blocks until all keys exist; throws libtorch's timeout error after {@code timeout}. */
    public void await(List<String> keys, Duration timeout) {
        store._wait(new StringVector(keys.toArray(new String[0])), millis(timeout));
    }

    /** Host of the store's server (rank 0's address). */
    public String host() {
        return host;
    }

    /** TCP port of the store's server. */
    public int port() {
        return port;
    }

    /** The key prefix every operation uses, or null. */
    public String prefix() {
        return prefix;
    }

    /** The binding's store object (owned by JavaCPP: never hand it to an intrusive_ptr parameter; see {@link GlooGroup}). */
    Store handle() {
        return store;
    }

    /** Closes the connection (and, when this process hosts it, the server). Call only when no rank needs the store any more. */
    public void close() {
        if (store != tcp) store.close();
        tcp.close();
    }

    /** Never free the native store, not even as garbage (see {@link GlooGroup#abandon()}). */
    public void abandon() {
        if (store != tcp) store.deallocate(false);
        tcp.deallocate(false);
    }

    static Milliseconds millis(Duration d) {
        return new Milliseconds(Math.max(1, d.toMillis()));
    }
}
