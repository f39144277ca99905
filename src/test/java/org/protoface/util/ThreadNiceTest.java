package org.protoface.util;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThreadNiceTest {
    /** Nice value of a thread read independently of the code under test: `ps` by thread id. */
    private static int psNice(long tid) throws Exception {
        Process p = new ProcessBuilder("ps", "-L", "-o", "lwp=,nice=", "-p", Long.toString(ProcessHandle.current().pid())).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        for (String line : out.strip().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (Long.parseLong(f[0]) == tid) return Integer.parseInt(f[1]);
        }
        throw new AssertionError("thread " + tid + " not in ps output:\n" + out);
    }

    @Test
    void onlyTheCallingThreadGetsTheLowerPriorityCappedAtNineteen() throws Exception {
        long mainTid = ThreadNice.currentThreadId();
        int mainBefore = psNice(mainTid);
        AtomicReference<long[]> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                long tid = ThreadNice.currentThreadId();
                int before = psNice(tid);
                boolean first = ThreadNice.lowerCurrentThread(5);
                int afterFive = psNice(tid);
                boolean second = ThreadNice.lowerCurrentThread(19);
                seen.set(new long[] {tid, before, first ? 1 : 0, afterFive, second ? 1 : 0, psNice(tid)});
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        t.join();
        long[] s = seen.get();
        assertThat(s[0]).as("a thread of its own").isNotEqualTo(mainTid);
        assertThat(s[2]).isEqualTo(1);
        assertThat(s[3]).isEqualTo(Math.min(19, s[1] + 5));
        assertThat(s[4]).isEqualTo(1);
        assertThat(s[5]).as("added again, capped at the lowest priority").isEqualTo(19);
        assertThat(psNice(mainTid)).as("the caller's own thread is untouched").isEqualTo(mainBefore);
        assertThat(Files.isSymbolicLink(Path.of("/proc/thread-self"))).isTrue();
    }

    @Test
    void zeroChangesNothingAndOutOfRangeIsRefused() throws Exception {
        long tid = ThreadNice.currentThreadId();
        int before = psNice(tid);
        assertThat(ThreadNice.lowerCurrentThread(0)).isTrue();
        assertThat(psNice(tid)).isEqualTo(before);
        assertThatThrownBy(() -> ThreadNice.lowerCurrentThread(20)).hasMessage("nice increment must be 0-19, got 20");
        assertThatThrownBy(() -> ThreadNice.lowerCurrentThread(-1)).hasMessage("nice increment must be 0-19, got -1");
    }
}
