package org.protoface.head.sampled;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How many negative centres a sampled scorer draws each step, besides the batch's own classes.
 * The only difference between Partial FC and D-Softmax-K's sampling: a fraction of all classes
 * versus a fixed count.
 */
public sealed interface NegativeSampling {

    /** Negatives to draw when the batch holds {@code positives} distinct classes out of {@code numClasses}. */
    int negatives(long numClasses, int positives);

    /** Name of the method in messages, e.g. "partial fc". */
    String methodName();

    /** One-line description for logs. */
    String describe(long numClasses, int dim);

    /**
     * The sampling of one rank that holds {@code blockClasses} of the {@code numClasses} classes:
     * a rate stays the rate (ceil(r C) rows of the block, as insightface's Partial FC samples per
     * GPU); a count is shared in proportion, ceil(K C / N), so the ranks draw about K together.
     */
    default NegativeSampling forBlock(long blockClasses, long numClasses) {
        return this;
    }

    /**
     * Partial FC's sampling (An et al., arXiv 2010.05222; CVPR 2022): ceil(r x N) rows per step.
     *
     * @param sampleRate r, in [0, 1]
     * @throws IllegalArgumentException when r is outside [0, 1] or NaN
     */
    static NegativeSampling rate(double sampleRate) {
        return new Rate(sampleRate);
    }

    /**
     * D-Softmax-K's sampling (He et al., "Softmax Dissection", AAAI 2020): K uniformly drawn negatives per step.
     *
     * @param negatives K, at least 0
     * @throws IllegalArgumentException when K is negative
     */
    static NegativeSampling count(int negatives) {
        return new Count(negatives);
    }

    /**
     * Partial FC: ceil(r x N) rows in total, the batch's classes first, the rest uniformly drawn
     * negatives. r = 1 gives the full softmax; r = 0 keeps only the batch's classes. When the batch
     * alone has more than ceil(r x N) classes, all of them are kept and no negative is drawn.
     */
    record Rate(double rate) implements NegativeSampling {
        public Rate {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("partial fc sample_rate must be in [0, 1], got " + rate);
            }
        }

        /**
         * ceil(r x N), with r read as the decimal the user wrote (0.3 x 10 is 3 rows, not the
         * 4 that binary floating point would give).
         */
        public long rowsPerStep(long numClasses) {
            return new BigDecimal(Double.toString(rate)).multiply(BigDecimal.valueOf(numClasses))
                    .setScale(0, RoundingMode.CEILING).longValueExact();
        }

        @Override
        public int negatives(long numClasses, int positives) {
            long wanted = rowsPerStep(numClasses) - positives;
            return (int) Math.max(0, Math.min(wanted, numClasses - positives));
        }

        @Override
        public String methodName() {
            return "partial fc";
        }

        @Override
        public String describe(long numClasses, int dim) {
            String r = new BigDecimal(Double.toString(rate)).stripTrailingZeros().toPlainString();
            return "partial fc N=" + numClasses + " d=" + dim + " r=" + r + " (" + rowsPerStep(numClasses) + " rows/step)";
        }
    }

    /** D-Softmax-K: K uniformly drawn negatives (all other classes if fewer than K remain). */
    record Count(int count) implements NegativeSampling {
        public Count {
            if (count < 0) throw new IllegalArgumentException("d-softmax-k negatives must be >= 0, got " + count);
        }

        @Override
        public int negatives(long numClasses, int positives) {
            return (int) Math.min(count, numClasses - positives);
        }

        @Override
        public String methodName() {
            return "d-softmax-k";
        }

        @Override
        public String describe(long numClasses, int dim) {
            return "d-softmax-k N=" + numClasses + " K=" + count;
        }

        @Override
        public NegativeSampling forBlock(long blockClasses, long numClasses) {
            if (blockClasses == numClasses) return this;
            return new Count((int) Math.min(count, (count * blockClasses + numClasses - 1) / numClasses));
        }
    }
}
