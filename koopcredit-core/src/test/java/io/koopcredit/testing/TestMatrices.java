package io.koopcredit.testing;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.base.Seeds;
import java.util.SplittableRandom;

/** Seeded random matrices with planted properties. */
public final class TestMatrices {
    private TestMatrices() {
    }

    /** @return rows × cols with i.i.d. N(0,1) entries */
    public static Matrix gaussian(int rows, int cols, long seed) {
        double[] d = new double[rows * cols];
        Seeds.fillGaussian(new SplittableRandom(seed), d);
        return Matrix.wrap(rows, cols, d);
    }

    /** @return an n × n matrix with the given singular values in random orthogonal directions */
    public static Matrix withSingularValues(double[] s, long seed) {
        int n = s.length;
        Matrix u = Linalg.qr(gaussian(n, n, seed)).q();
        Matrix v = Linalg.qr(gaussian(n, n, seed + 1)).q();
        return Linalg.multiplyTransposeB(u.scaleColumns(s), v);
    }

    /** @return the largest absolute entry difference */
    public static double maxAbsDiff(Matrix a, Matrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new AssertionError("shapes differ: " + a + " vs " + b);
        }
        double m = 0;
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                m = Math.max(m, Math.abs(a.get(i, j) - b.get(i, j)));
            }
        }
        return m;
    }
}
