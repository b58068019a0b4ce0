/**
 * Statistics over short lists (blocks, classes, held-out errors, bootstrap resamples): {@link
 * io.koopcredit.stats.Statistics}, a facade over Hipparchus (mean, type-7 quantile, Pearson, Spearman with
 * average ranks, Kendall's τ-b). The only package that touches Hipparchus; uses nothing else of the project.
 */
package io.koopcredit.stats;
