package org.protoface.lab.heads;

/** Runs one (head, N) case of the scale benchmark and returns its row. */
@FunctionalInterface
public interface CaseRunner {
    /**
     * Runs one (head, N) case of the benchmark with {@code settings} and returns its row (also for cases that do
     * not fit).
     */
    CaseResult run(HeadCase head, long classes, HeadBenchSettings settings);

    /** In this process: quick, but peak RSS is then the whole process's and cases pollute each other. */
    CaseRunner IN_PROCESS = HeadStepBenchmark::run;
}
