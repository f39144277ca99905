package org.protoface.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates precomputed pair scores (e.g. exported by another toolkit) with the same protocol as
 * {@link VerificationEvaluator}: 10-fold accuracy plus TAR@FAR and AUC on the pairs themselves.
 *
 * <p>File format: UTF-8 text, one pair per line in fold order, {@code score<TAB>label} where label
 * is {@code 1} (same person) or {@code 0} (different); any run of whitespace also separates the two
 * fields. Blank lines and lines starting with {@code #} are ignored. Higher score = more similar.
 *
 * <p>With only the pairs as impostors, small FARs are unresolvable (LFW's 3,000 different pairs
 * resolve 1e-3 but not 1e-4): those targets are reported as null / "n/a".
 */
public final class ScoreFileEvaluation {
    private ScoreFileEvaluation() {}

    /** Reads the file, evaluates it at FAR 1e-3, 1e-4 and 1e-5 and writes eval.json atomically. */
    public static EvalResult run(Path scores, Path jsonOut) throws IOException {
        return run(scores, jsonOut, null);
    }

    /** As {@link #run(Path, Path)}, also drawing the ROC to {@code rocPng} when it is not null. */
    public static EvalResult run(Path scores, Path jsonOut, Path rocPng) throws IOException {
        PairScores pairs = read(scores);
        if (pairs.genuine().length == 0 || pairs.impostor().length == 0) {
            throw new IOException(scores + ": needs both same (1) and different (0) pairs, found "
                    + pairs.genuine().length + " same and " + pairs.impostor().length + " different");
        }
        if (pairs.size() < TenFoldVerification.FOLDS) {
            throw new IOException(scores + ": 10-fold protocol needs at least 10 pairs, found " + pairs.size());
        }
        EvalResult result = evaluate(pairs, EvalSettings.STANDARD_FAR_TARGETS, 2000);
        if (rocPng != null) RocPlot.write(rocPng, "ROC " + scores.getFileName(), result.rocCurves(), 800, 600);
        EvalReport.write(result, jsonOut, rocPng);
        return result;
    }

    /** The protocol on scores already in memory; the ROC source is the pairs themselves. */
    public static EvalResult evaluate(PairScores pairs, double[] farTargets, int curvePoints) {
        TenFoldResult verification = TenFoldVerification.evaluate(pairs);
        Roc roc = Roc.of(pairs);
        List<TarAtFar> tars = new ArrayList<>();
        for (double target : farTargets) tars.add(roc.tarAtFar(target));
        double auc = roc.auc();
        return new EvalResult(pairs.size(), verification, tars, auc, auc, EvalResult.ROC_PAIRS, null, null, null, null,
                List.of(roc.curve("scores (pairs)", curvePoints)));
    }

    /** The one-line human summary, e.g. "pairs 6000  accuracy 0.9712 +- 0.0061  TAR@FAR 1e-3 0.9000 ...  AUC 0.9950". */
    public static String summary(EvalResult result) {
        return result.summary();
    }

    /**
     * Parses a score file.
     *
     * @throws ScoreFileFormatException naming the file and 1-based line of the first malformed line
     */
    public static PairScores read(Path file) throws IOException {
        List<Double> scores = new ArrayList<>();
        List<Boolean> same = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) continue;
                String[] fields = text.split("\\s+");
                if (fields.length != 2) {
                    throw new ScoreFileFormatException(file, number, "expected 'score<TAB>1|0', found " + fields.length + " field(s): '" + line + "'");
                }
                scores.add(parseScore(file, number, fields[0]));
                same.add(parseLabel(file, number, fields[1]));
            }
        }
        double[] s = new double[scores.size()];
        boolean[] b = new boolean[same.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
            b[i] = same.get(i);
        }
        return new PairScores(s, b);
    }

    private static double parseScore(Path file, int line, String field) throws ScoreFileFormatException {
        double value;
        try {
            value = Double.parseDouble(field);
        } catch (NumberFormatException e) {
            throw new ScoreFileFormatException(file, line, "score '" + field + "' is not a number");
        }
        if (!Double.isFinite(value)) throw new ScoreFileFormatException(file, line, "score '" + field + "' is not finite");
        return value;
    }

    private static boolean parseLabel(Path file, int line, String field) throws ScoreFileFormatException {
        return switch (field) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new ScoreFileFormatException(file, line, "label '" + field + "' must be 1 (same) or 0 (different)");
        };
    }
}
