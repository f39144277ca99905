package org.protoface.lab.throughput;

import org.protoface.train.StepTimer;
import org.protoface.train.StepTimer.StepPart;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time of each part of the training steps taken while recording ({@link StepPart}), from the
 * marks {@code TrainStep} reports. CPU only: on CUDA the marks would time kernel launches.
 */
final class StepProfile implements StepTimer {
    private final EnumMap<StepPart, Long> nanos = new EnumMap<>(StepPart.class);
    private long last;
    private boolean recording;
    private int steps;

    /** Counts the steps that start from now on. */
    void startRecording() {
        recording = true;
    }

    @Override
    public void mark(StepPart part) {
        long now = System.nanoTime();
        if (part == StepPart.START) {
            if (recording) steps++;
        } else if (recording) {
            nanos.merge(part, now - last, Long::sum);
        }
        last = now;
    }

    int steps() {
        return steps;
    }

    /** Milliseconds per step of each part that took any time, in step order. */
    Map<String, Double> millisPerStep() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Map.Entry<StepPart, Long> e : nanos.entrySet()) {
            m.put(e.getKey().name().toLowerCase(java.util.Locale.ROOT), steps == 0 ? 0.0 : e.getValue() / 1e6 / steps);
        }
        return m;
    }

    /** Sum of all parts, seconds per step. */
    double secondsPerStep() {
        long total = 0;
        for (long n : nanos.values()) total += n;
        return steps == 0 ? 0 : total / 1e9 / steps;
    }
}
