package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.BlockOperator;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.Network;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

    @ParameterizedTest
    @EnumSource(value = CreditTolerance.class, names = {"FLOAT32", "DOUBLE"})
    void aWellConditionedTriangularProductIsProvedAndEqualsTheSingularValuesSum(CreditTolerance tolerance) {
        int n = 60;
        Matrix rOut = upper(n, 1, 0.1);
        Matrix rIn = upper(n, 2, 0.2);
        Matrix inverse = Linalg.upperTriangularInverse(rIn);
        double[] counted = new double[1];
        ScalableOneStep.Credited c = ScalableOneStep.credited(rOut, inverse, true, 500, 400,
                tolerance, f -> counted[0] += f);
        assertNull(c.positive(), "proved: the singular values are not computed");
        // (DOUBLE's threshold depends on the operator's shape, 500 × 400, not the product's)
        assertEquals(tolerance.threshold(1.0, 500, 400), c.provedThreshold());
        BlockCredit credit = c.credit().orElseThrow();
        double[] s = Linalg.singularValues(Linalg.multiply(rOut, inverse));
        BlockCredit expected = BlockCredit.ofSingularValues(s, 500, 400, tolerance).orElseThrow();
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
        BlockCredit again = BlockCredit.of(k, tolerance).orElseThrow();
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
        BlockCredit expected = BlockCredit.ofSingularValues(s, n, n, CreditTolerance.FLOAT32).orElseThrow();
        BlockCredit credit = c.credit().orElseThrow();
        assertEquals(expected.rank(), credit.rank());
        assertTrue(credit.rank() < n, "values below ε_float32 of the largest are not counted");
        assertEquals(expected.logCredit(), credit.logCredit(), RELATIVE * Math.abs(expected.logCredit()));
        assertEquals(n, c.positive().length);
        // the counted values (those above 10⁻³ of the largest from the Gram matrix, the rest by SVD) are the SVD's
        for (int j = 0; j < credit.rank(); j++) {
            assertEquals(s[j], c.positive()[j], 1e-9 * s[j], "σ_" + j);
        }
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
    void sensitivityFromProvedOperatorsMatchesTheKroneckerJacobian() {
        // Theorem 5 from operators known by their log determinants alone (from LU, not from their singular
        // values) against the determinant of the explicit Jacobian ∂vec(K)/∂vec(K_i)
        for (int m = 2; m <= 4; m++) {
            List<Matrix> chain = BlockSensitivityTest.randomChain(m, 3, 31L * m);
            List<BlockOperator> proved = chain.stream().map(k -> BlockOperator.ofProvedDeterminant(3, 3, 3,
                    Linalg.logAbsDeterminant(k), CreditTolerance.FLOAT32.threshold(1.0, 3, 3))).toList();
            List<BlockSensitivity> bs = BlockSensitivity.of(proved, CreditTolerance.FLOAT32);
            for (int i = 0; i < m; i++) {
                double expected = Linalg.logAbsDeterminant(BlockSensitivityTest.explicitJacobian(chain, i));
                assertEquals(expected, bs.get(i).logSensitivity(), 1e-9, "m=" + m + " i=" + i);
            }
        }
        // a proved operator of lower rank than its order is singular: the others' sensitivity is zero
        List<BlockOperator> mixed = List.of(BlockOperator.ofProvedDeterminant(3, 3, 2, 0.5, 1e-6),
                BlockOperator.ofProvedDeterminant(3, 3, 3, 0.25, 1e-6));
        List<BlockSensitivity> z = BlockSensitivity.of(mixed, CreditTolerance.FLOAT32);
        assertNull(z.get(1).logSensitivity());
        assertEquals(3 * 0.25, z.get(0).logSensitivity(), 0.0);
    }

    /** I + 0.2·G: well conditioned, so no block's input spectrum is cut by the rank policy. */
    private static Matrix nearIdentity(int n, long seed) {
        Matrix g = TestMatrices.gaussian(n, n, seed);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                a[i + j * n] = (i == j ? 1.0 : 0.0) + 0.2 * g.get(i, j);
            }
        }
        return Matrix.wrap(n, n, a);
    }

    @Test
    void aSquareChainsSensitivitiesFromTheGramFormEqualTheDenseOnes() {
        // Four 8 × 8 blocks fitted on N = 8 samples (biases keep the ReLUs active: no unit dead, every K_i of
        // full rank; every R_i 8 × 8, the full-rank shortcut), every K_i square of one order, so Theorem 5
        // applies; the
        // Gram form proves its credits (the operators known by their log determinants) and the sensitivities
        // assembled from them equal the dense form's, computed from its operators' singular values.
        double[] b = new double[8];
        java.util.Arrays.fill(b, 4.0);
        Network net = new JavaNetwork(List.of(JavaNetwork.relu("dense1", nearIdentity(8, 11), b),
                JavaNetwork.linear("dense2", nearIdentity(8, 12)), JavaNetwork.relu("dense3", nearIdentity(8, 13), b),
                JavaNetwork.linear("dense4", nearIdentity(8, 14))));
        // (centred inputs: N(0, 1) samples keep X well conditioned, κ ≤ 10³, through every block)
        java.util.SplittableRandom rng = new java.util.SplittableRandom(21);
        float[] fit = new float[8 * 8];
        float[] held = new float[30 * 8];
        for (int k = 0; k < fit.length; k++) {
            fit[k] = (float) rng.nextGaussian();
        }
        for (int k = 0; k < held.length; k++) {
            held[k] = (float) rng.nextGaussian();
        }
        AnalysisData data = new AnalysisData("gaussian", fit, 8, held, 30, null);
        AnalysisOptions options = AnalysisOptions.of(Estimator.onestep().samples(8)).withHoldout(30);
        CreditResult dense = CreditAnalysis.run(net, data, options.withFormulation(Formulation.DENSE),
                ProgressListener.NONE);
        CreditResult scalable = CreditAnalysis.run(net, data, options.withFormulation(Formulation.SCALABLE),
                ProgressListener.NONE);
        for (int i = 0; i < 4; i++) {
            BlockResult d = dense.blocks().get(i);
            BlockResult g = scalable.blocks().get(i);
            assertEquals(8, g.credit().rank(), d.name());
            assertEquals(d.credit().rank(), g.credit().rank(), d.name());
            assertEquals(d.credit().logCredit(), g.credit().logCredit(), 1e-8 * Math.abs(d.credit().logCredit()),
                    d.name());
            assertNotNull(d.sensitivity().logSensitivity(), d.name() + ": " + d.sensitivity().note());
            assertEquals(d.sensitivity().logSensitivity(), g.sensitivity().logSensitivity(),
                    1e-8 * Math.abs(d.sensitivity().logSensitivity()), d.name());
            assertEquals(d.operatorRank(), g.operatorRank(), d.name());
            // proved: the product 8³ by DTRMM and its inverse 8³/3 counted, no Gram matrix nor eigenvalues
            assertEquals(4.0 * 8 * 8 * 8 / 3, scalable.timings().blocks().get(i).dmdFlops(), 1e-9, d.name());
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
