package org.protoface.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.protoface.util.AtomicFiles;
import org.protoface.util.OutputWriteException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** File system failures become one line: which file, why, what to do; never only a path or a temporary name. */
class FileSystemMessagesTest {
    @TempDir
    Path dir;

    @Test
    void atomicWritesReportTheTargetNotTheTemporarySibling() throws Exception {
        Path blocker = Files.writeString(dir.resolve("det.png"), "x");
        Path target = blocker.resolve("x.onnx");
        OutputWriteException e = catchThrowableOfType(() -> AtomicFiles.writeString(target, "model"), OutputWriteException.class);
        assertThat(e.target()).isEqualTo(target);
        assertThat(FileSystemMessages.of(e)).isEqualTo("cannot write " + target + ": " + blocker + " is a file, not a folder; choose an output path inside a folder");
    }

    @Test
    void eachReasonIsNamedWithWhatToDo() {
        Path target = dir.resolve("out/x.npy");
        Path tmp = dir.resolve("out/.x.npy.1-1.tmp");
        assertThat(FileSystemMessages.output(target, new AccessDeniedException(tmp.toString())))
                .isEqualTo("cannot write " + target + ": permission denied in " + dir + "; choose a folder you can write to");
        assertThat(FileSystemMessages.output(target, new FileSystemException(tmp.toString(), null, "Read-only file system")))
                .isEqualTo("cannot write " + target + ": read-only file system; choose a folder on a writable disk");
        assertThat(FileSystemMessages.output(target, new FileSystemException(tmp.toString(), null, "No space left on device")))
                .isEqualTo("cannot write " + target + ": the disk is full; free some space or choose another disk");
        assertThat(FileSystemMessages.of(new NoSuchFileException(dir.resolve("nowhere/photo.jpg").toString())))
                .isEqualTo(dir.resolve("nowhere/photo.jpg") + ": no such folder " + dir.resolve("nowhere") + "; check the path");
        assertThat(FileSystemMessages.of(new AccessDeniedException("/root/secret.jpg")))
                .isEqualTo("/root/secret.jpg: permission denied; check its permissions or choose another path");
    }

    @Test
    void aWrappedIOExceptionIsReportedByItsMessageWithoutItsClassName() {
        assertThat(FileSystemMessages.of(new UncheckedIOException(new IOException("empty: no gallery here"))))
                .isEqualTo("empty: no gallery here");
    }
}
