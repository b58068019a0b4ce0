/**
 * Ablation agreement: {@link io.koopcredit.validation.ablation.AblationCheck} knocks each block out (its
 * output replaced by its mean over the fitting samples) and, separately, replaces it by its linearization
 * (K_i x plus the mean residual), runs the rest of the real network on the held-out samples, and compares
 * the damage order with the credit order (Spearman's ρ and Kendall's τ-b, after snapping damages that
 * differ only by rounding). Results: {@link io.koopcredit.validation.ablation.AblationResult}.
 */
package io.koopcredit.validation.ablation;
