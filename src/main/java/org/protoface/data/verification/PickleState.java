package org.protoface.data.verification;

import org.protoface.data.MalformedDataException;

/**
 * An object the restricted unpickler may apply a BUILD (Python {@code __setstate__}) to. Only the
 * numpy stand-ins implement it; BUILD on anything else is refused.
 */
interface PickleState {
    void setState(Object state, String source) throws MalformedDataException;
}
