package org.protoface.data;

/**
 * The data loader cannot go on: a batch could not be filled, or a data file became unreadable in
 * the middle of a run. Unchecked because it leaves the loader's worker threads; the message names
 * the file, record and identity label. A trainer catches it to write a checkpoint before stopping,
 * and the command line reports it as one line with exit code 2.
 */
public class DataLoadingException extends RuntimeException {
    /** @param message one line naming the data source and what went wrong */
    public DataLoadingException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the data source and what went wrong
     * @param cause   the underlying failure
     */
    public DataLoadingException(String message, Throwable cause) {
        super(message, cause);
    }
}
