package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.testing.TestMatrices;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Theorems 5 and 6 against the determinant of the explicit Jacobian ∂vec(K)/∂vec(K_i). */
class BlockSensitivityTest {
    /** log-determinants of 9×9 matrices from LU: relative rounding well below 1e-10. */
    private static final double LOG_TOLERANCE = 1e-9;

    /** The n²×n² Jacobian of K = K_m⋯K_1 with respect to the entries of K_i, column by column. */
    static Matrix explicitJacobian(List<Matrix> chain, int i) {
        int n = chain.get(0).rows();
        double[] jac = new double[n * n * n * n];
        for (int e = 0; e < n * n; e++) {
            double[] unit = new double[n * n];
            unit[e] = 1.0;
            // K is linear in K_i: the derivative along E_e is the product with K_i replaced by E_e.
            Matrix k = null;
            for (int s = 0; s < chain.size(); s++) {
                Matrix f = s == i ? Matrix.wrap(n, n, unit) : chain.get(s);
                k = k == null ? f : Linalg.multiply(f, k);
            }
            System.arraycopy(k.toColumnMajor(), 0, jac, e * n * n, n * n);
        }
        return Matrix.wrap(n * n, n * n, jac);
    }

    static List<Matrix> randomChain(int m, int n, long seed) {
        List<Matrix> chain = new ArrayList<>();
        for (int s = 0; s < m; s++) {
            chain.add(TestMatrices.gaussian(n, n, seed + s));
        }
        return chain;
    }

    @Test
    void theorem5MatchesTheKroneckerJacobianOnRandomChains() {
        for (int m = 2; m <= 5; m++) {
            List<Matrix> chain = randomChain(m, 3, 100L * m);
            List<BlockSensitivity> bs = BlockSensitivity.of(chain.stream()
                    .map(k -> KoopmanOperator.fromDense(k, null)).toList(), CreditTolerance.FLOAT32);
            for (int i = 0; i < m; i++) {
                double expected = Linalg.logAbsDeterminant(explicitJacobian(chain, i));
                assertNotNull(bs.get(i).logSensitivity());
                assertEquals(expected, bs.get(i).logSensitivity(), LOG_TOLERANCE, "m=" + m + " i=" + i);
            }
        }
    }

    @Test
    void theorem6PositionDoesNotChangeSensitivity() {
        List<Matrix> chain = randomChain(4, 3, 7);
        Matrix tracked = chain.get(1);
        double first = Linalg.logAbsDeterminant(explicitJacobian(chain, 1));
        // Move the tracked operator to every position; the others keep their relative order.
        for (int pos = 0; pos < 4; pos++) {
            List<Matrix> moved = new ArrayList<>(chain);
            moved.remove(1);
            moved.add(pos, tracked);
            assertEquals(first, Linalg.logAbsDeterminant(explicitJacobian(moved, pos)), LOG_TOLERANCE);
            List<BlockSensitivity> bs = BlockSensitivity.of(moved.stream()
                    .map(k -> KoopmanOperator.fromDense(k, null)).toList(), CreditTolerance.FLOAT32);
            assertEquals(first, bs.get(pos).logSensitivity(), LOG_TOLERANCE);
        }
    }

    @Test
    void nonSquareOrMixedOrdersAreUndefinedAndSingularGivesZero() {
        List<KoopmanOperator> mixed = List.of(KoopmanOperator.fromDense(TestMatrices.gaussian(3, 4, 1), null),
                KoopmanOperator.fromDense(TestMatrices.gaussian(4, 3, 2), null));
        for (BlockSensitivity s : BlockSensitivity.of(mixed, CreditTolerance.FLOAT32)) {
            assertNull(s.logSensitivity());
            assertTrue(s.note().startsWith("undefined"));
        }
        Matrix singular = Matrix.fromRows(new double[][] {{1, 2}, {2, 4}});
        List<BlockSensitivity> bs = BlockSensitivity.of(List.of(KoopmanOperator.fromDense(singular, null),
                KoopmanOperator.fromDense(TestMatrices.gaussian(2, 2, 3), null)), CreditTolerance.FLOAT32);
        assertNotNull(bs.get(0).logSensitivity(), "block 1's sensitivity involves only K_2");
        assertNull(bs.get(1).logSensitivity());
        assertTrue(bs.get(1).note().startsWith("zero"));
    }

    @Test
    void aSingleBlockHasSensitivityOneWhateverItsShape() {
        // K = K_1, so dK/dK_1 is the identity map on matrices: |det| = 1, log 0 (the empty product).
        List<BlockSensitivity> bs = BlockSensitivity.of(List.of(KoopmanOperator.fromDense(
                TestMatrices.gaussian(3, 5, 9), null)), CreditTolerance.FLOAT32);
        assertEquals(0.0, bs.get(0).logSensitivity(), 0.0);
    }
}
