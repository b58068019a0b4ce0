package io.koopcredit.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The R factor folded from blocks of rows has the stacked matrix's singular values and RᵀR = ZᵀZ. */
class TsqrTest {

    @ParameterizedTest
    @CsvSource({"100, 7, 13", "5, 12, 2", "300, 40, 64", "30, 40, 7", "1, 1, 1", "64, 20, 64"})
    void foldsBlocksIntoTheFactorOfTheWholeMatrix(int rows, int cols, int block) {
        SplittableRandom rng = new SplittableRandom(rows * 7919L + cols);
        double[] z = new double[rows * cols];
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextGaussian();
        }
        Matrix whole = Matrix.wrap(rows, cols, z);
        Tsqr t = new Tsqr(cols);
        for (int from = 0; from < rows; from += block) {
            int to = Math.min(rows, from + block);
            t.add(whole.rowRange(from, to).toColumnMajor(), to - from);
        }
        Matrix r = t.r();
        assertEquals(rows < cols ? rows : cols, r.rows());
        assertEquals(rows, t.rows());
        double[] expected = Linalg.singularValues(whole);
        double[] actual = Linalg.singularValues(r);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * expected[0], "singular value " + i);
        }
        Matrix g = Linalg.multiplyTransposeA(whole, whole);
        Matrix h = Linalg.multiplyTransposeA(r, r);
        assertTrue(g.minus(h).frobeniusNorm() <= 1e-12 * g.frobeniusNorm(), "RᵀR = ZᵀZ");
        for (int j = 0; j < cols; j++) {
            for (int i = j + 1; i < r.rows(); i++) {
                assertEquals(0.0, r.get(i, j), "R is upper triangular");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"50, 10", "8, 10"})
    void mergingTwoFactorsIsTheFactorOfBothMatrices(int rows, int cols) {
        SplittableRandom rng = new SplittableRandom(rows);
        double[] a = new double[rows * cols];
        double[] b = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
            b[i] = 3 * rng.nextGaussian();
        }
        Tsqr ta = new Tsqr(cols);
        ta.add(a, rows);
        Tsqr tb = new Tsqr(cols);
        tb.add(b, rows);
        ta.merge(tb.r());
        Tsqr both = new Tsqr(cols);
        both.add(a, rows);
        both.add(b, rows);
        double[] expected = Linalg.singularValues(both.r());
        double[] actual = Linalg.singularValues(ta.r());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * expected[0]);
        }
    }

    @ParameterizedTest
    @CsvSource({"81, 200, 9", "30, 100, 100", "120, 100, 7"})
    void keepsRowsThatADegenerateLeadingBlockWouldSpreadOut(int rows, int cols, int block) {
        // Like pooled digits: rows that are always zero and a rank below the row count, so that the leading
        // rows × rows block of samples is singular (a fold of few rows into a triangle would lose rank).
        SplittableRandom rng = new SplittableRandom(rows + cols);
        double[] z = new double[rows * cols];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                z[j * rows + i] = i % 7 == 0 || j < cols / 2 && i % 3 == 0 ? 0.0 : rng.nextGaussian();
            }
        }
        Matrix whole = Matrix.wrap(rows, cols, z);
        Tsqr t = new Tsqr(cols);
        for (int from = 0; from < rows; from += block) {
            int to = Math.min(rows, from + block);
            t.add(whole.rowRange(from, to).toColumnMajor(), to - from);
        }
        double[] expected = Linalg.singularValues(whole);
        double[] actual = Linalg.singularValues(t.r());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], i < actual.length ? actual[i] : 0.0, 1e-12 * expected[0], "singular value " + i);
        }
    }
}
