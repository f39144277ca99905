package org.protoface.torch;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * Checkpoint reads and writes of Java values and tensors in libtorch archives, with errors that
 * name the owner and the key instead of libtorch's bare "key not found", and shape checks before
 * anything is overwritten.
 */
public final class Archives {
    private Archives() {}

    /** Stores {@code values} under {@code key} as a 1-D int64 tensor (steps, counters, sampler state). */
    public static void writeLongs(OutputArchive archive, String key, long... values) {
        archive.write(key, Tensors.ofLongs(values, values.length));
    }

    /**
     * The values of entry {@code key}, flattened and converted to int64 (what {@link #writeLongs} stored).
     *
     * @param owner what the entry belongs to, e.g. "loss scaler", for the error message
     * @throws IllegalArgumentException naming the key and the owner when the entry is missing
     */
    public static long[] readLongs(InputArchive archive, String key, String owner) {
        return Tensors.longs(readTensor(archive, key, owner));
    }

    /** Stores Java doubles exactly, as a float64 tensor. */
    public static void writeDoubles(OutputArchive archive, String key, double... values) {
        Tensor t = torch.empty(new long[] {values.length}, new TensorOptions(torch.ScalarType.Double), null);
        if (values.length > 0) new DoublePointer(t.data_ptr_double()).put(values, 0, values.length);
        archive.write(key, t);
    }

    /**
     * The values of entry {@code key}, flattened and converted to float64 (exact for what
     * {@link #writeDoubles} stored).
     *
     * @param owner what the entry belongs to, for the error message
     * @throws IllegalArgumentException naming the key and the owner when the entry is missing
     */
    public static double[] readDoubles(InputArchive archive, String key, String owner) {
        Tensor c = readTensor(archive, key, owner).to(torch.ScalarType.Double).contiguous();
        double[] out = new double[(int) c.numel()];
        if (out.length > 0) c.data_ptr_double().get(out);
        return out;
    }

    /**
     * Copies the stored tensor into {@code target} in place (so optimizers holding {@code target}
     * keep working), after checking the shape matches.
     */
    public static void readInto(InputArchive archive, String key, Tensor target, String owner) {
        Tensor stored = readTensor(archive, key, owner);
        long[] want = Tensors.shape(target);
        long[] got = Tensors.shape(stored);
        if (!Arrays.equals(want, got)) {
            throw new IllegalArgumentException("checkpoint entry '" + key + "' of the " + owner + " has shape "
                    + Arrays.toString(got) + " but this " + owner + " needs " + Arrays.toString(want));
        }
        try (NoGradGuard g = new NoGradGuard()) {
            target.copy_(stored);
        }
    }

    /** The child archive {@code key}, or a clear error if the checkpoint lacks it. */
    public static InputArchive child(InputArchive archive, String key, String owner) {
        InputArchive child = new InputArchive();
        if (!archive.try_read(key, child)) {
            throw new IllegalArgumentException("checkpoint has no '" + key + "' section for the " + owner);
        }
        return child;
    }

    /**
     * The tensor stored under {@code key}, with its stored dtype and shape.
     *
     * @param owner what the entry belongs to, for the error message
     * @throws IllegalArgumentException naming the key and the owner when the entry is missing
     */
    public static Tensor readTensor(InputArchive archive, String key, String owner) {
        Tensor t = new Tensor();
        if (!archive.try_read(key, t)) {
            throw new IllegalArgumentException("checkpoint has no entry '" + key + "' for the " + owner);
        }
        return t;
    }

    /**
     * The tensor at a dotted path through nested archives ("scorer.update.momentum": section
     * "scorer", section "update", entry "momentum").
     *
     * @throws IllegalArgumentException naming the path when a section or the entry is missing
     */
    public static Tensor readPath(InputArchive archive, String path, String owner) {
        String[] parts = path.split("\\.");
        InputArchive at = archive;
        for (int i = 0; i < parts.length - 1; i++) at = child(at, parts[i], owner + " ('" + path + "')");
        return readTensor(at, parts[parts.length - 1], owner + " ('" + path + "')");
    }

    /**
     * A copy of {@code archive} (every tensor, through every nested section) in which each tensor
     * is what {@code replace} returns for its dotted path and stored value (the stored value itself
     * to keep it). Entries that are neither tensors nor sections are not copied.
     */
    public static OutputArchive rewrite(InputArchive archive, BiFunction<String, Tensor, Tensor> replace) {
        return rewrite(archive, "", replace);
    }

    private static OutputArchive rewrite(InputArchive archive, String prefix, BiFunction<String, Tensor, Tensor> replace) {
        OutputArchive out = new OutputArchive();
        var keys = archive.keys();
        for (long i = 0; i < keys.size(); i++) {
            String key = keys.get(i).getString();
            Tensor t = new Tensor();
            if (archive.try_read(key, t)) {
                out.write(key, replace.apply(prefix + key, t));
                continue;
            }
            InputArchive section = new InputArchive();
            if (archive.try_read(key, section)) out.write(key, rewrite(section, prefix + key + ".", replace));
        }
        return out;
    }

    /** What {@code out} holds, readable as an input archive (through a temporary file that is deleted again). */
    public static InputArchive reopen(OutputArchive out) {
        try {
            Path tmp = Files.createTempFile("protoface-archive", ".pt");
            try {
                out.save_to(tmp.toString());
                InputArchive in = new InputArchive();
                in.load_from(tmp.toString());
                return in;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage a checkpoint section in the temporary folder: " + e.getMessage(), e);
        }
    }
}
