package io.koopcredit.linalg;

/**
 * The eigendecomposition of a symmetric matrix, G = V·diag(values)·Vᵀ.
 *
 * @param values the eigenvalues, non-increasing (owned: do not modify)
 * @param vectors n × n, the matching orthonormal eigenvectors as columns, or null if not computed
 */
public record SymmetricEigen(double[] values, Matrix vectors) {
}
