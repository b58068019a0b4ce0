/**
 * How two orderings of the same items agree, the vocabulary all three checks report in:
 * {@link io.koopcredit.validation.stats.RankCorrelation} (Spearman's ρ and Kendall's τ-b with a note when
 * undefined), computed by {@link io.koopcredit.stats.Statistics}.
 */
package io.koopcredit.validation.stats;
