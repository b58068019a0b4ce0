package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ScalableOneStep#credit(Matrix, Matrix, boolean, int, int, CreditTolerance)}, a kernel's credit from
 * its rows F and the block's A without forming F·A first: planted rows and factors in every shape (a kernel's
 * own N × N triangular factor, maps of fewer and more rows than N, a triangular A = R_i⁻¹ and a general N × r
 * one), against the credit of the product formed first, inside the Cholesky proof's margin and beyond it.
 */
class KernelCreditProductTest {
    /**
     * The two forms make the same BLAS calls, except that the wide product's Gram matrix PPᵀ is summed from P
     * rather than from a transposed copy (another summation order) and ‖G‖_F is taken from the triangle: the
     * log determinants differ by rounding, a few ε per term of at most 60 terms of O(1): 10⁻¹¹ absolute.
     */
    private static final double SAME = 1e-11;

    /** An upper triangular N × N factor with planted diagonal and O(0.1) entries above it. */
    static Matrix triangular(double[] diagonal, long seed) {
        int n = diagonal.length;
        Matrix g = SpectralInverseTest.gaussian(n, n, seed);
        double[] t = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                t[i + j * n] = 0.1 * g.get(i, j);
            }
            t[j + j * n] = diagonal[j];
        }
        return Matrix.wrap(n, n, t);
    }

    @ParameterizedTest
    @CsvSource({"60,60,1", "30,60,0", "60,25,0", "7,40,0", "1,1,1", "1,9,0"})
    void aTriangularAGivesTheCreditOfTheProduct(int rows, int n, int ownFactor) {
        double[] s = SpectralInverseTest.geometric(Math.min(rows, n), 4.0, 0.5);
        Matrix f = ownFactor == 1 ? triangular(s, rows) : KernelCreditShortcutTest.planted(rows, n, s, rows * 13L + n);
        Matrix a = triangular(SpectralInverseTest.geometric(n, 2.0, 0.4), n + 5L);
        for (CreditTolerance tolerance : new CreditTolerance[] {CreditTolerance.FLOAT32, CreditTolerance.DOUBLE}) {
            BlockCredit fused = ScalableOneStep.credit(f, a, true, rows, 1000, tolerance).orElseThrow();
            BlockCredit formed = ScalableOneStep.credit(ScalableOneStep.times(f, a, true), rows, 1000, tolerance)
                    .orElseThrow();
            assertEquals(Math.min(rows, n), fused.rank());
            assertEquals(formed.rank(), fused.rank());
            assertEquals(formed.logCredit(), fused.logCredit(), SAME);
            if (rows >= n) {
                // det((FA)ᵀFA) = det(FᵀF)·det(A)²: ½ log of it is Σ log s + Σ log a_jj
                double expected = 0;
                for (int j = 0; j < n; j++) {
                    expected += Math.log(s[j]) + Math.log(a.get(j, j));
                }
                assertEquals(expected, fused.logCredit(), SAME);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"40,30,12", "9,30,20", "30,30,30"})
    void aGeneralAIsMultipliedFirst(int rows, int n, int r) {
        double[] s = SpectralInverseTest.geometric(Math.min(rows, n), 3.0, 0.6);
        Matrix f = KernelCreditShortcutTest.planted(rows, n, s, rows + 3L * n);
        Matrix a = KernelCreditShortcutTest.planted(n, r, SpectralInverseTest.geometric(r, 1.5, 0.5), r);
        BlockCredit fused = ScalableOneStep.credit(f, a, false, rows, 500, CreditTolerance.DOUBLE).orElseThrow();
        BlockCredit formed = ScalableOneStep.credit(Linalg.multiply(f, a), rows, 500, CreditTolerance.DOUBLE)
                .orElseThrow();
        assertEquals(Math.min(rows, r), fused.rank());
        assertEquals(formed.logCredit(), fused.logCredit(), SAME);
    }

    @ParameterizedTest
    @CsvSource({"12,20", "20,12", "16,16"})
    void beyondTheMarginTheProductIsFormedForItsSingularValues(int rows, int n) {
        // F's values from 1 down to 1e-9 and a well-conditioned triangular A: the proof fails, the float32
        // tolerance drops the smallest values of F·A, as the SVD of the product formed first says
        double[] s = SpectralInverseTest.geometric(Math.min(rows, n), 1.0, 1e-9);
        Matrix f = KernelCreditShortcutTest.planted(rows, n, s, rows * 7L + n);
        Matrix a = triangular(SpectralInverseTest.geometric(n, 1.2, 0.8), n);
        Matrix p = ScalableOneStep.times(f, a, true);
        BlockCredit bySvd = BlockCredit.ofSingularValues(Linalg.singularValues(p), rows, n, CreditTolerance.FLOAT32)
                .orElseThrow();
        BlockCredit fused = ScalableOneStep.credit(f, a, true, rows, n, CreditTolerance.FLOAT32).orElseThrow();
        assertTrue(bySvd.rank() < Math.min(rows, n), "some values below the tolerance");
        assertEquals(bySvd.rank(), fused.rank());
        assertEquals(bySvd.logCredit(), fused.logCredit(), 1e-6);
        assertEquals(ScalableOneStep.credit(p, rows, n, CreditTolerance.FLOAT32).orElseThrow().logCredit(),
                fused.logCredit(), 0.0, "the same singular values");
    }
}
