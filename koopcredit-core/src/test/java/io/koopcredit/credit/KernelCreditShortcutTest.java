package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The Gram form's kernel credit by Cholesky ({@link ScalableOneStep#credit}) and its proof
 * ({@link Linalg#logDeterminantAbove}): planted matrices with known singular values, on both sides of the
 * 10⁻³ margin, against the log pseudo-determinant of the exact values.
 */
class KernelCreditShortcutTest {

    /** An m × n matrix U·diag(s)·Vᵀ with the planted singular values s (length min(m, n)). */
    static Matrix planted(int m, int n, double[] s, long seed) {
        int k = Math.min(m, n);
        Matrix u = Linalg.qr(SpectralInverseTest.gaussian(m, k, seed)).q();
        Matrix v = Linalg.qr(SpectralInverseTest.gaussian(n, k, seed + 7)).q();
        return Linalg.multiplyTransposeB(u.scaleColumns(s), v);
    }

    static double logSum(double[] s, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += Math.log(s[i]);
        }
        return sum;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,8,10", "8,3,100", "30,50,900", "50,30,999"})
    void aWellConditionedProductCountsEveryValueAndMatchesThePlantedVolume(int m, int n, double kappa) {
        int k = Math.min(m, n);
        double[] s = SpectralInverseTest.geometric(k, 5.0, 5.0 / kappa);
        Matrix p = planted(m, n, s, m * 31L + n);
        for (CreditTolerance tolerance : new CreditTolerance[] {CreditTolerance.FLOAT32, CreditTolerance.DOUBLE}) {
            BlockCredit c = ScalableOneStep.credit(p, m, n, tolerance).orElseThrow();
            assertEquals(k, c.rank());
            assertEquals(logSum(s, k), c.logCredit(), 1e-9 * (1 + Math.abs(logSum(s, k))));
            assertEquals(c.logCredit() / k, c.logCreditPerDim(), 1e-15 * (1 + Math.abs(c.logCreditPerDim())));
            BlockCredit bySvd = BlockCredit.ofSingularValues(Linalg.singularValues(p), m, n, tolerance).orElseThrow();
            assertEquals(bySvd.rank(), c.rank());
            assertEquals(bySvd.logCredit(), c.logCredit(), 1e-10 * (1 + Math.abs(bySvd.logCredit())));
        }
    }

    @Test
    void aProductBeyondTheMarginFallsBackToTheSingularValuesAndTheTolerance() {
        // σ from 1 down to 1e-9: the float32 tolerance (1.2e-7 relative) drops the last values, the
        // double one keeps them; the Cholesky proof (every σ ≥ 1e-3·σ_max) fails, so both come from the SVD.
        double[] s = SpectralInverseTest.geometric(12, 1.0, 1e-9);
        Matrix p = planted(12, 20, s, 3);
        BlockCredit f32 = ScalableOneStep.credit(p, 12, 20, CreditTolerance.FLOAT32).orElseThrow();
        int kept = 0;
        while (kept < s.length && s[kept] > Math.ulp(1.0f) * s[0]) {
            kept++;
        }
        assertTrue(kept < 12);
        assertEquals(kept, f32.rank());
        assertEquals(logSum(s, kept), f32.logCredit(), 1e-6);
        BlockCredit f64 = ScalableOneStep.credit(p, 12, 20, CreditTolerance.DOUBLE).orElseThrow();
        assertEquals(12, f64.rank());
        // just inside the margin (σ_min = 1.05e-3·σ_max of a square matrix: λ_min = 1.1e-6·λ_max ≥ 1.01e-6·‖G‖_F
        // needs ‖G‖_F close to λ_max, true for a geometric spectrum) the proof holds
        double[] inside = SpectralInverseTest.geometric(4, 1.0, 1.05e-3);
        BlockCredit c = ScalableOneStep.credit(planted(4, 4, inside, 5), 4, 4, CreditTolerance.DOUBLE).orElseThrow();
        assertEquals(logSum(inside, 4), c.logCredit(), 1e-10);
    }

    @Test
    void zeroAndEmptyProductsHaveNoCredit() {
        assertFalse(ScalableOneStep.credit(Matrix.zeros(3, 4), 3, 4, CreditTolerance.DOUBLE).isPresent());
        assertFalse(ScalableOneStep.credit(Matrix.zeros(0, 4), 0, 4, CreditTolerance.DOUBLE).isPresent());
        assertFalse(ScalableOneStep.credit(Matrix.zeros(3, 0), 3, 0, CreditTolerance.DOUBLE).isPresent());
    }

    @Test
    void theProofNeedsEveryEigenvalueAboveTheShift() {
        // G = diag(4, 1, 0.25) in a rotated basis: log det = log 1 = 0
        Matrix q = Linalg.qr(SpectralInverseTest.gaussian(3, 3, 9)).q();
        Matrix g = Linalg.multiplyTransposeB(q.scaleColumns(new double[] {4, 1, 0.25}), q);
        OptionalDouble below = Linalg.logDeterminantAbove(g, 0.24);
        assertTrue(below.isPresent());
        assertEquals(0.0, below.getAsDouble(), 1e-13);
        assertFalse(Linalg.logDeterminantAbove(g, 0.26).isPresent(), "λ_min = 0.25 < 0.26");
        assertEquals(Math.log(4 * 1 * 0.25 * 8), Linalg.logDeterminantAbove(Linalg.multiplyTransposeB(
                q.scaleColumns(new double[] {4, 2, 1}), q), 0.0).getAsDouble(), 1e-13);
        double[] before = g.toColumnMajor().clone();
        Linalg.logDeterminantAbove(g, 0.1);
        assertEquals(before[4], g.toColumnMajor()[4], 0.0, "g is not modified");
        assertEquals(0.0, Linalg.logDeterminantAbove(Matrix.zeros(0, 0), 1.0).getAsDouble(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Linalg.logDeterminantAbove(Matrix.zeros(2, 3), 0));
        assertThrows(IllegalArgumentException.class, () -> Linalg.logDeterminantAbove(g, -1));
        assertThrows(IllegalArgumentException.class, () -> Linalg.logDeterminantAbove(g, Double.NaN));
        Optional<BlockCredit> none = ScalableOneStep.credit(Matrix.zeros(1, 1), 1, 1, CreditTolerance.FLOAT32);
        assertFalse(none.isPresent());
    }
}
