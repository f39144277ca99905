package org.protoface.head.memory;

import org.protoface.distributed.Collectives;
import org.protoface.torch.TensorScope;
import org.protoface.torch.Tensors;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fingerprint of a Prototype Memory replica, to check that all ranks hold the same memory:
 * SHA-256 over the capacity, the dimension and, for each occupied slot in eviction order (oldest
 * first), its slot index, label, write step and the exact bits of its prototype; the first 8
 * bytes as a long. Equal replicas give equal checksums; any differing bit, label, step, slot or
 * eviction order changes it (up to hash collisions).
 */
public final class ReplicaChecksum {
    private ReplicaChecksum() {}

    /** Reads the whole memory once (M x d floats): call it every few steps, not every step. */
    public static long of(PrototypeMemory memory) {
        int[] slots = memory.slotsOldestFirst();
        MessageDigest sha = sha256();
        ByteBuffer header = ByteBuffer.allocate(16).putInt(memory.slotCount()).putInt(memory.dim()).putLong(slots.length);
        sha.update(header.array());
        float[] rows;
        try (TensorScope scope = TensorScope.open()) {
            rows = slots.length == 0 ? new float[0]
                    : Tensors.floats(memory.prototypes().index_select(0, Tensors.ofInts(slots)));
        }
        ByteBuffer slot = ByteBuffer.allocate(20 + 4 * memory.dim());
        for (int i = 0; i < slots.length; i++) {
            slot.clear();
            slot.putInt(slots[i]).putLong(memory.label(slots[i])).putLong(memory.writeStep(slots[i]));
            for (int j = 0; j < memory.dim(); j++) slot.putInt(Float.floatToRawIntBits(rows[i * memory.dim() + j]));
            sha.update(slot.array());
        }
        return ByteBuffer.wrap(sha.digest()).getLong();
    }

    /**
     * A collective: gathers every rank's checksum.
     *
     * @return element r is rank r's checksum
     */
    public static long[] gather(Collectives collectives, long checksum) {
        return collectives.allGatherLong(checksum);
    }

    /**
     * @param checksums one per rank
     * @return empty when all agree, else "prototype memory replicas differ: rank 1 (…) differs from rank 0 (…)"
     */
    public static Optional<String> mismatch(long[] checksums) {
        List<Integer> differ = new ArrayList<>();
        for (int r = 1; r < checksums.length; r++) if (checksums[r] != checksums[0]) differ.add(r);
        if (differ.isEmpty()) return Optional.empty();
        StringBuilder b = new StringBuilder("prototype memory replicas differ: ");
        for (int i = 0; i < differ.size(); i++) {
            if (i > 0) b.append(", ");
            b.append("rank ").append(differ.get(i)).append(" has ").append(hex(checksums[differ.get(i)]));
        }
        return Optional.of(b.append(" where rank 0 has ").append(hex(checksums[0])).toString());
    }

    /** A checksum as 16 lower-case hex digits. */
    public static String hex(long checksum) {
        return String.format("%016x", checksum);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
