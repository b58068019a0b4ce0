package io.koopcredit.credit;

import io.koopcredit.stats.Statistics;
import java.util.OptionalDouble;

/**
 * Do the feature-weight maps show the digits' main pixels (the paper, Section IV.B: "the main feature
 * pixels are captured by the weight")? Measured, per class c, as the Pearson correlation across input
 * positions between the weight map of c and the class's discriminative template: the mean held-out input
 * of class c minus the mean of all held-out inputs. 1 means the map is that template up to scale; 0 means
 * no linear relation; negative means inverted.
 *
 * @param perClass correlation for each class (null where a class has no held-out sample or a map or
 *     template is constant) (owned: do not modify)
 * @param mean the mean over the classes that have a value, or null if none has
 * @param samples labelled held-out samples used
 */
public record TemplateAgreement(Double[] perClass, Double mean, int samples) {

    /** Validates that values are finite correlations. */
    public TemplateAgreement {
        for (Double d : perClass) {
            if (d != null && !(d >= -1.0 - 1e-9 && d <= 1.0 + 1e-9)) {
                throw new IllegalArgumentException("a correlation must lie in [-1, 1], found " + d);
            }
        }
    }

    /**
     * @param weights the feature weights (one row per class)
     * @param inputs {@code count} held-out network inputs, sample after sample; not modified
     * @param labels their labels; not modified
     * @param count number of samples
     * @return the agreement of each class's map with its template
     */
    public static TemplateAgreement of(FeatureWeights weights, float[] inputs, int[] labels, int count) {
        Tally tally = tally(weights.classes(), inputs, labels, count);
        // The weights a tile of classes at a time (the computed form never holds them all).
        weights.forEachTile(tally);
        return tally.result();
    }

    /**
     * The agreement computed as the weights' rows go by, for a reader that makes one pass over computed
     * rows for several purposes ({@link FeatureWeights#computed(int[], int, int, FeatureWeights.Rows,
     * FeatureWeights.TileConsumer)}): the same numbers as {@link #of}, without a pass of its own.
     *
     * @param classes rows of the weights
     * @param inputs {@code count} held-out network inputs, sample after sample; kept, not modified
     * @param labels their labels; kept, not modified
     * @param count number of samples
     * @return a consumer of the weights' tiles; {@link Tally#result()} once every class went by
     */
    public static Tally tally(int classes, float[] inputs, int[] labels, int count) {
        return new Tally(classes, inputs, labels, count);
    }

    /** Per-class correlations, filled tile by tile. Not thread-safe. */
    public static final class Tally implements FeatureWeights.TileConsumer {
        private final float[] inputs;
        private final int count;
        private final int size;
        private final double[] overall;
        private final int[] counts;
        private final int[][] members;
        private final Double[] corr;
        private final boolean[] seen;
        private final double[] classSum;
        private final double[] template;

        private Tally(int classes, float[] inputs, int[] labels, int count) {
            if (classes < 1 || count < 1 || inputs.length % count != 0 || labels.length < count) {
                throw new IllegalArgumentException("template agreement needs classes >= 1 and " + count
                        + " labelled samples, found " + classes + " classes, " + inputs.length + " input values and "
                        + labels.length + " labels");
            }
            this.inputs = inputs;
            this.count = count;
            this.size = inputs.length / count;
            this.overall = new double[size];
            this.counts = new int[classes];
            for (int j = 0; j < count; j++) {
                for (int i = 0; i < size; i++) {
                    overall[i] += inputs[j * size + i];
                }
                int c = labels[j];
                if (c >= 0 && c < classes) {
                    counts[c]++;
                }
            }
            // The samples of each class in their order, so that one class's sum is formed at a time (memory
            // of one input, not classes × inputs: 1000 ImageNet classes would take 1.2 GB) in the same order
            // as summing all classes in one pass.
            this.members = new int[classes][];
            int[] filled = new int[classes];
            for (int c = 0; c < classes; c++) {
                members[c] = new int[counts[c]];
            }
            for (int j = 0; j < count; j++) {
                int c = labels[j];
                if (c >= 0 && c < classes) {
                    members[c][filled[c]++] = j;
                }
            }
            this.corr = new Double[classes];
            this.seen = new boolean[classes];
            this.classSum = new double[size];
            this.template = new double[size];
        }

        @Override
        public void accept(int from, double[][] rows) {
            for (int i = 0; i < rows.length; i++) {
                int c = from + i;
                seen[c] = true;
                if (counts[c] == 0) {
                    continue;
                }
                java.util.Arrays.fill(classSum, 0.0);
                for (int j : members[c]) {
                    for (int k = 0; k < size; k++) {
                        classSum[k] += inputs[j * size + k];
                    }
                }
                for (int k = 0; k < size; k++) {
                    template[k] = classSum[k] / counts[c] - overall[k] / count;
                }
                OptionalDouble p = Statistics.pearson(rows[i], template);
                corr[c] = p.isPresent() ? p.getAsDouble() : null;
            }
        }

        /**
         * @return the agreement
         * @throws IllegalStateException if some class's row has not gone by
         */
        public TemplateAgreement result() {
            for (int c = 0; c < seen.length; c++) {
                if (!seen[c]) {
                    throw new IllegalStateException("the template agreement has not seen the weights of class " + c);
                }
            }
            double sum = 0;
            int used = 0;
            for (Double r : corr) {
                if (r != null) {
                    sum += r;
                    used++;
                }
            }
            return new TemplateAgreement(corr.clone(), used == 0 ? null : sum / used, count);
        }
    }
}
