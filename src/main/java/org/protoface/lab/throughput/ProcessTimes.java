package org.protoface.lab.throughput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's CPU times and page faults from {@code /proc/self/stat} (Linux): user and system
 * seconds over all threads, and minor page faults. On a machine shared with other jobs, CPU
 * seconds say what a step costs whatever the wall clock does; system time and page faults show
 * memory being mapped and zeroed by the kernel (large tensors allocated afresh every step).
 *
 * @param userSeconds   CPU time in user mode, all threads
 * @param systemSeconds CPU time in the kernel on this process's behalf
 * @param minorFaults   page faults served without I/O (first touch of fresh memory)
 */
public record ProcessTimes(double userSeconds, double systemSeconds, long minorFaults) {
    /** Linux's USER_HZ, the unit of the stat file's times, on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** Now; all zeros where /proc is unavailable (not Linux). */
    public static ProcessTimes now() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the command name (field 2) may contain spaces and parentheses: fields restart after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return new ProcessTimes(Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND,
                    Long.parseLong(f[7]));
        } catch (IOException | RuntimeException e) {
            return new ProcessTimes(0, 0, 0);
        }
    }

    /** What happened between {@code earlier} and this. */
    public ProcessTimes since(ProcessTimes earlier) {
        return new ProcessTimes(userSeconds - earlier.userSeconds, systemSeconds - earlier.systemSeconds, minorFaults - earlier.minorFaults);
    }
}
