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
 * @param threads worker threads used
 */
public record ValidationTimings(double total, double analysis, double ablation, double randomization, double seeds,
                                double samples, int threads) {
}
