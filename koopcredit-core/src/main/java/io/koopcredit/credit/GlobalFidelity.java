package io.koopcredit.credit;

/**
 * How well the product of the block operators, K = K_m ⋯ K_1, stands in for the whole network on
 * held-out inputs.
 *
 * @param samples held-out samples compared
 * @param agreement fraction of samples where argmax(K·x) equals the network's prediction
 * @param networkAccuracy the network's accuracy on the labels (null without labels)
 * @param operatorAccuracy accuracy of argmax(K·x) on the labels (null without labels)
 * @param medianRelativeError median of ‖K·x − N(x)‖ / ‖N(x)‖ over the samples with a non-zero output
 *     (null if not finite, e.g. when the product operator overflows)
 */
public record GlobalFidelity(int samples, double agreement, Double networkAccuracy, Double operatorAccuracy,
                             Double medianRelativeError) {
    /** Validates that present values are finite. */
    public GlobalFidelity {
        if (!Double.isFinite(agreement) || (medianRelativeError != null && !Double.isFinite(medianRelativeError))) {
            throw new IllegalArgumentException("global fidelity values must be finite");
        }
    }

    /**
     * Accumulates the comparison chunk by chunk (samples in order), so that neither the predictions nor the
     * network's outputs need to be in memory at once.
     */
    static final class Tally {
        private final int classes;
        private final int[] labels;
        private final double[] errors;
        private int seen;
        private int used;
        private int agree;
        private int netCorrect;
        private int opCorrect;

        /**
         * @param samples samples that will be added
         * @param classes outputs per sample
         * @param labels their labels, or null
         */
        Tally(int samples, int classes, int[] labels) {
            this.classes = classes;
            this.labels = labels;
            this.errors = new double[samples];
        }

        /**
         * @param predicted the product's outputs for the next {@code count} samples, sample after sample
         * @param actual the network's outputs for them
         * @param count samples in the chunk
         */
        void add(double[] predicted, double[] actual, int count) {
            double[] diff = new double[classes];
            for (int jj = 0; jj < count; jj++) {
                int j = seen + jj;
                int p = io.koopcredit.linalg.Vectors.argmax(predicted, jj * classes, classes);
                int a = io.koopcredit.linalg.Vectors.argmax(actual, jj * classes, classes);
                agree += p >= 0 && p == a ? 1 : 0;
                if (labels != null) {
                    netCorrect += a == labels[j] ? 1 : 0;
                    opCorrect += p == labels[j] ? 1 : 0;
                }
                double truth = io.koopcredit.linalg.Vectors.norm(actual, jj * classes, (jj + 1) * classes);
                if (truth > 0) {
                    for (int k = 0; k < classes; k++) {
                        diff[k] = predicted[jj * classes + k] - actual[jj * classes + k];
                    }
                    errors[used++] = io.koopcredit.linalg.Vectors.norm(diff) / truth;
                }
            }
            seen += count;
        }

        /** @return the fidelity of the samples added */
        GlobalFidelity result() {
            int n = seen;
            double median = used == 0 ? 0.0 : io.koopcredit.stats.Statistics.median(java.util.Arrays.copyOf(errors,
                    used));
            return new GlobalFidelity(n, (double) agree / n, labels == null ? null : (double) netCorrect / n,
                    labels == null ? null : (double) opCorrect / n, Double.isFinite(median) ? median : null);
        }
    }
}
