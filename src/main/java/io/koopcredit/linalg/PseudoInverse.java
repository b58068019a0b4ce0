package io.koopcredit.linalg;

/**
 * The Moore–Penrose inverse of a full-rank matrix, with an estimate of how well it is conditioned.
 *
 * @param inverse the n × m pseudo-inverse of an m × n matrix
 * @param reciprocalCondition LAPACK's estimate of 1/κ(A) (1-norm estimates, from the Cholesky factor of
 *     the Gram matrix or from the triangular QR factor): 0 means singular, a value near machine epsilon
 *     numerically rank-deficient
 */
public record PseudoInverse(Matrix inverse, double reciprocalCondition) {
}
