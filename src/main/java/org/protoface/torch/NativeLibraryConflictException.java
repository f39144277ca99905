package org.protoface.torch;

/**
 * Another build of a library ProtoFace bundles (libtorch, OpenBLAS, their runtimes) was mapped
 * into the process next to the bundled copy, typically through {@code LD_PRELOAD}. Two builds of
 * one library in a process crash or compute wrong results, so {@link Torch#init()} stops; the
 * message names both files.
 */
public final class NativeLibraryConflictException extends RuntimeException {
    /** @param message names the conflicting native libraries and what to do about it */
    public NativeLibraryConflictException(String message) {
        super(message);
    }
}
