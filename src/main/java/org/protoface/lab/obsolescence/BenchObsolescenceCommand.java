package org.protoface.lab.obsolescence;

import org.protoface.lab.heads.HeadCase;
import org.protoface.lab.obsolescence.ObsolescencePlan;
import org.protoface.lab.obsolescence.ObsolescencePlots;
import org.protoface.lab.obsolescence.ObsolescenceReport;
import org.protoface.lab.obsolescence.ObsolescenceRunner;
import org.protoface.lab.obsolescence.VariantResult;
import org.protoface.torch.Torch;
import org.protoface.util.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code protoface bench obsolescence}: trains one encoder with each method on a wide synthetic set and reports
 * held-out accuracy, TAR@FAR, the age and drift of the class weights used as negatives, with plots.
 * See docs/scale.md ("Prototype obsolescence").
 */
@Command(name = "obsolescence", mixinStandardHelpOptions = true,
        description = {"Trains the same encoder, batch and number of steps with each method on a wide synthetic dataset "
                + "(many identities, few images each) and reports held-out accuracy, TAR@FAR, the age of the class "
                + "weights used as negatives and their drift.",
                "Writes <out>/<method>/ (a training run each), <out>/obsolescence.md, obsolescence.json, ages.png, "
                        + "age-histogram.png and accuracy.png. Finished methods are reused unless --fresh."})
public final class BenchObsolescenceCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, defaultValue = "cpu", description = "Base preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--methods", defaultValue = ObsolescencePlan.DEFAULT_METHODS,
            description = "Heads to compare: full, pfc:RATE, dsoftmax:K, pm:M (default: ${DEFAULT-VALUE}).")
    String methods;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Config override for every method, e.g. --set train.steps=600 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--quick", description = "CI size: tiny images and encoder, 30 steps, small held-out set (a couple of minutes).")
    boolean quick;

    @Option(names = "--evals", defaultValue = "4", description = "Held-out evaluations per method, evenly spaced, the last at the end (default: ${DEFAULT-VALUE}).")
    int evaluations;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--fresh", description = "Train every method again even if <out>/<method>/result.json exists.")
    boolean fresh;

    @Override
    public Integer call() throws Exception {
        Torch.init();
        ObsolescencePlan plan = ObsolescencePlan.of(preset, quick, overrides, methods, evaluations);
        List<VariantResult> results = new ArrayList<>();
        for (HeadCase method : plan.methods()) {
            results.add(ObsolescenceRunner.run(plan, method, out.resolve(ObsolescencePlan.folderName(method)), !fresh, System.out));
        }
        String table = ObsolescenceReport.markdown(plan, results);
        System.out.println();
        System.out.print(table);
        AtomicFiles.writeString(out.resolve("obsolescence.md"), table);
        ObsolescenceReport.writeJson(out.resolve("obsolescence.json"), plan, results);
        if (results.stream().anyMatch(VariantResult::ran)) {
            ObsolescencePlots.ages(out.resolve("ages.png"), results);
            ObsolescencePlots.accuracy(out.resolve("accuracy.png"), results);
            if (results.stream().anyMatch(r -> r.ran() && r.ages().histogram() != null)) {
                ObsolescencePlots.ageHistogram(out.resolve("age-histogram.png"), results);
            }
        }
        System.out.println("written to " + out.resolve("obsolescence.md") + ", obsolescence.json and the PNGs next to it");
        return 0;
    }
}
