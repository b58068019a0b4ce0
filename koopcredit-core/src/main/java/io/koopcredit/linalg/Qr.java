package io.koopcredit.linalg;

/**
 * A thin QR decomposition {@code A = Q · R} of an m × n matrix, k = min(m, n).
 *
 * @param q m × k with orthonormal columns
 * @param r k × n upper triangular (upper trapezoidal when n &gt; m)
 */
public record Qr(Matrix q, Matrix r) {
}
