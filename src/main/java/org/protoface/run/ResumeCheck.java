package org.protoface.run;

import com.fasterxml.jackson.databind.JsonNode;
import org.protoface.config.Config;
import org.protoface.config.ConfigException;
import org.protoface.head.registry.HeadKinds;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What may change between a run and its resumption. Both configurations are compared in their
 * resolved form (every key with its value):
 * <ul>
 *   <li>refused: anything that makes the checkpoint meaningless: the data, the head and its own
 *       section, the encoder, the batch composition;</li>
 *   <li>harmless, accepted silently: threads, loader workers, prefetch, logging and checkpoint
 *       intervals, checkpoints kept, the device, the evaluation settings, how ranks communicate
 *       (the number of ranks is not part of the configuration: any number can resume);</li>
 *   <li>accepted with a warning that the run no longer continues exactly as an uninterrupted one
 *       would: everything else (a longer {@code train.steps} stretches the schedule; the optimizer,
 *       schedule, margin, augmentation or seed change the steps to come).</li>
 * </ul>
 */
public final class ResumeCheck {
    private static final List<String> HARMLESS = List.of("train.threads", "train.loader_workers", "train.prefetch",
            "train.log_every", "train.checkpoint_every", "train.keep_checkpoints", "train.device", "eval.", "dist.timeout_s",
            "dist.bucket_mb", "dist.gloo_threads");

    /** Keys that changed, with what to tell the user about the accepted ones. */
    public record Outcome(List<String> changed, List<String> warnings) {}

    private ResumeCheck() {}

    /**
     * @param saved     the resolved config the run was started with
     * @param requested the resolved config asked for now
     * @throws ConfigException naming every refused key with its old and new value
     */
    public static Outcome compare(Config saved, Config requested) {
        Map<String, String[]> diff = new TreeMap<>();
        walk("", saved.tree(), requested.tree(), diff);
        List<String> refused = new ArrayList<>(), warnings = new ArrayList<>();
        for (Map.Entry<String, String[]> e : diff.entrySet()) {
            String key = e.getKey();
            String change = key + ": " + e.getValue()[0] + " -> " + e.getValue()[1];
            if (refuses(key)) refused.add(change);
            else if (!harmless(key)) warnings.add(change);
        }
        if (!refused.isEmpty()) {
            throw new ConfigException("cannot resume: the checkpoint belongs to another setup (" + String.join("; ", refused)
                    + "); start a new run with another --out, or --overwrite this one");
        }
        return new Outcome(List.copyOf(diff.keySet()), warnings);
    }

    /** Keys that change how a run runs, not what it trains or how it is evaluated. */
    private static final List<String> HOW_IT_RAN = List.of("train.threads", "train.loader_workers", "train.prefetch",
            "train.log_every", "train.checkpoint_every", "train.keep_checkpoints", "train.device", "dist.");

    /**
     * Every key whose change would make a finished run's result another experiment's: all but how it
     * ran (threads, loader workers, prefetch, logging and checkpoint intervals, checkpoints kept,
     * the device, how ranks communicate). Each entry reads "key: saved -> requested".
     *
     * @param saved     the resolved config the run was trained with (its config.yaml)
     * @param requested the resolved config asked for now
     * @param inert     further keys the caller knows cannot act on the run (e.g. another head's section)
     */
    public static List<String> resultChanges(Config saved, Config requested, Predicate<String> inert) {
        Map<String, String[]> diff = new TreeMap<>();
        walk("", saved.tree(), requested.tree(), diff);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String[]> e : diff.entrySet()) {
            if (listed(HOW_IT_RAN, e.getKey()) || inert.test(e.getKey())) continue;
            out.add(e.getKey() + ": " + e.getValue()[0] + " -> " + e.getValue()[1]);
        }
        return out;
    }

    /**
     * The line a resumed run prints when its checkpoint is already at (or past) {@code train.steps}:
     * nothing is trained, the model is saved again and, if asked, evaluated.
     *
     * @param reached the checkpoint's step
     * @param steps   train.steps of the resumed config
     */
    public static String alreadyFinished(long reached, long steps, boolean evaluating) {
        return "nothing to train: the run already reached step " + reached + " (train.steps = " + steps
                + "; raise it with --set train.steps=N to train longer); saving the model" + (evaluating ? " and evaluating" : "");
    }

    private static boolean refuses(String key) {
        if (key.equals("data") || key.equals("head") || key.startsWith("encoder.") || key.startsWith("batch.")) return true;
        for (var section : HeadKinds.sections()) if (key.startsWith(section.key() + ".")) return true;
        return false;
    }

    private static boolean harmless(String key) {
        return listed(HARMLESS, key);
    }

    /** Whether {@code key} is one of {@code patterns}: a whole key, or a section when it ends with ".". */
    private static boolean listed(List<String> patterns, String key) {
        for (String h : patterns) if (h.endsWith(".") ? key.startsWith(h) : key.equals(h)) return true;
        return false;
    }

    private static void walk(String prefix, JsonNode a, JsonNode b, Map<String, String[]> diff) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            java.util.Set<String> keys = new java.util.TreeSet<>();
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) keys.add(it.next());
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) keys.add(it.next());
            for (String k : keys) walk(prefix.isEmpty() ? k : prefix + "." + k, a.get(k), b.get(k), diff);
            return;
        }
        String x = a == null ? "(absent)" : a.toString(), y = b == null ? "(absent)" : b.toString();
        if (!x.equals(y) && !(a != null && b != null && a.isNumber() && b.isNumber() && a.asDouble() == b.asDouble())) {
            diff.put(prefix, new String[] {x, y});
        }
    }
}
