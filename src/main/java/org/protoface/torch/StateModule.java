package org.protoface.torch;

import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.StringSharedModuleDict;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A libtorch module whose persistent state is its registered parameters and buffers, so saving,
 * loading and placing it on a device are the same for every head (and anything else with state).
 * The handles {@link #parameter} and {@link #buffer} return share the module's tensors and stay
 * valid whatever {@link TensorScope} is open, for as long as the module lives.
 *
 * <p>State kept on the Java side for speed (label maps, eviction orders, a running average) is
 * mirrored into fixed-shape buffers: {@link #writeBuffers} before a save, {@link #readBuffers} after
 * a load (which also validates it). {@link #saveState} and {@link #loadState} do that for the whole
 * tree of state modules registered with {@link #child}.
 */
public abstract class StateModule extends Module {
    private final List<StateModule> stateChildren = new ArrayList<>();

    /** Registers a trainable parameter (requires grad); returns a handle to the same tensor. */
    protected final Tensor parameter(String name, Tensor value) {
        value.set_requires_grad(true);
        register_parameter(name, value, true);
        return longLived(value);
    }

    /** Registers a buffer (state without gradient); returns a handle to the same tensor. */
    protected final Tensor buffer(String name, Tensor value) {
        register_buffer(name, value);
        return longLived(value);
    }

    /**
     * Keeps our handle to a registered tensor valid for the module's lifetime. libtorch returns a
     * reference into the module's table of tensors, which moves when the table grows, so that
     * reference must not be kept; our own handle points at the same tensor (load and device moves
     * change the tensor in place, so it sees them). One extra reference keeps it alive past any
     * scope open around the constructor; the handle is small and lives as long as the module.
     */
    private static Tensor longLived(Tensor handle) {
        handle.retainReference();
        return handle;
    }

    /** Registers a sub-module; state modules among them are saved and loaded with this one. */
    protected final <M extends Module> M child(String name, M module) {
        register_module(name, module);
        if (module instanceof StateModule s) stateChildren.add(s);
        return module;
    }

    /** Copies Java-side state into its buffers; called before saving. Nothing by default. */
    protected void writeBuffers() {}

    /**
     * Reads Java-side state back from the buffers just loaded, validating it.
     *
     * @throws IllegalArgumentException naming the buffer and what is wrong with it
     */
    protected void readBuffers() {}

    /** Writes the whole tree (parameters, buffers, sub-modules) into {@code archive}. */
    public final void saveState(OutputArchive archive) {
        writeTree();
        save(archive);
    }

    /**
     * Restores the whole tree from {@code archive}. Every tensor must have the shape and type this
     * module was built with (libtorch's own load would silently take another shape).
     *
     * @param owner names the state in errors, e.g. "prototype memory head"
     * @throws IllegalArgumentException naming the missing or mismatched entry
     */
    public final void loadState(InputArchive archive, String owner) {
        // checked before anything is overwritten: libtorch's load would take any shape and leave a
        // half-loaded module behind on a missing entry
        checkArchive(this, archive, "", owner);
        try {
            load(archive);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("checkpoint of the " + owner + " does not match it: "
                    + NativeErrors.firstLine(e.getMessage(), "load failed"), e);
        }
        readTree();
    }

    /** Every parameter, buffer and sub-module of {@code m} is in {@code archive} with m's shape and type. */
    private static void checkArchive(Module m, InputArchive archive, String prefix, String owner) {
        for (StringTensorDict dict : List.of(m.named_parameters(false), m.named_buffers(false))) {
            StringVector keys = dict.keys();
            for (long i = 0; i < keys.size(); i++) {
                String name = keys.get(i).getString();
                Tensor stored = new Tensor();
                if (!archive.try_read(name, stored)) {
                    throw new IllegalArgumentException("checkpoint of the " + owner + " has no entry '" + prefix + name + "'");
                }
                String want = signature(dict.get(name)), got = signature(stored);
                if (!want.equals(got)) {
                    throw new IllegalArgumentException("checkpoint entry '" + prefix + name + "' of the " + owner + " is " + got
                            + " but this " + owner + " needs " + want);
                }
            }
        }
        StringSharedModuleDict children = m.named_children();
        StringVector names = children.keys();
        for (long i = 0; i < names.size(); i++) {
            String name = names.get(i).getString();
            InputArchive child = new InputArchive();
            if (!archive.try_read(name, child)) {
                throw new IllegalArgumentException("checkpoint of the " + owner + " has no '" + prefix + name + "' section");
            }
            checkArchive(children.get(name), child, prefix + name + ".", owner);
        }
    }

    private static String signature(Tensor t) {
        return Tensors.dtypeName(t) + " " + Arrays.toString(Tensors.shape(t));
    }

    private void writeTree() {
        writeBuffers();
        for (StateModule c : stateChildren) c.writeTree();
    }

    private void readTree() {
        for (StateModule c : stateChildren) c.readTree();
        readBuffers();
    }
}
