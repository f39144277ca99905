package org.protoface.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.function.Supplier;

/**
 * Java heap bytes an object graph keeps alive, measured as the heap in use after full collections
 * with and without it. Precise to a few hundred KB (other threads allocate little in a test JVM),
 * so measure graphs of several MB and compare per element.
 */
public final class RetainedHeap {
    private RetainedHeap() {}

    /** Heap bytes still reachable from what {@code build} returns, once it has run. */
    public static long of(Supplier<Object> build) {
        long before = usedAfterGc();
        Object kept = build.get();
        long after = usedAfterGc();
        Reference.reachabilityFence(kept);
        return after - before;
    }

    private static long usedAfterGc() {
        MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) System.gc();
        return heap.getHeapMemoryUsage().getUsed();
    }
}
