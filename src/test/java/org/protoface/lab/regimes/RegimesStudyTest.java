package org.protoface.lab.regimes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.lab.obsolescence.MetricsLines;
import org.protoface.torch.Torch;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RegimesStudyTest {
    /** 12 identities x 4 images, batches of 4 x 4, 3 steps: each identity in one batch. */
    static final List<String> TINY = List.of("data=synthetic:identities=12,images=4,size=16,seed=3", "batch.size=16", "train.steps=3",
            "train.log_every=1", "train.loader_workers=0", "train.threads=1", "eval.identities=12", "eval.images_per_identity=4",
            "eval.pairs=40", "eval.all_pairs_identities=6", "eval.all_pairs_images=4", "eval.flip=false");
    static final FileTime ANY = FileTime.fromMillis(0);

    @BeforeAll
    static void init() {
        Torch.init();
    }

    @Test
    void aTinyStudyTrainsEveryCellReportsAndReusesFinishedCells(@TempDir Path out) throws Exception {
        RegimesPlan plan = RegimesPlan.of("cpu", true, TINY, "full,pm:16", "12x4,48x1", "1,2", "pm");
        List<RegimeCell> cells = plan.cells();
        assertThat(cells).extracting(RegimeCell::folder).containsExactly("12x4-6steps/pm-16", "12x4-3steps/full", "12x4-3steps/pm-16",
                "48x1-3steps/full", "48x1-3steps/pm-16");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(log, true, StandardCharsets.UTF_8);
        Map<RegimeCell, CellResult> results = new LinkedHashMap<>();
        for (RegimeCell c : cells) results.put(c, CellRunner.tryRun(plan, c, out.resolve(c.folder()), ANY, console).orElseThrow());

        for (Map.Entry<RegimeCell, CellResult> e : results.entrySet()) {
            CellResult r = e.getValue();
            assertThat(r.ran()).as(r.method()).isTrue();
            assertThat(r.evaluation().step()).isEqualTo(e.getKey().steps());
            assertThat(r.rawPixels()).as("the raw-pixel baseline of the same pairs").isBetween(0.0, 1.0);
            assertThat(out.resolve(e.getKey().folder()).resolve("eval.json")).exists();
        }
        CellResult fullWide = results.get(cells.get(3)), fullBase = results.get(cells.get(1)), pmBase = results.get(cells.get(2));
        // 3 steps x 4 identities over 48 identities of 1 image, each sample repeated 4 times in its batch
        assertThat(fullWide.passesPerIdentity()).isCloseTo(0.25, within(1e-12));
        assertThat(fullWide.viewsPerImage()).isCloseTo(1.0, within(1e-12));
        // the full softmax scores every class: N - 4 negatives by construction, ages 0, but drift and norms measured
        assertThat(fullBase.agesByConstruction()).isTrue();
        assertThat(fullBase.negativesPerStep()).isEqualTo(8.0);
        assertThat(fullWide.negativesPerStep()).isEqualTo(44.0);
        assertThat(fullBase.ages().linesWithDrift()).as("steps 2 and 3 are the second half").isEqualTo(2);
        assertThat(fullBase.normP10End()).isPositive().isLessThanOrEqualTo(fullBase.normP50End());
        assertThat(fullBase.normP50End()).isLessThanOrEqualTo(fullBase.normP90End());
        // the last logged line's median norm is what the result reports
        List<JsonNode> lines = MetricsLines.read(out.resolve(cells.get(1).folder()).resolve("metrics.jsonl"));
        JsonNode lastHeadLine = lines.stream().filter(l -> l.has("loss")).reduce((a, b) -> b).orElseThrow();
        assertThat(fullBase.normP50End()).isEqualTo(lastHeadLine.get("prototype_norm_p50").asDouble());
        // Prototype Memory's prototypes are unit vectors: no norms; its negatives are counted by the head
        assertThat(pmBase.normP50End()).isNaN();
        assertThat(pmBase.agesByConstruction()).isFalse();
        assertThat(pmBase.negativesPerStep()).isBetween(0.0, 12.0);

        // a rerun reuses every result.json: nothing is trained, nothing rewritten
        Path marker = out.resolve(cells.get(1).folder()).resolve(CellRunner.RESULT);
        FileTime written = Files.getLastModifiedTime(marker);
        log.reset();
        CellResult again = CellRunner.tryRun(plan, cells.get(1), out.resolve(cells.get(1).folder()), ANY, console).orElseThrow();
        assertThat(again.toJson()).isEqualTo(fullBase.toJson());
        assertThat(Files.getLastModifiedTime(marker)).isEqualTo(written);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("reusing").doesNotContain("training");

        // a finished cell is reused only for its own experiment: a changed margin is refused, naming
        // the key and both values; another thread count (how it ran, not what) is not
        List<String> otherMargin = new ArrayList<>(TINY);
        otherMargin.add("margin.m3=0.2");
        RegimesPlan changed = RegimesPlan.of("cpu", true, otherMargin, "full,pm:16", "12x4,48x1", "1,2", "pm");
        assertThatThrownBy(() -> CellRunner.tryRun(changed, cells.get(1), out.resolve(cells.get(1).folder()), ANY, console))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("margin.m3: 0.35 -> 0.2").hasMessageContaining("--fresh");
        List<String> otherThreads = new ArrayList<>(TINY);
        otherThreads.add("train.threads=2");
        RegimesPlan threads = RegimesPlan.of("cpu", true, otherThreads, "full,pm:16", "12x4,48x1", "1,2", "pm");
        assertThat(CellRunner.tryRun(threads, cells.get(1), out.resolve(cells.get(1).folder()), ANY, console).orElseThrow().toJson())
                .isEqualTo(fullBase.toJson());
        // nor does a key that cannot act on the cell: another head kind's section, or gathering
        // embeddings across ranks (a cell trains on one)
        List<String> inert = new ArrayList<>(TINY);
        inert.add("pfc.sample_rate=0.5");
        inert.add("pm.gather_embeddings=false");
        RegimesPlan inertPlan = RegimesPlan.of("cpu", true, inert, "full,pm:16", "12x4,48x1", "1,2", "pm");
        assertThat(CellRunner.tryRun(inertPlan, cells.get(1), out.resolve(cells.get(1).folder()), ANY, console).orElseThrow().toJson())
                .isEqualTo(fullBase.toJson());
        // the Prototype Memory cell's own section: gathering across ranks still cannot act on one process
        assertThat(CellRunner.tryRun(inertPlan, cells.get(2), out.resolve(cells.get(2).folder()), ANY, console).orElseThrow().toJson())
                .isEqualTo(pmBase.toJson());

        // the report: both axes, the winner of each regime, each method's settings
        List<RegimesReport.Entry> passes = plan.passesCells().stream().map(c -> new RegimesReport.Entry(c, results.get(c))).toList();
        List<RegimesReport.Entry> lengths = plan.lengthCells().stream().map(c -> new RegimesReport.Entry(c, results.get(c))).toList();
        List<RegimesReport.Entry> all = cells.stream().map(c -> new RegimesReport.Entry(c, results.get(c))).toList();
        String md = RegimesReport.markdown(plan, passes, lengths, "threads note");
        assertThat(md).contains("| 12x4 | 1 | 1 | full |").contains("| 48x1 | 0.25 | 1 | pm:16 |").contains("| 6 | 2 | pm:16 |")
                .contains("| 12x4, 1 pass | ").contains("| 48x1, 0.25 passes | ").contains("| 12x4, 6 steps (2 passes) | pm:16 |")
                .contains("threads note");
        RegimesReport.writeJson(out.resolve("regimes.json"), plan, all, passes, lengths);
        JsonNode json = new ObjectMapper().readTree(out.resolve("regimes.json").toFile());
        assertThat(json.get("cells")).hasSize(5);
        assertThat(json.get("cells").get(0).get("on_length_axis").asBoolean()).isTrue();
        assertThat(json.get("cells").get(0).get("on_passes_axis").asBoolean()).isFalse();
        assertThat(json.get("cells").get(1).get("on_passes_axis").asBoolean()).isTrue();
        List<String> labels = List.of("full", "pm:16");
        RegimesPlots.accuracyVsPasses(out.resolve("passes.png"), labels, passes);
        RegimesPlots.accuracyVsSteps(out.resolve("steps.png"), labels, lengths);
        List<RegimesPlots.Trace> traces = new ArrayList<>();
        traces.add(new RegimesPlots.Trace("full", 0, false, WeightTrace.of(lines)));
        RegimesPlots.classWeights(out.resolve("weights.png"), "weights", traces);
        for (String f : List.of("passes.png", "steps.png", "weights.png")) assertThat(Files.size(out.resolve(f))).as(f).isGreaterThan(1000);
    }

    @Test
    void aCellLockedByAnotherProcessIsLeftToIt(@TempDir Path out) throws Exception {
        RegimesPlan plan = RegimesPlan.of("cpu", true, TINY, "full", "12x4", "1", "all");
        RegimeCell cell = plan.cells().get(0);
        Path dir = out.resolve(cell.folder());
        Files.createDirectories(dir);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
                dir.resolve(".lock").toString()).redirectErrorStream(true).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("locked");
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Optional<CellResult> r = CellRunner.tryRun(plan, cell, dir, ANY, new PrintStream(log, true, StandardCharsets.UTF_8));
            assertThat(r).isEmpty();
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("another process is training it");
            assertThat(dir.resolve("config.yaml")).doesNotExist();
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        // released: this process takes the cell (a result.json from the other one would be reused instead)
        CellResult.skipped(cell, "written by the other process").write(dir.resolve(CellRunner.RESULT));
        CellResult r = CellRunner.runOrWait(plan, cell, dir, ANY, new PrintStream(new ByteArrayOutputStream()));
        assertThat(r.status()).isEqualTo("skipped: written by the other process");
    }

    @Test
    void anInterruptedCellResumesOnlyForItsOwnExperiment(@TempDir Path dir) throws Exception {
        RegimesPlan plan = RegimesPlan.of("cpu", true, TINY, "full", "12x4", "1", "all");
        var resolved = org.protoface.run.JobConfig.resolve(plan.config(plan.cells().get(0)));
        assertThat(CellRunner.resumable(dir, resolved, false, "cell")).as("empty folder").isFalse();
        resolved.save(dir.resolve("config.yaml"));
        Files.createDirectories(dir.resolve("checkpoints"));
        assertThat(CellRunner.resumable(dir, resolved, false, "cell")).as("no checkpoint yet").isFalse();
        Files.writeString(dir.resolve("checkpoints").resolve("step-000000002.pt"), "x");
        assertThat(CellRunner.resumable(dir, resolved, false, "cell")).isTrue();
        assertThat(CellRunner.resumable(dir, resolved, true, "cell")).as("--fresh starts over").isFalse();
        // another thread count is how it runs, not what it trains: the checkpoint is continued
        List<String> threads = new ArrayList<>(TINY);
        threads.add("train.threads=2");
        RegimesPlan otherThreads = RegimesPlan.of("cpu", true, threads, "full", "12x4", "1", "all");
        assertThat(CellRunner.resumable(dir, org.protoface.run.JobConfig.resolve(otherThreads.config(otherThreads.cells().get(0))), false,
                "cell")).isTrue();
        // another margin would continue a different experiment: refused, naming the key
        List<String> margin = new ArrayList<>(TINY);
        margin.add("margin.m3=0.2");
        RegimesPlan otherMargin = RegimesPlan.of("cpu", true, margin, "full", "12x4", "1", "all");
        assertThatThrownBy(() -> CellRunner.resumable(dir, org.protoface.run.JobConfig.resolve(otherMargin.config(otherMargin.cells().get(0))),
                false, "cell")).hasMessageContaining("margin.m3: 0.35 -> 0.2").hasMessageContaining("--fresh");
    }
}
