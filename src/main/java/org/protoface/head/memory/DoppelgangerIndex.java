package org.protoface.head.memory;

import org.protoface.data.LookalikeSource;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.protoface.torch.StateModule;
import org.protoface.torch.TensorScope;
import org.protoface.torch.Tensors;


import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Doppelganger mining: for each recently seen identity, its few most similar other identities
 * (most similar first), so the sampler can put lookalikes into the same batch. Bounded: when more
 * than {@code capacity} identities are known, the least recently seen one is forgotten.
 *
 * <p>An identity's list is replaced (not merged) each time it is seen, because similarities
 * measured in an older embedding space are stale.
 */
public final class DoppelgangerIndex extends StateModule implements LookalikeSource {
    /** Estimated JVM bytes per identity besides the neighbour ids: map entry, boxed key, entry object, array header. */
    static final long ENTRY_OVERHEAD_BYTES = 112;

    private static final String SECTION = "doppelganger index";

    private final int capacity;
    private final int neighbours;
    /** identity -> entry, least recently seen first. */
    private final LinkedHashMap<Integer, Entry> entries = new LinkedHashMap<>();
    /** Dense list of known identities so that groups() can draw uniformly in O(1) per draw. */
    private final int[] keys;
    private final Tensor countBuffer, idBuffer, positionBuffer, lookalikeBuffer;

    private static final class Entry {
        final int[] lookalikes;
        int position;

        Entry(int[] lookalikes, int position) {
            this.lookalikes = lookalikes;
            this.position = position;
        }
    }

    /**
     * @param capacity   most identities remembered; the least recently seen is forgotten beyond it
     * @param neighbours lookalikes kept per identity
     * @throws IllegalArgumentException if either is below 1
     */
    public DoppelgangerIndex(int capacity, int neighbours) {
        if (capacity < 1) throw new IllegalArgumentException("doppelganger capacity must be >= 1, got " + capacity);
        if (neighbours < 1) throw new IllegalArgumentException("doppelganger neighbours must be >= 1, got " + neighbours);
        this.capacity = capacity;
        this.neighbours = neighbours;
        this.keys = new int[capacity];
        // the index's checkpoint form; the Java structures above are the working copy
        this.countBuffer = buffer("count", Tensors.ofLongs(0L));
        this.idBuffer = buffer("identities", Tensors.ofLongs(new long[capacity], capacity));
        this.positionBuffer = buffer("positions", Tensors.ofLongs(new long[capacity], capacity));
        this.lookalikeBuffer = buffer("lookalikes", Tensors.ofLongs(new long[capacity * neighbours], capacity, neighbours));
    }

    /** Most identities remembered at once. */
    public int maxIdentities() {
        return capacity;
    }

    /** Lookalikes kept per identity. */
    public int neighbours() {
        return neighbours;
    }

    /** Identities with a lookalike list. */
    public int size() {
        return entries.size();
    }

    /**
     * Sets the lookalikes of {@code identity} (most similar first; at most {@code neighbours} are
     * kept) and marks it most recently seen. An empty list removes nothing and records nothing.
     */
    public void record(long identity, long[] lookalikes) {
        int id = toId(identity, "identity");
        int n = Math.min(lookalikes.length, neighbours);
        if (n == 0) return;
        int[] list = new int[n];
        for (int i = 0; i < n; i++) {
            list[i] = toId(lookalikes[i], "lookalike of " + identity);
            if (list[i] == id) throw new IllegalArgumentException("identity " + identity + " listed as its own lookalike");
        }
        Entry old = entries.remove(id);
        int position;
        if (old != null) {
            position = old.position;
        } else {
            if (entries.size() == capacity) forgetLeastRecent();
            position = entries.size();
        }
        keys[position] = id;
        entries.put(id, new Entry(list, position));
    }

    private void forgetLeastRecent() {
        Iterator<Map.Entry<Integer, Entry>> it = entries.entrySet().iterator();
        Entry gone = it.next().getValue();
        it.remove();
        // Keep keys dense: the last key moves into the hole.
        int last = entries.size();
        if (gone.position != last) {
            int moved = keys[last];
            keys[gone.position] = moved;
            entries.get(moved).position = gone.position;
        }
    }

    /** Forgets every identity. */
    public void clear() {
        entries.clear();
    }

    /** Identities most similar to {@code identity}, most similar first; empty if unknown. */
    @Override
    public int[] lookalikes(int identity) {
        Entry e = entries.get(identity);
        return e == null ? new int[0] : e.lookalikes.clone();
    }

    /**
     * Up to {@code count} lookalike groups, each {identity, its lookalikes...}, for distinct
     * identities drawn uniformly from the index. Groups can overlap (B may be a lookalike of A and
     * also have its own group); the sampler deduplicates.
     */
    public List<long[]> groups(int count, SplittableRandom rng) {
        int n = entries.size();
        int k = Math.min(Math.max(count, 0), n);
        // Floyd's algorithm: k distinct positions out of n in O(k) draws.
        Set<Integer> chosen = new HashSet<>();
        List<Integer> order = new ArrayList<>(k);
        for (int j = n - k; j < n; j++) {
            int t = rng.nextInt(j + 1);
            int pick = chosen.add(t) ? t : j;
            if (pick == j) chosen.add(j);
            order.add(pick);
        }
        // Floyd's picks are a uniform subset but not in uniform order; shuffle so early groups are not biased.
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer tmp = order.get(i);
            order.set(i, order.get(j));
            order.set(j, tmp);
        }
        List<long[]> groups = new ArrayList<>(k);
        for (int position : order) {
            int id = keys[position];
            int[] like = entries.get(id).lookalikes;
            long[] group = new long[like.length + 1];
            group[0] = id;
            for (int i = 0; i < like.length; i++) group[i + 1] = like[i];
            groups.add(group);
        }
        return groups;
    }

    /**
     * Fixed estimate at capacity: neighbour ids plus per-entry bookkeeping, and the checkpoint
     * mirror (identity, position and neighbour ids as int64 per entry, plus the count).
     */
    public long stateBytes() {
        return capacity * (4L * neighbours + 4 + ENTRY_OVERHEAD_BYTES) + capacity * (Long.BYTES * (2L + neighbours)) + Long.BYTES;
    }

    /** Identities (least recently seen first), their dense positions and lookalike lists, padded with -1. */
    @Override
    protected void writeBuffers() {
        int n = entries.size();
        long[] ids = new long[capacity];
        long[] positions = new long[capacity];
        long[] lists = new long[capacity * neighbours];
        Arrays.fill(ids, -1);
        Arrays.fill(positions, -1);
        Arrays.fill(lists, -1);
        int i = 0;
        for (Map.Entry<Integer, Entry> e : entries.entrySet()) {
            ids[i] = e.getKey();
            positions[i] = e.getValue().position;
            int[] like = e.getValue().lookalikes;
            for (int j = 0; j < like.length; j++) lists[i * neighbours + j] = like[j];
            i++;
        }
        try (TensorScope scope = TensorScope.open(); NoGradGuard g = new NoGradGuard()) {
            countBuffer.copy_(Tensors.ofLongs(n));
            idBuffer.copy_(Tensors.ofLongs(ids));
            positionBuffer.copy_(Tensors.ofLongs(positions));
            lookalikeBuffer.copy_(Tensors.ofLongs(lists, capacity, neighbours));
        }
    }

    /**
     * Restores the index from its buffers, as written by {@link #writeBuffers}. The buffers' shapes
     * fix capacity and neighbour count, so a checkpoint of another index is refused before this.
     *
     * @throws IllegalArgumentException naming the field that is inconsistent
     */
    @Override
    protected void readBuffers() {
        long[] count = Tensors.longs(countBuffer);
        long[] ids = Tensors.longs(idBuffer);
        long[] positions = Tensors.longs(positionBuffer);
        long[] lists = Tensors.longs(lookalikeBuffer);
        long n = count[0];
        if (n < 0 || n > capacity) throw corrupt("count", n + " identities in an index of " + capacity);
        boolean[] used = new boolean[(int) n];
        LinkedHashMap<Integer, Entry> restored = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int id = toId(ids[i], "identities[" + i + "]");
            long p = positions[i];
            if (p < 0 || p >= n || used[(int) p]) throw corrupt("positions", "position " + p + " invalid or repeated");
            used[(int) p] = true;
            int len = 0;
            while (len < neighbours && lists[i * neighbours + len] >= 0) len++;
            if (len == 0) throw corrupt("lookalikes", "identity " + id + " has no lookalikes");
            int[] like = new int[len];
            for (int j = 0; j < len; j++) like[j] = toId(lists[i * neighbours + j], "lookalikes of " + id);
            if (restored.put(id, new Entry(like, (int) p)) != null) throw corrupt("identities", "identity " + id + " listed twice");
        }
        entries.clear();
        entries.putAll(restored);
        for (Map.Entry<Integer, Entry> e : entries.entrySet()) keys[e.getValue().position] = e.getKey();
    }

    private static int toId(long identity, String what) {
        if (identity < 0 || identity > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " = " + identity + " is not a non-negative int identity");
        }
        return (int) identity;
    }

    private static IllegalArgumentException corrupt(String field, String detail) {
        return new IllegalArgumentException(SECTION + " checkpoint, field '" + field + "': " + detail);
    }
}
