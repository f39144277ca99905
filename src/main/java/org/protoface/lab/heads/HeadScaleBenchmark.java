package org.protoface.lab.heads;

import org.protoface.util.JsonReports;




import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** The sweep of the scale benchmark: every head at every N, in the order given (N ascending). */
public final class HeadScaleBenchmark {
    private HeadScaleBenchmark() {}

    /**
     * @param progress receives each row as soon as it is known (for printing while the sweep runs)
     */
    public static List<CaseResult> run(List<HeadCase> heads, long[] classes, HeadBenchSettings settings, CaseRunner runner,
                                       Consumer<CaseResult> progress) {
        long[] ascending = classes.clone();
        Arrays.sort(ascending);
        List<CaseResult> rows = new ArrayList<>();
        for (HeadCase head : heads) {
            for (long n : ascending) {
                CaseResult r = runner.run(head, n, settings);
                rows.add(r);
                progress.accept(r);
            }
        }
        return rows;
    }

    /** Writes the rows as a JSON array (atomically). */
    public static void writeJson(Path file, List<CaseResult> rows) throws IOException {
        List<Object> array = new ArrayList<>();
        for (CaseResult r : rows) array.add(r.toJson());
        JsonReports.write(file, array);
    }
}
