package org.protoface.lab.heads;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the child JVM that runs one benchmark case, so the peak resident memory it
 * reports belongs to that case alone. Arguments: {@code head=pfc:0.1 classes=1000000} followed by
 * the {@link HeadBenchSettings#toArgs()} ones. Prints exactly one line starting with
 * {@link #MARKER} and the case's JSON; logs go to stderr. Exit code 0 also for "does not fit"
 * (that is a result); 1 when the case failed.
 */
public final class HeadCaseProcess {
    public static final String MARKER = "PROTOFACE-CASE ";

    private HeadCaseProcess() {}

    /**
     * Runs the case named by {@code args} (see the class comment) and prints its result line.
     *
     * @throws Exception if the arguments are malformed or the case fails (the JVM then exits with 1)
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> parsed = HeadBenchSettings.parseArgs(Arrays.asList(args));
        HeadCase head = HeadCase.parse(require(parsed, "head"));
        long classes = Long.parseLong(require(parsed, "classes"));
        CaseResult result = HeadStepBenchmark.run(head, classes, HeadBenchSettings.fromArgs(parsed));
        System.out.println(MARKER + new ObjectMapper().writeValueAsString(result.toJson()));
        System.out.flush();
        System.exit(0);
    }

    /** The arguments that make {@link #main} run {@code head} at N = {@code classes}. */
    public static List<String> arguments(HeadCase head, long classes, HeadBenchSettings settings) {
        List<String> out = new ArrayList<>();
        out.add("head=" + head.label());
        out.add("classes=" + classes);
        out.addAll(settings.toArgs());
        return out;
    }

    private static String require(Map<String, String> args, String key) {
        String v = args.get(key);
        if (v == null) throw new IllegalArgumentException("missing argument " + key + "=...");
        return v;
    }
}
