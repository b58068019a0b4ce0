/**
 * The randomization sanity check (after Adebayo et al. 2018):
 * {@link io.koopcredit.validation.randomization.RandomizationCheck} re-randomizes the weight-bearing layers
 * from the top down ({@link io.koopcredit.model.Network#withRandomizedLayers}), recomputes the credits
 * ({@link io.koopcredit.validation.randomization.CreditSnapshot}) and the feature-weight maps
 * ({@link io.koopcredit.validation.randomization.MapSimilarity}) with the same seed, and gives PASS, FAIL or
 * UNDETERMINED by named criteria ({@link io.koopcredit.validation.randomization.Verdict}).
 */
package io.koopcredit.validation.randomization;
