package org.protoface.cli;

import java.util.List;

/**
 * The rule the pipeline commands share for photographs that cannot be decoded: some unreadable
 * among readable ones are named and skipped; when none could be read the command fails (exit 2)
 * instead of writing an empty result, like {@code detect} does for an unreadable photograph.
 */
final class UnreadableInputs {
    private UnreadableInputs() {}

    /**
     * @param images     photographs the command was given (after expanding folders)
     * @param unreadable one message per photograph that could not be decoded, naming it
     * @throws IllegalArgumentException when every photograph was unreadable, with the count and the reasons
     */
    static void requireSomeReadable(int images, List<String> unreadable) {
        if (images == 0 || unreadable.size() < images) return;
        throw new IllegalArgumentException("none of the " + images + " image(s) could be read (" + unreadable.size() + " unreadable: "
                + String.join("; ", unreadable) + "); nothing written");
    }
}
