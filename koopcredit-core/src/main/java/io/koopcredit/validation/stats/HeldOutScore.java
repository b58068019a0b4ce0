package io.koopcredit.validation.stats;

import io.koopcredit.linalg.Vectors;
import java.util.Objects;

/**
 * What the checks measure a modified network against: the unmodified network's outputs on the held-out
 * samples, and its score there (accuracy on the labels, or, without labels, agreement with its own
 * predictions, which is 1). {@link #damage} measures a modified network's outputs sample by sample, so
 * that a check can average them over all samples or over a bootstrap resample.
 */
public final class HeldOutScore {
    private final double[] z;
    private final int count;
    private final int classes;
    private final int[] targets;
    private final boolean[] baseline;
    private final ScoreKind kind;

    private HeldOutScore(double[] z, int count, int classes, int[] targets, ScoreKind kind) {
        this.z = z;
        this.count = count;
        this.classes = classes;
        this.targets = targets;
        this.kind = kind;
        this.baseline = correct(z);
    }

    /**
     * @param outputs the unmodified network's outputs, {@code count * classes} values (shared: not modified)
     * @param count held-out samples, at least 1
     * @param labels their labels, or null (then the score is agreement with the unmodified predictions); not
     *     modified
     * @return the reference
     */
    public static HeldOutScore of(double[] outputs, int count, int[] labels) {
        Objects.requireNonNull(outputs, "outputs");
        if (count < 1 || outputs.length % count != 0 || outputs.length == 0) {
            throw new IllegalArgumentException(outputs.length + " outputs for " + count + " samples");
        }
        int classes = outputs.length / count;
        if (labels != null && labels.length != count) {
            throw new IllegalArgumentException(labels.length + " labels for " + count + " samples");
        }
        int[] predictions = new int[count];
        for (int j = 0; j < count; j++) {
            predictions[j] = Vectors.argmax(outputs, j * classes, classes);
        }
        return new HeldOutScore(outputs, count, classes, labels == null ? predictions : labels.clone(),
                labels == null ? ScoreKind.AGREEMENT : ScoreKind.ACCURACY);
    }

    /** @return what the score is */
    public ScoreKind kind() {
        return kind;
    }

    /** @return held-out samples */
    public int count() {
        return count;
    }

    /** @return the unmodified network's score over all samples */
    public double baseline() {
        return fraction(baseline, null);
    }

    /**
     * @param samples sample indices, repeats allowed (a bootstrap resample), or null for all samples in order;
     *     not modified
     * @return the unmodified network's score over them
     */
    public double baseline(int[] samples) {
        return fraction(baseline, samples);
    }

    /**
     * Measures a modified network's outputs sample by sample.
     *
     * @param outputs {@code count * classes} values of the modified network; not modified
     * @return per sample: whether its prediction is right, and {@code ‖z′ − z‖ / ‖z‖}
     */
    public SampleDamage damage(double[] outputs) {
        if (outputs.length != z.length) {
            throw new IllegalArgumentException("expected " + z.length + " outputs, found " + outputs.length);
        }
        double[] change = new double[count];
        double[] diff = new double[classes];
        boolean finite = true;
        for (int j = 0; j < count; j++) {
            double norm = Vectors.norm(z, j * classes, (j + 1) * classes);
            if (norm == 0) {
                change[j] = Double.NaN;
                continue;
            }
            for (int c = 0; c < classes; c++) {
                diff[c] = outputs[j * classes + c] - z[j * classes + c];
            }
            change[j] = Vectors.norm(diff) / norm;
            finite &= Double.isFinite(change[j]);
        }
        return new SampleDamage(correct(outputs), change, finite, this);
    }

    private boolean[] correct(double[] outputs) {
        boolean[] right = new boolean[count];
        for (int j = 0; j < count; j++) {
            right[j] = Vectors.argmax(outputs, j * classes, classes) == targets[j];
        }
        return right;
    }

    /** @return whether the unmodified network's prediction of sample j is right */
    boolean baselineCorrect(int j) {
        return baseline[j];
    }

    static double fraction(boolean[] flags, int[] samples) {
        int n = samples == null ? flags.length : samples.length;
        int right = 0;
        for (int k = 0; k < n; k++) {
            right += flags[samples == null ? k : samples[k]] ? 1 : 0;
        }
        return (double) right / n;
    }
}
