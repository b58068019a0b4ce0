package io.koopcredit.validation.stats;

/**
 * Percentile bootstrap intervals of a rank agreement between a fixed ordering (credits, weight norms,
 * activations) and damages measured on held-out samples: the held-out samples are resampled with
 * replacement, every damage recomputed on the resample, and Spearman's ρ and Kendall's τ-b of the
 * resample taken; the interval is between the (1 − level)/2 and (1 + level)/2 quantiles (type 7) of the
 * resamples whose coefficients are defined. It says how much the agreement depends on which held-out
 * samples were drawn; the ordering itself is held fixed.
 *
 * @param resamples resamples drawn
 * @param defined resamples whose coefficients are defined (the interval is over these)
 * @param level the confidence level, e.g. 0.95
 * @param spearmanLower lower bound of ρ, or null
 * @param spearmanUpper upper bound of ρ, or null
 * @param kendallLower lower bound of τ-b, or null
 * @param kendallUpper upper bound of τ-b, or null
 * @param note why there is no interval (fewer than {@link #MIN_DEFINED} defined resamples), null with one
 */
public record CorrelationInterval(int resamples, int defined, double level, Double spearmanLower,
                                  Double spearmanUpper, Double kendallLower, Double kendallUpper, String note) {

    /** Fewest defined resamples that make an interval: below 20 the 2.5% and 97.5% quantiles are the extremes. */
    public static final int MIN_DEFINED = 20;

    /**
     * Validates.
     *
     * @param resamples the record's {@code resamples}
     * @param defined the record's {@code defined}
     * @param level the record's {@code level}
     * @param spearmanLower the record's {@code spearmanLower}
     * @param spearmanUpper the record's {@code spearmanUpper}
     * @param kendallLower the record's {@code kendallLower}
     * @param kendallUpper the record's {@code kendallUpper}
     * @param note the record's {@code note}
     */
    public CorrelationInterval {
        if (resamples < 0 || defined < 0 || defined > resamples || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("correlation interval: " + defined + " of " + resamples
                    + " resamples, level " + level);
        }
        boolean present = spearmanLower != null && spearmanUpper != null && kendallLower != null
                && kendallUpper != null;
        if (present == (note != null)) {
            throw new IllegalArgumentException("a correlation interval has a note exactly when it has no bounds");
        }
        if (present && !(spearmanLower <= spearmanUpper && kendallLower <= kendallUpper
                && Math.abs(spearmanLower) <= 1 && Math.abs(spearmanUpper) <= 1 && Math.abs(kendallLower) <= 1
                && Math.abs(kendallUpper) <= 1)) {
            throw new IllegalArgumentException("correlation bounds must be ordered and in [-1, 1], found ["
                    + spearmanLower + ", " + spearmanUpper + "] and [" + kendallLower + ", " + kendallUpper + "]");
        }
    }
}
