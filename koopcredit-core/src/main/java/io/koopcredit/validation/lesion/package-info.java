/**
 * Lesion studies (issue #14): {@link io.koopcredit.validation.lesion.LesionCheck} removes each residual unit's
 * branch and zeroes each convolution kernel, one at a time, runs the real network on the held-out samples, and
 * compares how the block and kernel credits and two baselines (the weights' L1 norm, the mean activation)
 * order the damage. Results: {@link io.koopcredit.validation.lesion.LesionResult}.
 */
package io.koopcredit.validation.lesion;
