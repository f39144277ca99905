package org.protoface.train;

/**
 * Receives the boundaries of a training step's parts, in order, for profiling (the lab's
 * {@code bench train}); the trainer's default does nothing. {@link StepPart#START} opens a step,
 * each later mark closes the part it names, so a part's time is the time since the previous mark.
 *
 * <p>On the CPU every libtorch call has finished when it returns, so wall time between marks is
 * the part's time. On CUDA kernels run asynchronously: a timer there must synchronise the device
 * at each mark or it measures launch time.
 */
public interface StepTimer {
    /** {@code part} has just ended ({@link StepPart#START}: a step has just begun). */
    void mark(StepPart part);

    StepTimer NONE = part -> { };

    /** The parts of {@link TrainStep#run}, in the order they happen. */
    enum StepPart {
        /** a step begins */
        START,
        /** the batch's float[] images and long[] labels copied into tensors on the device */
        INPUT,
        /** the encoder's forward (under autocast for bf16/fp16) up to float32 embeddings */
        FORWARD,
        /** the head's forward: cosines, margin, loss, and its telemetry */
        HEAD,
        /** reading the loss to the host and checking it is finite */
        LOSS_READ,
        /** backward through head and encoder */
        BACKWARD,
        /** gradient synchronisation between processes (nothing in single-process training) */
        SYNC,
        /** fp16 only: dividing the gradients by the loss scale and checking them */
        UNSCALE,
        /** the encoder gradients' joint norm, and clipping */
        CLIP,
        /** the optimizer's update of every parameter */
        OPTIMIZER,
        /** the head's own state update (memory, sampled centres) */
        HEAD_UPDATE,
        /** freeing the step's tensors when its scope closes */
        RELEASE
    }
}
