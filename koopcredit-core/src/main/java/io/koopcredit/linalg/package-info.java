/**
 * Linear algebra facade: a column-major double {@link io.koopcredit.linalg.Matrix}, and static
 * operations over native BLAS/LAPACK in {@link io.koopcredit.linalg.Linalg} (products, thin SVD and QR,
 * full-rank pseudo-inverse, log |det|, the symmetric eigendecomposition), the tall-and-skinny QR
 * {@link io.koopcredit.linalg.Tsqr} (the R factor of a matrix read tile by tile),
 * {@link io.koopcredit.linalg.CholeskyQr} (the same factor from the Gram matrix, with the criterion that says
 * when the data's precision allows it), and
 * {@link io.koopcredit.linalg.GemmCeiling} (the measured DGEMM/SGEMM rate, for the scaling benchmark).
 *
 * <p>The only package that touches the matrix library; everything else sees {@code Matrix} and plain
 * arrays, so the Koopman and credit code reads like the paper and the backend can change in one place.
 */
package io.koopcredit.linalg;
