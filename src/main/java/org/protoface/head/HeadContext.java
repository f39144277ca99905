package org.protoface.head;

import org.protoface.distributed.Collectives;
import org.protoface.torch.Device;

/**
 * What every head kind is built with besides its own section: the sizes, the shared margin
 * section, the device its tensors live on, and the ranks of the job. A kind decides what its
 * distributed form is: class weights split across the ranks by class (model parallel), or a
 * replica per rank kept identical.
 *
 * @param size        N, d and this rank's batch shape (the global batch is world size x B)
 * @param margin      the {@code margin:} section (kinds with their own loss may ignore it)
 * @param device      where the head's per-step tensors live (host-resident state stays on the host)
 * @param world       the job's ranks ({@link Collectives#single()} for one process)
 * @param seed        the run's seed ({@code train.seed}): class weights are drawn from it by
 *                    class, so they are the same rows whatever the world size
 * @param classUpdate the run's optimizer rule, for class weights a head updates itself (needed when they
 *                    are split across ranks); null: the run's shared optimizer updates them
 */
public record HeadContext(HeadSize size, MarginSpec margin, Device device, Collectives world, long seed, ClassUpdate classUpdate) {
    /** One process, seed 1, class weights updated by the shared optimizer. */
    public HeadContext(HeadSize size, MarginSpec margin, Device device) {
        this(size, margin, device, Collectives.single(), 1, null);
    }

    /** Whether the job has more than one rank. */
    public boolean distributed() {
        return world.worldSize() > 1;
    }
}
