package org.protoface.head.memory;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.protoface.torch.Tensors;

import static org.bytedeco.pytorch.global.torch.ScalarType;
import static org.bytedeco.pytorch.global.torch.empty;

/**
 * int64 fields of the memory checkpoints. Empty arrays are legal here (an empty memory, no free
 * slot), which Tensors.ofLongs cannot express because an empty tensor has no data pointer.
 * Missing or unreadable fields fail with the section and field named.
 */
final class ArchiveFields {
    private ArchiveFields() {}

    static void writeLongs(OutputArchive archive, String key, long[] values, long... shape) {
        Tensor t = values.length == 0
                ? empty(shape.length == 0 ? new long[] {0} : shape, new TensorOptions(ScalarType.Long), null)
                : shape.length == 0 ? Tensors.ofLongs(values) : Tensors.ofLongs(values, shape);
        archive.write(key, t);
    }

    static Tensor read(InputArchive archive, String section, String key) {
        Tensor t = new Tensor();
        boolean found;
        try {
            found = archive.try_read(key, t);
        } catch (RuntimeException e) {
            throw corrupt(section, key, "unreadable (" + e.getMessage() + ")");
        }
        if (!found) throw corrupt(section, key, "missing");
        return t;
    }

    static long[] readLongs(InputArchive archive, String section, String key) {
        return Tensors.longs(read(archive, section, key));
    }

    static IllegalStateException corrupt(String section, String key, String detail) {
        return new IllegalStateException(section + " checkpoint, field '" + key + "': " + detail);
    }
}
