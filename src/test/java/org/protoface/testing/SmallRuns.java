package org.protoface.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.Tensor;
import org.protoface.config.Config;
import org.protoface.run.RunFolder;
import org.protoface.run.TrainingRun;
import org.protoface.torch.Tensors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small real training runs for end-to-end tests: the {@code base} job with a tiny encoder, a few
 * synthetic identities at 16 px, one libtorch thread and one loader worker, through
 * {@link TrainingRun} exactly as {@code protoface train} builds it; and readers for what such a
 * run leaves behind (per-step losses, every tensor of the encoder and head, checkpoint contents).
 */
public final class SmallRuns {
    /** The settings every small run starts from; a test's own settings come after and win. */
    public static final List<String> SMALL = List.of(
            "data=synthetic:identities=24,images=6,size=16,seed=7",
            "encoder.type=iresnet", "encoder.depth=18", "encoder.width=0.125", "encoder.input_size=16",
            "encoder.embedding_size=16",
            "batch.size=16", "batch.images_per_identity=2",
            "optim.lr=0.05", "schedule.warmup_steps=2",
            "train.steps=10", "train.seed=5", "train.threads=1", "train.loader_workers=1", "train.prefetch=2",
            "train.log_every=1", "train.checkpoint_every=0", "train.keep_checkpoints=20",
            "pm.memory_size=16", "pfc.sample_rate=0.5", "pfc.drift_every=2", "dsoftmax.negatives=6",
            "dsoftmax.scale=30", "dsoftmax.drift_every=2", "margin.s=30");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SmallRuns() {}

    /** The small job with {@code settings} ({@code key=value}, as {@code --set}) over it. */
    public static Config config(String... settings) {
        List<String> all = new ArrayList<>(SMALL);
        all.addAll(Arrays.asList(settings));
        return Config.load("base", all);
    }

    /** Builds the small job with {@code settings} into {@code out}. */
    public static TrainingRun build(Path out, String... settings) {
        return TrainingRun.build(config(settings), out);
    }

    /** Trains without the final evaluation, printing nothing. */
    public static TrainingRun.Result train(TrainingRun run, RunFolder.Mode mode) throws IOException, InterruptedException {
        return run.run(mode, false, quiet());
    }

    public static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    /**
     * The loss of every step in {@code metrics.jsonl} (written with log_every 1), by step index
     * (0-based). A step logged twice (a run resumed from a checkpoint older than its last logged
     * step) keeps its later line, the one the resumed run wrote.
     */
    public static Map<Long, Double> losses(Path runDir) throws IOException {
        Map<Long, Double> out = new TreeMap<>();
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            if (n.has("loss")) out.put(n.get("step").asLong() - 1, n.get("loss").asDouble());
        }
        return out;
    }

    /**
     * Every parameter and buffer of {@code module} and its sub-modules, by dotted name, as the raw
     * bits of each element (so two runs compare bit for bit, NaN included).
     */
    public static Map<String, long[]> tensors(Module module) {
        Map<String, long[]> out = new TreeMap<>();
        put(out, "param ", module.named_parameters(true));
        put(out, "buffer ", module.named_buffers(true));
        return out;
    }

    private static void put(Map<String, long[]> out, String prefix, StringTensorDict dict) {
        StringVector keys = dict.keys();
        for (long i = 0; i < keys.size(); i++) {
            String name = keys.get(i).getString();
            out.put(prefix + name, bits(dict.get(name)));
        }
    }

    /** The elements of a float, double or integer tensor as their bit patterns, with the shape first. */
    public static long[] bits(Tensor t) {
        long[] shape = Tensors.shape(t);
        Tensor c = t.detach().cpu().contiguous().reshape(-1);
        String type = Tensors.dtypeName(c);
        long[] values;
        switch (type) {
            case "float" -> {
                float[] f = Tensors.floats(c);
                values = new long[f.length];
                for (int i = 0; i < f.length; i++) values[i] = Float.floatToRawIntBits(f[i]);
            }
            case "double" -> {
                double[] d = new double[(int) c.numel()];
                c.data_ptr_double().get(d);
                values = new long[d.length];
                for (int i = 0; i < d.length; i++) values[i] = Double.doubleToRawLongBits(d[i]);
            }
            case "long", "int", "short", "byte", "char", "bool" -> values = Tensors.longs(c.to(org.bytedeco.pytorch.global.torch.ScalarType.Long));
            // converting another floating type to long would round away the bits being compared
            default -> throw new IllegalArgumentException("no exact comparison for " + type + " tensors");
        }
        long[] out = new long[shape.length + 1 + values.length];
        out[0] = shape.length;
        System.arraycopy(shape, 0, out, 1, shape.length);
        System.arraycopy(values, 0, out, shape.length + 1, values.length);
        return out;
    }

    /**
     * Every tensor in a checkpoint file, by path of archive keys ("encoder/conv1.weight"). The
     * optimizer's per-parameter states are keyed by libtorch with the address of the parameter's
     * tensor, which differs between processes and runs: under "optimizer/" each key made of digits
     * becomes "#", so such entries are compared as a sorted multiset instead (see {@link #checkpointContent}).
     */
    public static Map<String, List<long[]>> checkpointContent(Path file) {
        Map<String, List<long[]>> out = new TreeMap<>();
        if (java.nio.file.Files.isDirectory(file)) {
            // a checkpoint step folder: every archive in it (train.pt, the class files), keys prefixed by the file
            try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(file)) {
                for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".pt")).sorted().toList()) {
                    checkpointContent(p).forEach((k, v) -> out.put(p.getFileName() + "/" + k, v));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return out;
        }
        InputArchive archive = new InputArchive();
        archive.load_from(file.toString());
        walk(archive, "", out);
        for (List<long[]> values : out.values()) values.sort(Arrays::compare);
        return out;
    }

    private static void walk(InputArchive archive, String prefix, Map<String, List<long[]>> out) {
        StringVector keys = archive.keys();
        for (long i = 0; i < keys.size(); i++) {
            String key = keys.get(i).getString();
            String name = prefix.startsWith("optimizer") && key.chars().allMatch(Character::isDigit) ? "#" : key;
            Tensor t = new Tensor();
            if (archive.try_read(key, t)) {
                out.computeIfAbsent(prefix + name, k -> new ArrayList<>()).add(bits(t));
                continue;
            }
            InputArchive child = new InputArchive();
            if (archive.try_read(key, child)) {
                walk(child, prefix + name + "/", out);
                continue;
            }
            // scalars the optimizer keeps outside tensors (AdamW's step count, a group's lr)
            IValue v = new IValue();
            if (!archive.try_read(key, v)) continue;
            if (v.isInt()) out.computeIfAbsent(prefix + name, k -> new ArrayList<>()).add(new long[] {v.toInt()});
            else if (v.isDouble()) out.computeIfAbsent(prefix + name, k -> new ArrayList<>()).add(new long[] {Double.doubleToRawLongBits(v.toDouble())});
        }
    }
}
