package io.koopcredit.linalg;

/**
 * The Moore–Penrose inverse of a full-rank matrix, with an estimate of how well it is conditioned.
 *
 * @param inverse the n × m pseudo-inverse of an m × n matrix
 * @param reciprocalCondition an estimate of 1/κ(A) from LAPACK's 1-norm condition estimators: √rcond₁ of the
 *     Gram matrix on the normal-equations route, rcond₁ of R on the QR route (1-norm estimates can differ
 *     from each other and from 1/κ₂ by a factor of the order of the dimension); 0 means singular, a value
 *     near machine epsilon numerically rank-deficient
 */
public record PseudoInverse(Matrix inverse, double reciprocalCondition) {
}
