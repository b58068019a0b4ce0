/**
 * Evidence that the credits mean something (issue #6): {@link io.koopcredit.validation.Validator} runs an
 * analysis and checks it three ways, each in its own package; this package holds the orchestration, its
 * options ({@link io.koopcredit.validation.ValidationOptions}) and the combined result.
 *
 * <ul>
 *   <li><b>Ablation agreement</b> ({@code validation.ablation}): each block knocked out (output replaced by
 *       its mean over the fitting samples) and linearized (replaced by its K_i plus the mean residual), the
 *       rest of the real network run after it, and the damage order compared with the credit order.</li>
 *   <li><b>Randomization sanity check</b> ({@code validation.randomization}, after Adebayo et al. 2018): the
 *       weight-bearing layers re-randomized from the top down, the credits and feature-weight maps recomputed
 *       with the same seed, and PASS/FAIL by named criteria.</li>
 *   <li><b>Stability</b> ({@code validation.stability}): credits and rankings across seeds with a bootstrap
 *       interval per block, across the number of trials T, and across the number of fitting samples N.</li>
 *   <li>Rank agreement ({@code validation.stats}: Spearman's ρ, Kendall's τ-b), computed by
 *       {@link io.koopcredit.stats.Statistics}.</li>
 * </ul>
 * The check packages use each other only through {@code validation.stats}; none uses this package.
 * Results are immutable records validated at construction; undefined values are null next to a note
 * saying why. Writing them ({@code validation.json}, the text summary, the page section) is the report
 * module's job ({@code io.koopcredit.report.validation}). Nothing here prints.
 */
package io.koopcredit.validation;
