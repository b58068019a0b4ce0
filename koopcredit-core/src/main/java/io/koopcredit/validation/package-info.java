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
 *   <li><b>Lesion studies</b> ({@code validation.lesion}, issue #14): every residual unit's branch removed and
 *       every convolution kernel zeroed, the real network run on the held-out samples, and the agreement of
 *       block and kernel credits with the damage beside two baselines that need no Koopman operator (the
 *       weights' L1 norm, the mean activation), with bootstrap intervals over the held-out samples.</li>
 *   <li><b>Pruning</b> ({@code validation.pruning}, issue #14): the kernels with the lowest credit (or L1
 *       norm, activation, or at random) zeroed for fractions from 5% to 50%, globally and per layer, without
 *       fine-tuning, and the held-out score of each pruned network.</li>
 *   <li>Rank agreement and held-out damage ({@code validation.stats}: Spearman's ρ, Kendall's τ-b, the
 *       score and output change of a modified network sample by sample, resampled intervals), computed by
 *       {@link io.koopcredit.stats.Statistics}.</li>
 * </ul>
 * The check packages use each other only through {@code validation.stats}; none uses this package.
 * Results are immutable records validated at construction; undefined values are null next to a note
 * saying why. Writing them ({@code validation.json}, the text summary, the page section) is the report
 * module's job ({@code io.koopcredit.report.validation}). Nothing here prints.
 */
package io.koopcredit.validation;
