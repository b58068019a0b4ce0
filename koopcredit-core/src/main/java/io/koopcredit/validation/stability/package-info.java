/**
 * Stability of the credits: across seeds with a percentile bootstrap over the trial operators
 * ({@link io.koopcredit.validation.stability.SeedStabilityCheck}), across the number of trials T (how many a
 * stable ranking needs), and across the number of fitting samples N
 * ({@link io.koopcredit.validation.stability.SampleSweepCheck}). Resampling draws from
 * {@link io.koopcredit.base.Seeds}, one stream per block and resample, so intervals do not depend on the thread
 * count.
 */
package io.koopcredit.validation.stability;
