/**
 * The vocabulary the checks report in and the measurements they share:
 * {@link io.koopcredit.validation.stats.RankCorrelation} (Spearman's ρ and Kendall's τ-b with a note when
 * undefined, computed by {@link io.koopcredit.stats.Statistics}), {@link io.koopcredit.validation.stats.Ties}
 * (damages equal up to rounding), {@link io.koopcredit.validation.stats.HeldOutScore} and
 * {@link io.koopcredit.validation.stats.SampleDamage} (a modified network's score and output change on the
 * held-out samples, sample by sample), {@link io.koopcredit.validation.stats.ModifiedNetworks} (lesioned or
 * pruned copies run in parallel), {@link io.koopcredit.validation.stats.ResampledAgreement} (agreement with
 * bootstrap intervals over the held-out samples) and {@link io.koopcredit.validation.stats.Criterion} (credit
 * and the baselines that rank items by importance).
 */
package io.koopcredit.validation.stats;
