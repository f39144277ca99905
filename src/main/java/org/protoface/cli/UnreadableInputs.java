package org.protoface.cli;

import java.util.List;

/**
 * The rule the pipeline commands share for photographs that cannot be decoded (or, given as aligned
 * crops, are not square): some skipped among usable ones are named and skipped; when none could be
 * used the command fails (exit 2) instead of writing an empty result, like {@code detect} does for
 * an unreadable photograph.
 */
final class UnreadableInputs {
    private UnreadableInputs() {}

    /**
     * @param images     photographs the command was given (after expanding folders)
     * @param unreadable one message per photograph that could not be decoded, naming it
     * @param notSquare  one message per aligned crop that is not square, naming it
     * @throws IllegalArgumentException when every photograph was skipped, with the counts and the reasons
     */
    static void requireSomeUsable(int images, List<String> unreadable, List<String> notSquare) {
        if (images == 0 || unreadable.size() + notSquare.size() < images) return;
        if (notSquare.isEmpty()) {
            throw new IllegalArgumentException("none of the " + images + " image(s) could be read (" + unreadable.size() + " unreadable: "
                    + String.join("; ", unreadable) + "); nothing written");
        }
        List<String> counts = new java.util.ArrayList<>();
        if (!unreadable.isEmpty()) counts.add(unreadable.size() + " unreadable");
        counts.add(notSquare.size() + " not square");
        List<String> reasons = new java.util.ArrayList<>(unreadable);
        reasons.addAll(notSquare);
        throw new IllegalArgumentException("none of the " + images + " image(s) could be used (" + String.join(", ", counts) + ": "
                + String.join("; ", reasons) + "); nothing written");
    }
}
