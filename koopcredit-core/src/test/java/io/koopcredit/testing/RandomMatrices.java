package io.koopcredit.testing;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;

/** Random matrices with planted singular values, for property tests. */
public final class RandomMatrices {
    private RandomMatrices() {
    }

    /** @return rows × cols with orthonormal columns (cols ≤ rows), from the QR of a seeded Gaussian matrix */
    public static Matrix orthonormal(int rows, int cols, long seed) {
        if (cols == 0) {
            return Matrix.zeros(rows, 0);
        }
        return Linalg.qr(TestMatrices.gaussian(rows, cols, seed)).q();
    }

    /**
     * @param rows rows m
     * @param cols columns n
     * @param s the planted non-zero singular values (at most min(m, n)), any order
     * @param seed seed of the singular vectors
     * @return U·diag(s)·Vᵀ with seeded random orthonormal U (m × r) and V (n × r)
     */
    public static Matrix withSingularValues(int rows, int cols, double[] s, long seed) {
        Matrix u = orthonormal(rows, s.length, seed);
        Matrix v = orthonormal(cols, s.length, seed + 1);
        return Linalg.multiplyTransposeB(u.scaleColumns(s), v);
    }

    /**
     * @param count how many
     * @param largest the largest value
     * @param condition largest / smallest, at least 1
     * @return {@code count} values spaced evenly in log scale from {@code largest} down to
     *     {@code largest / condition}
     */
    public static double[] logSpaced(int count, double largest, double condition) {
        double[] s = new double[count];
        for (int i = 0; i < count; i++) {
            double t = count == 1 ? 0 : (double) i / (count - 1);
            s[i] = largest * Math.pow(condition, -t);
        }
        return s;
    }

    /** @return the largest absolute entry */
    public static double maxAbs(Matrix a) {
        double m = 0;
        for (double v : a.toColumnMajor()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
