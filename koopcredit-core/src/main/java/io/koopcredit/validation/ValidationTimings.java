package io.koopcredit.validation;

/**
 * Where the time of one validation went, in wall-clock seconds: the only part of a validation that
 * differs between two runs with the same options and seed.
 *
 * @param total the whole validation
 * @param analysis the analysis being validated
 * @param ablation both ablations of every block
 * @param randomization every cascade step (an analysis each)
 * @param seeds the seed study: K·T trials per block, the T sweep and the bootstrap (0 when not applicable)
 * @param samples the N sweep (0 when skipped)
 * @param lesions the lesion studies (0 when skipped)
 * @param pruning the pruning check (0 when skipped)
 * @param threads worker threads used
 */
public record ValidationTimings(double total, double analysis, double ablation, double randomization, double seeds,
                                double samples, double lesions, double pruning, int threads) {
    /**
     * Validates that every duration is finite and not negative.
     *
     * @param total the record's {@code total}
     * @param analysis the record's {@code analysis}
     * @param ablation the record's {@code ablation}
     * @param randomization the record's {@code randomization}
     * @param seeds the record's {@code seeds}
     * @param samples the record's {@code samples}
     * @param lesions the record's {@code lesions}
     * @param pruning the record's {@code pruning}
     * @param threads the record's {@code threads}
     */
    public ValidationTimings {
        for (double d : new double[] {total, analysis, ablation, randomization, seeds, samples, lesions, pruning}) {
            if (!(d >= 0) || !Double.isFinite(d)) {
                throw new IllegalArgumentException("durations must be finite and >= 0, found " + d);
            }
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
    }
}
