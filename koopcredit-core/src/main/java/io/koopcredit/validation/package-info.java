/**
 * Evidence that the credits mean something (issue #6): {@link io.koopcredit.validation.Validator} runs an
 * analysis and checks it three ways.
 *
 * <ul>
 *   <li><b>Ablation agreement</b> ({@link io.koopcredit.validation.AblationCheck}): each block knocked out
 *       (output replaced by its mean over the fitting samples) and linearized (replaced by its K_i plus the
 *       mean residual), the rest of the real network run after it, and the damage order compared with the
 *       credit order by Spearman's ρ and Kendall's τ-b ({@link io.koopcredit.validation.RankCorrelation}, statistics from {@link io.koopcredit.stats.Statistics}).</li>
 *   <li><b>Randomization sanity check</b> ({@link io.koopcredit.validation.RandomizationCheck}, after
 *       Adebayo et al. 2018): the weight-bearing layers re-randomized from the top down
 *       ({@link io.koopcredit.model.Network#withRandomizedLayers}), the credits and feature-weight maps
 *       recomputed with the same seed, and PASS/FAIL by named criteria.</li>
 *   <li><b>Stability</b>: credits and rankings across seeds with a bootstrap interval per block, across the
 *       number of trials T (how many are needed for a stable ranking), and across the number of fitting
 *       samples N.</li>
 * </ul>
 * Results are immutable records validated at construction; undefined values are null next to a note
 * saying why. Writing them ({@code validation.json}, the text summary, the page section) is the report
 * module's job ({@code io.koopcredit.report.validation}). Nothing here prints.
 */
package io.koopcredit.validation;
