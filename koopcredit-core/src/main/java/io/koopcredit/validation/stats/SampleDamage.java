package io.koopcredit.validation.stats;

/**
 * A modified network measured sample by sample against {@link HeldOutScore}: whether each held-out
 * prediction is right, and the relative change of each output, {@code ‖z′ − z‖ / ‖z‖} (undefined for a
 * sample whose unmodified output is zero). Averages are over all samples or over a resample of them.
 */
public final class SampleDamage {
    private final boolean[] correct;
    private final double[] change;
    private final boolean finite;
    private final HeldOutScore reference;

    SampleDamage(boolean[] correct, double[] change, boolean finite, HeldOutScore reference) {
        this.correct = correct;
        this.change = change;
        this.finite = finite;
        this.reference = reference;
    }

    /** @return false if some relative change is not finite (the modified network overflowed) */
    public boolean finite() {
        return finite;
    }

    /**
     * @param samples sample indices, repeats allowed, or null for all samples; not modified
     * @return the modified network's score over them
     */
    public double score(int[] samples) {
        return HeldOutScore.fraction(correct, samples);
    }

    /**
     * @param samples sample indices, repeats allowed, or null for all samples; not modified
     * @return the drop of the score against the unmodified network over the same samples (positive: worse)
     */
    public double scoreDrop(int[] samples) {
        // Counted as whole samples, so equal drops are exactly equal doubles.
        int n = samples == null ? correct.length : samples.length;
        int drop = 0;
        for (int k = 0; k < n; k++) {
            int j = samples == null ? k : samples[k];
            drop += (reference.baselineCorrect(j) ? 1 : 0) - (correct[j] ? 1 : 0);
        }
        return (double) drop / n;
    }

    /**
     * @param samples sample indices, repeats allowed, or null for all samples; not modified
     * @return the mean relative output change over those of them with a non-zero unmodified output, or null
     *     when there is none or a change is not finite
     */
    public Double outputChange(int[] samples) {
        if (!finite) {
            return null;
        }
        int n = samples == null ? change.length : samples.length;
        double sum = 0;
        int used = 0;
        for (int k = 0; k < n; k++) {
            double c = change[samples == null ? k : samples[k]];
            if (!Double.isNaN(c)) {
                sum += c;
                used++;
            }
        }
        return used == 0 ? null : sum / used;
    }

    /** @return how many samples have a non-zero unmodified output (over which the change is averaged) */
    public int changeSamples() {
        int used = 0;
        for (double c : change) {
            used += Double.isNaN(c) ? 0 : 1;
        }
        return used;
    }

    /**
     * @param measure a damage measure
     * @param samples sample indices, repeats allowed, or null for all samples; not modified
     * @return the damage by that measure, or null where undefined
     */
    public Double damage(DamageMeasure measure, int[] samples) {
        return measure == DamageMeasure.SCORE_DROP ? (Double) scoreDrop(samples) : outputChange(samples);
    }
}
