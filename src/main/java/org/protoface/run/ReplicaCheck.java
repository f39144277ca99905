package org.protoface.run;

import org.protoface.distributed.Collectives;
import org.protoface.head.memory.Replica;
import org.protoface.head.memory.ReplicaChecksum;
import org.protoface.head.memory.ReplicaMismatchException;
import org.protoface.train.StepEnd;
import org.protoface.train.StepHook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every {@code every} steps (and after the last), the ranks compare fingerprints of their
 * replicas of the head's state (Prototype Memory): rank 0 logs its fingerprint as
 * {@code pm_replica_checksum} in metrics.jsonl, and a rank whose replica differs stops the run on
 * every rank. A collective: every rank runs it after the same steps.
 */
final class ReplicaCheck implements StepHook {
    private final Collectives world;
    private final Replica replica;
    private final long every;

    ReplicaCheck(Collectives world, Replica replica, long every) {
        this.world = world;
        this.replica = replica;
        this.every = Math.max(1, every);
    }

    /** @throws ReplicaMismatchException naming the ranks whose replica differs from rank 0's */
    @Override
    public Map<String, Object> afterStep(StepEnd end) {
        if (end.stepsDone() % every != 0 && !end.last()) return Map.of();
        long[] sums = ReplicaChecksum.gather(world, replica.checksum());
        ReplicaChecksum.mismatch(sums).ifPresent(m -> {
            throw new ReplicaMismatchException(m + " after step " + end.stepsDone());
        });
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("pm_replica_checksum", ReplicaChecksum.hex(sums[0]));
        line.put("replicas_identical", world.worldSize());
        return line;
    }
}
