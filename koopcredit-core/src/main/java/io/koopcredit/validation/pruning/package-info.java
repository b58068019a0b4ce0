/**
 * Credit-guided pruning (issue #14): {@link io.koopcredit.validation.pruning.PruningCheck} zeroes the
 * convolution kernels with the lowest kernel credit (or L1 norm, mean activation, or at random) for each
 * fraction of a {@link io.koopcredit.validation.pruning.PruningPlan}, globally and per layer, without
 * fine-tuning, and measures each pruned network on the held-out samples. Results:
 * {@link io.koopcredit.validation.pruning.PruningResult}.
 */
package io.koopcredit.validation.pruning;
