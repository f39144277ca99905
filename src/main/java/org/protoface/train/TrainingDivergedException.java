package org.protoface.train;

/** The loss or gradient became NaN/Inf; the message names the step and the last good checkpoint. */
public class TrainingDivergedException extends RuntimeException {
    /** @param message names the step and the last good checkpoint */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
