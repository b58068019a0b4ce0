package io.koopcredit.koopman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.Precision;
import io.koopcredit.testing.TestMatrices;
import org.junit.jupiter.api.Test;

/**
 * The estimators' options, the evaluation precisions, the operator's invariants and DMD's noise-floor
 * bookkeeping, each against planted values.
 */
class KoopmanContractsTest {

    @Test
    void everyEstimatorNamesItsKindAndRefusesTooFewSamples() {
        assertEquals(EstimatorKind.FAITHFUL, Estimator.faithful().kind());
        assertEquals(EstimatorKind.ONE_STEP, Estimator.onestep().kind());
        assertEquals(EstimatorKind.PCA, Estimator.pca().kind());
        for (Runnable r : new Runnable[] {() -> Estimator.faithful().samples(0), () -> Estimator.onestep().samples(0)}) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class, r::run);
            assertEquals("samples", e.option());
            assertTrue(e.getMessage().contains("expected >= 1, found 0"), e.getMessage());
        }
        InvalidOptionException pca = assertThrows(InvalidOptionException.class, () -> Estimator.pca().samples(1));
        assertTrue(pca.getMessage().contains("expected >= 2 with the PCA estimator"), pca.getMessage());
        assertEquals(1, Estimator.faithful().samples(1).samples());
        assertEquals(2, Estimator.pca().samples(2).samples());
        assertThrows(InvalidOptionException.class, () -> Estimator.pca().components(-1));
        assertEquals(0, Estimator.pca().components(0).components(), "0: the default rule");
    }

    @Test
    void theFaithfulEstimatorTakesOneToTheMaximumNumberOfTrials() {
        int max = EstimatorDefaults.MAX_TRIALS;
        assertEquals(max, Estimator.faithful().trials(max).trials());
        assertEquals(1, Estimator.faithful().trials(1).trials());
        for (int bad : new int[] {0, max + 1}) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> Estimator.faithful().trials(bad));
            assertEquals("trials", e.option());
        }
        assertThrows(InvalidOptionException.class, () -> Estimator.faithful().steps(-1));
        assertEquals(0, Estimator.faithful().steps(0).steps(), "0: the paper's 2d");
    }

    @Test
    void evaluationPrecisionsSayWhatIsAskedAndWhetherToFallBack() {
        assertEquals(Precision.FLOAT64, EvaluationPrecision.AUTO.requested());
        assertTrue(EvaluationPrecision.AUTO.fallBack());
        assertEquals(Precision.FLOAT32, EvaluationPrecision.FLOAT32.requested());
        assertFalse(EvaluationPrecision.FLOAT32.fallBack());
        assertEquals(Precision.FLOAT64, EvaluationPrecision.FLOAT64.requested());
        assertFalse(EvaluationPrecision.FLOAT64.fallBack());
        for (EvaluationPrecision p : EvaluationPrecision.values()) {
            assertEquals(p, EvaluationPrecision.parse(" " + p.spec().toUpperCase(java.util.Locale.ROOT) + " "));
        }
        assertThrows(InvalidOptionException.class, () -> EvaluationPrecision.parse("float16"));
        assertThrows(InvalidOptionException.class, () -> EvaluationPrecision.parse(null));
    }

    @Test
    void operatorsTakeEqualSingularValuesButNotIncreasingOnes() {
        Matrix u = Matrix.identity(2);
        KoopmanOperator equal = new KoopmanOperator(u, new double[] {2, 2}, u, null);
        assertEquals(2, equal.rank());
        assertFalse(equal.isAffine());
        assertTrue(new KoopmanOperator(u, new double[] {2, 2}, u, new double[] {1, 1}).isAffine());
        assertThrows(IllegalArgumentException.class, () -> new KoopmanOperator(u, new double[] {2, 3}, u, null));
        assertThrows(IllegalArgumentException.class, () -> new KoopmanOperator(u, new double[] {2, 0}, u, null));
        assertThrows(IllegalArgumentException.class, () -> new KoopmanOperator(u, new double[] {2, 1}, u,
                new double[3]));
    }

    /**
     * Y = diag(4, 3, 0.001) with a relative rounding δ = 10⁻³: ‖Y‖_F = √25.000001, the floor δ·‖Y‖_F ≈ 0.005
     * lies above 0.001. The default policy drops that value; the machine-precision one keeps it and says it
     * kept one value at or below the floor.
     */
    @Test
    void dmdReportsTheNoiseFloorAndTheValuesKeptBelowIt() {
        Matrix y = Matrix.diagonal(new double[] {4, 3, 0.001});
        double floor = 1e-3 * Math.sqrt(16 + 9 + 1e-6);
        Dmd.Fit precise = Dmd.fit(y, y, new RankPolicy.DataPrecision(), 3, 1e-3);
        assertEquals(2, precise.rank());
        assertEquals(0, precise.keptBelowNoise());
        assertEquals(floor / 4, precise.noiseFloor(), 1e-18);
        assertEquals(4.0 / 3, precise.condition(), 1e-15);
        Dmd.Fit machine = Dmd.fit(y, y, new RankPolicy.MachinePrecision(), 3, 1e-3);
        assertEquals(3, machine.rank());
        assertEquals(1, machine.keptBelowNoise());
        assertEquals(4000, machine.condition(), 1e-9);
        // Y' = Y: the fit is the identity on the kept span.
        assertTrue(TestMatrices.maxAbsDiff(Matrix.identity(3),
                io.koopcredit.linalg.Linalg.multiplyTransposeB(machine.left(), machine.basis())) < 1e-12);
        Dmd.Fit zero = Dmd.fit(Matrix.zeros(3, 2), Matrix.zeros(3, 2), new RankPolicy.DataPrecision(), 2, 1e-3);
        assertEquals(0, zero.rank());
        assertEquals(0.0, zero.noiseFloor());
        assertTrue(Double.isNaN(zero.condition()));
        assertThrows(IllegalArgumentException.class, () -> Dmd.fit(y, Matrix.zeros(3, 2),
                new RankPolicy.MachinePrecision(), 3, 0));
    }

    @Test
    void composingAnAffineAndALinearOperatorComposesTheOffsets() {
        Matrix a = TestMatrices.gaussian(3, 2, 1);
        Matrix b = TestMatrices.gaussian(2, 3, 2);
        double[] offA = {1, -2, 0.5};
        double[] offB = {3, 4};
        KoopmanOperator inner = KoopmanOperator.fromDense(b, offB);
        KoopmanOperator outer = KoopmanOperator.fromDense(a, null);
        // outer(inner(x)) = A·(B·x + b) = A·B·x + A·b
        double[] ab = io.koopcredit.linalg.Linalg.multiply(a, offB);
        double[] got = outer.compose(inner).offset();
        for (int i = 0; i < 3; i++) {
            assertEquals(ab[i], got[i], 1e-12);
        }
        // The other way round: a linear inner and an affine outer keep the outer offset.
        double[] kept = KoopmanOperator.fromDense(a, offA).compose(KoopmanOperator.fromDense(b, null)).offset();
        for (int i = 0; i < 3; i++) {
            assertEquals(offA[i], kept[i], 1e-12);
        }
        assertNull(outer.compose(KoopmanOperator.fromDense(b, null)).offset());
        assertThrows(IllegalArgumentException.class, () -> outer.compose(outer));
    }
}
