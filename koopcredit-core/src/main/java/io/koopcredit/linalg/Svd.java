package io.koopcredit.linalg;

/**
 * A thin singular value decomposition {@code A = U · diag(s) · Vᵀ} of an m × n matrix, k = min(m, n).
 *
 * @param u m × k, orthonormal columns
 * @param s the k singular values, non-increasing, non-negative (the array is owned by the record: do not
 *     modify it)
 * @param v n × k, orthonormal columns (V, not its transpose)
 */
public record Svd(Matrix u, double[] s, Matrix v) {

    /** Checks that the factors fit together. */
    public Svd {
        if (u.cols() != s.length || v.cols() != s.length) {
            throw new IllegalArgumentException("SVD factors do not fit: U " + u + ", " + s.length
                    + " singular values, V " + v);
        }
    }

    /** @return the largest singular value, or 0 for an empty matrix */
    public double max() {
        return s.length == 0 ? 0.0 : s[0];
    }

    /**
     * Number of singular values strictly above a threshold.
     *
     * @param threshold absolute threshold
     * @return how many singular values exceed it
     */
    public int countAbove(double threshold) {
        int r = 0;
        while (r < s.length && s[r] > threshold) {
            r++;
        }
        return r;
    }
}
