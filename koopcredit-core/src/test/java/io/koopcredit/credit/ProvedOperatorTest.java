package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.BlockOperator;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.testing.TestMatrices;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The block credit of the one-step Gram form by proof (R_{i+1}·R_i⁻¹ shown to have every singular value
 * above the tolerance, its operator then known by its log determinant alone), against the singular values.
 */
class ProvedOperatorTest {
    /** Two computations of one log determinant of an order-60 matrix of condition about 10²: rounding. */
    private static final double RELATIVE = 1e-10;

    /** An upper triangular n × n matrix with a planted diagonal and small off-diagonal entries. */
    private static Matrix upper(int n, long seed, double smallest) {
        Matrix g = TestMatrices.gaussian(n, n, seed);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                a[i + j * n] = i == j ? Math.pow(smallest, (double) j / (n - 1)) * (j % 2 == 0 ? 1 : -1)
                        : 0.1 * g.get(i, j) / Math.sqrt(n);
            }
        }
        return Matrix.wrap(n, n, a);
    }

    @Test
    void aWellConditionedTriangularProductIsProvedAndEqualsTheSingularValuesSum() {
        int n = 60;
        Matrix rOut = upper(n, 1, 0.1);
        Matrix rIn = upper(n, 2, 0.2);
        Matrix inverse = Linalg.upperTriangularInverse(rIn);
        double[] counted = new double[1];
        ScalableOneStep.Credited c = ScalableOneStep.credited(rOut, inverse, true, 500, 400,
                CreditTolerance.FLOAT32, f -> counted[0] += f);
        assertNull(c.positive(), "proved: the singular values are not computed");
        assertEquals(CreditTolerance.FLOAT32.threshold(1.0, 500, 400), c.provedThreshold());
        BlockCredit credit = c.credit().orElseThrow();
        double[] s = Linalg.singularValues(Linalg.multiply(rOut, inverse));
        BlockCredit expected = BlockCredit.ofSingularValues(s, 500, 400, CreditTolerance.FLOAT32).orElseThrow();
        assertEquals(expected.rank(), credit.rank());
        assertEquals(n, credit.rank());
        assertEquals(expected.logCredit(), credit.logCredit(), RELATIVE * Math.abs(expected.logCredit()));
        // the product by DTRMM n³ and its triangular inverse n³/3, nothing else
        assertEquals((double) n * n * n + (double) n * n * n / 3, counted[0], 1e-6);

        BlockOperator k = BlockOperator.ofProvedDeterminant(400, 500, credit.rank(), credit.logCredit(),
                c.provedThreshold());
        assertFalse(k.knowsSingularValues());
        assertThrows(UnsupportedOperationException.class, k::singularValues);
        assertEquals(n, k.rank());
        BlockCredit again = BlockCredit.of(k, CreditTolerance.FLOAT32).orElseThrow();
        assertEquals(credit.logCredit(), again.logCredit());
        assertEquals(credit.rank(), again.rank());
        // a stricter threshold than the proof's is refused, a looser one answers the same
        assertThrows(IllegalArgumentException.class, () -> k.counted(2 * c.provedThreshold()));
        assertEquals(new BlockOperator.Counted(n, credit.logCredit()), k.counted(0.0));
    }

    @Test
    void aSingularProductFallsBackToItsSingularValues() {
        int n = 40;
        Matrix rOut = upper(n, 3, 1e-9);
        Matrix inverse = Linalg.upperTriangularInverse(upper(n, 4, 0.5));
        ScalableOneStep.Credited c = ScalableOneStep.credited(rOut, inverse, true, n, n, CreditTolerance.FLOAT32,
                f -> { });
        assertNotNull(c.positive());
        assertTrue(Double.isNaN(c.provedThreshold()));
        double[] s = Linalg.singularValues(Linalg.multiply(rOut, inverse));
        assertEquals(BlockCredit.ofSingularValues(s, n, n, CreditTolerance.FLOAT32).orElseThrow().rank(),
                c.credit().orElseThrow().rank());
        assertTrue(c.credit().orElseThrow().rank() < n, "values below ε_float32 of the largest are not counted");
        assertEquals(n, c.positive().length);
    }

    @Test
    void countedFromSingularValuesMatchesTheCreditsRankAndSum() {
        double[] s = {4.0, 2.0, 1e-3, 1e-9, 1e-12};
        BlockOperator k = BlockOperator.ofSingularValues(7, 5, s);
        assertTrue(k.knowsSingularValues());
        assertArrayEquals(s, k.singularValues());
        for (CreditTolerance t : List.of(CreditTolerance.FLOAT32, CreditTolerance.DOUBLE)) {
            BlockCredit expected = BlockCredit.ofSingularValues(s, 5, 7, t).orElseThrow();
            BlockOperator.Counted c = k.counted(t.threshold(1.0, 5, 7));
            assertEquals(expected.rank(), c.rank(), t.spec());
            assertEquals(expected.logCredit(), c.logDeterminant(), 0.0, t.spec());
            assertEquals(expected, BlockCredit.of(k, t).orElseThrow());
        }
        assertEquals(3, k.counted(1e-7).rank());
        assertEquals(5, k.counted(0.0).rank());
        assertEquals(new BlockOperator.Counted(0, 0.0), BlockOperator.ofSingularValues(3, 3, new double[0])
                .counted(0.1));
    }

    @Test
    void sensitivityFromProvedOperatorsEqualsTheDenseOnes() {
        List<Matrix> chain = BlockSensitivityTest.randomChain(3, 4, 77);
        List<KoopmanOperator> dense = chain.stream().map(m -> KoopmanOperator.fromDense(m, null)).toList();
        List<BlockOperator> proved = dense.stream().map(k -> {
            BlockOperator.Counted c = k.counted(0.0);
            return BlockOperator.ofProvedDeterminant(4, 4, c.rank(), c.logDeterminant(),
                    CreditTolerance.DOUBLE.threshold(1.0, 4, 4));
        }).toList();
        List<BlockSensitivity> a = BlockSensitivity.of(dense, CreditTolerance.DOUBLE);
        List<BlockSensitivity> b = BlockSensitivity.of(proved, CreditTolerance.DOUBLE);
        for (int i = 0; i < 3; i++) {
            assertEquals(a.get(i).logSensitivity(), b.get(i).logSensitivity(), 1e-12, "block " + i);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BlockOperator.ofProvedDeterminant(3, 4, 0, 0.0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> BlockOperator.ofProvedDeterminant(3, 4, 4, 0.0, 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> BlockOperator.ofProvedDeterminant(3, 4, 2, Double.NaN, 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> BlockOperator.ofProvedDeterminant(3, 4, 2, 1.0, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> BlockOperator.ofProvedDeterminant(3, 4, 2, 1.0, -1));
        assertThrows(IllegalArgumentException.class, () -> new BlockOperator.Counted(-1, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new BlockOperator.Counted(0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new BlockOperator.Counted(2, Double.NaN));
        BlockOperator k = BlockOperator.ofProvedDeterminant(3, 4, 3, 1.5, 0.1);
        assertEquals(3, k.nIn());
        assertEquals(4, k.nOut());
        assertThrows(IllegalArgumentException.class, () -> k.counted(-0.5));
        assertThrows(IllegalArgumentException.class, () -> k.counted(Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> new ScalableOneStep.Credited(java.util.Optional.empty(), null, 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new ScalableOneStep.Credited(java.util.Optional.empty(), new double[0], 0.1));
        assertThrows(IllegalArgumentException.class,
                () -> new ScalableOneStep.Credited(java.util.Optional.empty(), null, Double.NaN));
    }
}
