package org.protoface.distributed;

import org.protoface.torch.dist.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heartbeats in the TCPStore, so that a rank whose collective failed can say which peer is to
 * blame. Gloo's errors name a socket address ("Connection closed by peer [10.0.0.2]:41234"), not
 * a rank, and with more than two ranks the peer of a failed ring step is not the rank that died.
 * Every rank therefore writes {@code "<beat> <collective>"} under its own key once per interval
 * from a daemon thread; after a failure, {@link #diagnose} reads all keys twice, a few intervals
 * apart: a rank whose beat did not advance has died (or hangs in native code), a live rank whose
 * collective count is behind ours has not arrived yet.
 */
final class PeerMonitor implements AutoCloseable {
    static final String KEY_PREFIX = "protoface/heartbeat/";

    private final KeyValueStore store;
    private final int rank;
    private final int world;
    private final Duration interval;
    private final Thread thread;
    private volatile long collective;
    private volatile boolean stopped;

    PeerMonitor(KeyValueStore store, int rank, int world, Duration interval) {
        this.store = store;
        this.rank = rank;
        this.world = world;
        this.interval = interval;
        this.thread = new Thread(this::beat, "protoface-heartbeat-rank" + rank);
        thread.setDaemon(true);
    }

    void start() {
        write(0);
        thread.start();
    }

    /** The number of the collective this rank is in (or last finished). */
    void collective(long number) {
        collective = number;
    }

    private void beat() {
        long beat = 1;
        while (!stopped) {
            try {
                Thread.sleep(interval.toMillis());
                if (!stopped) write(beat++);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the store is gone (rank 0 ended): nothing left to report to
                return;
            }
        }
    }

    private void write(long beat) {
        store.set(KEY_PREFIX + rank, beat + " " + collective);
    }

    /**
     * What the other ranks are doing: two reads of their heartbeats {@code 2.5} intervals apart.
     *
     * @return silent ranks (beat did not advance or never written), and the collective count of
     *         each live rank; {@code storeReachable} false when rank 0's store cannot be read
     */
    Diagnosis diagnose() {
        try {
            Map<Integer, long[]> first = read();
            Thread.sleep(interval.toMillis() * 5 / 2);
            Map<Integer, long[]> second = read();
            List<Integer> silent = new ArrayList<>();
            Map<Integer, Long> collectives = new LinkedHashMap<>();
            for (int r = 0; r < world; r++) {
                if (r == rank) continue;
                long[] a = first.get(r), b = second.get(r);
                if (a == null || b == null || b[0] <= a[0]) silent.add(r);
                else collectives.put(r, b[1]);
            }
            return new Diagnosis(true, silent, collectives);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Diagnosis(true, List.of(), Map.of());
        } catch (RuntimeException e) {
            return new Diagnosis(false, List.of(), Map.of());
        }
    }

    private Map<Integer, long[]> read() {
        Map<Integer, long[]> out = new LinkedHashMap<>();
        for (int r = 0; r < world; r++) {
            if (r == rank || !store.has(KEY_PREFIX + r)) continue;
            String[] parts = store.get(KEY_PREFIX + r).trim().split(" ");
            out.put(r, new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
        }
        return out;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(interval.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param storeReachable false when the store (hosted by rank 0) could not be read
     * @param silent         ranks whose heartbeat stopped
     * @param collectives    collective count of each rank that is still beating
     */
    record Diagnosis(boolean storeReachable, List<Integer> silent, Map<Integer, Long> collectives) {}
}
