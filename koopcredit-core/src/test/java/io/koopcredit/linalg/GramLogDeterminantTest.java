package io.koopcredit.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Linalg#gramLogDeterminantAbove}: planted factors whose Gram matrix has a known determinant and
 * known eigenvalues, in every shape (tall, square, wide; with and without the triangular factor), against
 * the closed form and against the separate calls it fuses ({@link Linalg#multiplyUpperTriangular(Matrix,
 * Matrix)}, {@link Linalg#gram}, {@link Linalg#logDeterminantAbove}).
 */
class GramLogDeterminantTest {
    /**
     * The planted values are O(1) with condition numbers up to 10: a log determinant of at most 12 terms
     * from backward-stable dsyrk/dpotrf carries an error of a few 10⁻¹⁵ per term, so 10⁻¹² absolute.
     */
    private static final double CLOSE = 1e-12;

    /** An m × n matrix U·diag(s)·Vᵀ with orthonormal U and V and the planted singular values s. */
    static Matrix planted(int m, int n, double[] s, long seed) {
        int k = Math.min(m, n);
        Matrix u = Linalg.qr(LinalgTest.gaussian(m, k, seed)).q();
        Matrix v = Linalg.qr(LinalgTest.gaussian(n, k, seed + 7)).q();
        return Linalg.multiplyTransposeB(u.scaleColumns(s), v);
    }

    /** An upper triangular n × n matrix with diagonal d and O(0.1) entries above it, garbage below. */
    static Matrix triangle(double[] d, long seed, double garbage) {
        int n = d.length;
        Matrix g = LinalgTest.gaussian(n, n, seed);
        double[] t = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                t[i + j * n] = i < j ? 0.1 * g.get(i, j) : i == j ? d[j] : garbage;
            }
        }
        return Matrix.wrap(n, n, t);
    }

    static double[] spread(int k, double largest, double smallest) {
        double[] s = new double[k];
        for (int i = 0; i < k; i++) {
            s[i] = largest * Math.pow(smallest / largest, k == 1 ? 0 : i / (double) (k - 1));
        }
        return s;
    }

    static double twiceLogSum(double[] s) {
        double sum = 0;
        for (double v : s) {
            sum += Math.log(Math.abs(v));
        }
        return 2 * sum;
    }

    @ParameterizedTest
    @CsvSource({"1,1", "5,5", "9,4", "4,9", "12,3", "3,12"})
    void theSmallerGramMatrixOfAPlantedFactorHasTheProductOfTheSquaredValues(int m, int n) {
        double[] s = spread(Math.min(m, n), 3.0, 0.3);
        Matrix b = planted(m, n, s, 31L * m + n);
        double[] before = b.toColumnMajor().clone();
        OptionalDouble got = Linalg.gramLogDeterminantAbove(b, null, 1e-6);
        assertTrue(got.isPresent());
        assertEquals(twiceLogSum(s), got.getAsDouble(), CLOSE);
        assertArrayEquals(before, b.toColumnMajor(), 0.0, "b is not modified");
    }

    @ParameterizedTest
    @CsvSource({"1,1", "6,6", "9,4", "4,9", "11,2", "2,11"})
    void theTriangularFactorIsAppliedWithoutItsLowerTriangle(int m, int n) {
        double[] s = spread(Math.min(m, n), 2.0, 0.5);
        Matrix b = planted(m, n, s, 17L * m + n);
        double[] d = spread(n, 1.5, 0.6);
        for (int j = 0; j < n; j += 2) {
            d[j] = -d[j];
        }
        Matrix clean = triangle(d, m + 3L * n, 0.0);
        Matrix dirty = triangle(d, m + 3L * n, 7.0);
        double[] kept = dirty.toColumnMajor().clone();
        OptionalDouble got = Linalg.gramLogDeterminantAbove(b, dirty, 1e-6);
        assertTrue(got.isPresent());
        assertArrayEquals(kept, dirty.toColumnMajor(), 0.0, "the triangle is not modified");
        // the separate calls: the product, its smaller Gram matrix, the proved log determinant
        Matrix p = Linalg.multiplyUpperTriangular(b, clean);
        Matrix g = m >= n ? Linalg.gram(p) : Linalg.gram(p.transpose());
        assertEquals(Linalg.logDeterminantAbove(g, 0.0).getAsDouble(), got.getAsDouble(), CLOSE);
        if (m >= n) {
            // det((BT)ᵀBT) = det(BᵀB)·det(T)²
            assertEquals(twiceLogSum(s) + twiceLogSum(d), got.getAsDouble(), CLOSE);
        }
        assertEquals(got.getAsDouble(), Linalg.gramLogDeterminantAbove(b, clean, 1e-6).getAsDouble(), 0.0);
    }

    @Test
    void theShiftIsRelativeToTheFrobeniusNormAndMustBeProved() {
        // G = PᵀP with eigenvalues 4, 1, 0.25 (and for the wide Pᵀ: PPᵀ, the same): ‖G‖_F = √17.0625
        double[] s = {2, 1, 0.5};
        double frobenius = Math.sqrt(16 + 1 + 0.0625);
        for (Matrix p : new Matrix[] {planted(7, 3, s, 5), planted(3, 7, s, 6)}) {
            double edge = 0.25 / frobenius;
            OptionalDouble inside = Linalg.gramLogDeterminantAbove(p, null, 0.98 * edge);
            assertTrue(inside.isPresent(), "λ_min = 0.25 above the shift");
            assertEquals(0.0, inside.getAsDouble(), CLOSE, "log(4·1·0.25)");
            assertFalse(Linalg.gramLogDeterminantAbove(p, null, 1.02 * edge).isPresent(), "λ_min below the shift");
            assertFalse(Linalg.gramLogDeterminantAbove(p, null, 0.0).isPresent(), "a zero shift proves nothing");
        }
    }

    @Test
    void singularZeroEmptyAndNonFiniteFactorsHaveNone() {
        // rank 2 of 3 columns: G is singular, no positive shift can be proved
        double[] z = planted(6, 3, new double[] {1, 1, 1}, 8).toColumnMajor();
        for (int i = 0; i < 6; i++) {
            z[i + 12] = z[i] + z[i + 6];
        }
        assertFalse(Linalg.gramLogDeterminantAbove(Matrix.wrap(6, 3, z), null, 1e-9).isPresent());
        assertFalse(Linalg.gramLogDeterminantAbove(Matrix.zeros(4, 3), null, 1e-6).isPresent());
        assertFalse(Linalg.gramLogDeterminantAbove(Matrix.zeros(3, 4), triangle(new double[] {1, 1, 1, 1}, 2, 0),
                1e-6).isPresent(), "B·T of a zero B");
        assertFalse(Linalg.gramLogDeterminantAbove(Matrix.zeros(0, 3), null, 1e-6).isPresent());
        assertFalse(Linalg.gramLogDeterminantAbove(Matrix.zeros(3, 0), null, 1e-6).isPresent());
        double[] nan = planted(4, 3, new double[] {1, 1, 1}, 9).toColumnMajor();
        nan[5] = Double.NaN;
        assertFalse(Linalg.gramLogDeterminantAbove(Matrix.wrap(4, 3, nan), null, 1e-6).isPresent());
        double[] huge = planted(4, 3, new double[] {1, 1, 1}, 9).toColumnMajor();
        huge[5] = Double.POSITIVE_INFINITY;
        assertFalse(Linalg.gramLogDeterminantAbove(Matrix.wrap(4, 3, huge), null, 1e-6).isPresent());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyNativeCall() {
        Matrix b = planted(4, 3, new double[] {1, 1, 1}, 10);
        Matrix t = triangle(new double[] {1, 1, 1}, 3, 0);
        assertThrows(IllegalArgumentException.class, () -> Linalg.gramLogDeterminantAbove(b, Matrix.zeros(4, 4), 0));
        assertThrows(IllegalArgumentException.class, () -> Linalg.gramLogDeterminantAbove(b, Matrix.zeros(3, 4), 0));
        assertThrows(IllegalArgumentException.class, () -> Linalg.gramLogDeterminantAbove(b, Matrix.zeros(4, 3), 0));
        assertThrows(IllegalArgumentException.class, () -> Linalg.gramLogDeterminantAbove(b, t, -1e-9));
        assertThrows(IllegalArgumentException.class, () -> Linalg.gramLogDeterminantAbove(b, t, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Linalg.gramLogDeterminantAbove(b, t,
                Double.POSITIVE_INFINITY));
        assertTrue(Linalg.gramLogDeterminantAbove(b, t, 1e-6).isPresent());
    }
}
