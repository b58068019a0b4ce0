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
        int classes = weights.classes();
        int size = inputs.length / count;
        double[] overall = new double[size];
        int[] counts = new int[classes];
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < size; i++) {
                overall[i] += inputs[j * size + i];
            }
            int c = labels[j];
            if (c >= 0 && c < classes) {
                counts[c]++;
            }
        }
        // The samples of each class in their order, so that one class's sum is formed at a time (memory of
        // one input, not classes × inputs: 1000 ImageNet classes would take 1.2 GB) in the same order as
        // summing all classes in one pass.
        int[][] members = new int[classes][];
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
        Double[] corr = new Double[classes];
        double[] classSum = new double[size];
        double[] template = new double[size];
        // The weights a tile of classes at a time (the computed form never holds them all).
        weights.forEachTile((from, rows) -> {
            for (int i = 0; i < rows.length; i++) {
                int c = from + i;
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
        });
        double sum = 0;
        int used = 0;
        for (Double r : corr) {
            if (r != null) {
                sum += r;
                used++;
            }
        }
        return new TemplateAgreement(corr, used == 0 ? null : sum / used, count);
    }
}
