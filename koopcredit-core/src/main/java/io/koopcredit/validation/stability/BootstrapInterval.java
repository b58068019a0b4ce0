package io.koopcredit.validation.stability;

/**
 * A percentile bootstrap confidence interval of one block's log credit: the trial operators of one run
 * resampled with replacement, the mean operator and its credit recomputed per resample.
 *
 * <p>Read it with the T sweep in mind: a resample averages only about 63% distinct trials, and the log
 * credit of a mean operator drifts with the number of distinct trials averaged
 * ({@link TrialPoint#meanLogCredits()}), so the interval can sit off-centre around the run's credit. It
 * measures how much the credit depends on which alignments were drawn, not an unbiased error bar.
 *
 * @param resamples resamples drawn
 * @param withCredit resamples whose mean operator had a credit (the interval is over these)
 * @param level the confidence level, e.g. 0.95
 * @param lower the (1 − level)/2 percentile
 * @param median the 50th percentile
 * @param upper the (1 + level)/2 percentile
 * @param estimate the log credit of the mean of all T trials (the run's own credit), computed the same way
 *     as the resamples', or null if that mean has no credit
 */
public record BootstrapInterval(int resamples, int withCredit, double level, double lower, double median,
                                double upper, Double estimate) {
    /** Fewest resamples with a credit that make an interval (fewer: no interval, and a note says why). */
    public static final int MIN_RESAMPLES = 20;

    /**
     * Validates the values.
     *
     * @param resamples the record's {@code resamples}
     * @param withCredit the record's {@code withCredit}
     * @param level the record's {@code level}
     * @param lower the record's {@code lower}
     * @param median the record's {@code median}
     * @param upper the record's {@code upper}
     * @param estimate the record's {@code estimate}
     */
    public BootstrapInterval {
        if (resamples < 1 || withCredit < 1 || withCredit > resamples || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("bootstrap: " + withCredit + " of " + resamples + " resamples, level "
                    + level);
        }
        if (!Double.isFinite(lower) || !Double.isFinite(median) || !Double.isFinite(upper) || lower > median
                || median > upper) {
            throw new IllegalArgumentException("bootstrap percentiles must be finite and ordered, found " + lower
                    + ", " + median + ", " + upper);
        }
        if (estimate != null && !Double.isFinite(estimate)) {
            throw new IllegalArgumentException("bootstrap estimate must be finite, found " + estimate);
        }
    }

    /** @return whether the interval contains the run's own credit (false without one) */
    public boolean coversEstimate() {
        return estimate != null && lower <= estimate && estimate <= upper;
    }
}
