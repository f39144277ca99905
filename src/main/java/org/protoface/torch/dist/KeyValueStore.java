package org.protoface.torch.dist;

import org.bytedeco.javacpp.chrono.Milliseconds;
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
 * <p>Thread-safe: libtorch serialises the operations of one client on a mutex, so a heartbeat
 * thread may share the client with the training thread.
 */
public final class KeyValueStore {
    private final TCPStore store;
    private final String host;
    private final int port;

    private KeyValueStore(TCPStore store, String host, int port) {
        this.store = store;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts the server (when {@code server}) or connects to it, retrying until {@code timeout}.
     * The server does not wait for its clients here; joining is checked by the caller.
     *
     * @throws RuntimeException libtorch's error when the port is taken (server) or the server
     *                          cannot be reached within the timeout (client)
     */
    public static KeyValueStore connect(String host, int port, boolean server, Duration timeout) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("store port must be in 1..65535, got " + port);
        Torch.init();
        TCPStoreOptions options = new TCPStoreOptions();
        // port() is an unsigned 16-bit field; a Java short carries the same bits
        options.port((short) port);
        options.isServer(server);
        options.waitWorkers(false);
        options.timeout(millis(timeout));
        return new KeyValueStore(new TCPStore(host, options), host, port);
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

    /** The binding's store object (owned by JavaCPP: never hand it to an intrusive_ptr parameter; see {@link GlooGroup}). */
    TCPStore handle() {
        return store;
    }

    /** Closes the connection (and, on rank 0, the server). Call only when no rank needs the store any more. */
    public void close() {
        store.close();
    }

    /** Never free the native store, not even as garbage (see {@link GlooGroup#abandon()}). */
    public void abandon() {
        store.deallocate(false);
    }

    static Milliseconds millis(Duration d) {
        return new Milliseconds(Math.max(1, d.toMillis()));
    }
}
