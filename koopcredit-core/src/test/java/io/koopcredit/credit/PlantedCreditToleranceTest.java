package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The credit tolerance on planted singular values {1, 10⁻³, 10⁻⁹}: the float32 tolerance (2⁻²³·σ_max ≈
 * 1.2·10⁻⁷) counts two of them, log BC = ln 10⁻³; the double one (3·2⁻⁵²·σ_max ≈ 6.7·10⁻¹⁶) counts all
 * three, log BC = ln 10⁻¹². The planted block is diagonal, so the float32 rounding of its outputs changes
 * each singular value by a relative 6·10⁻⁸ only (a rotated W would mix the 10⁻⁹ direction with rounding
 * of the others).
 */
class PlantedCreditToleranceTest {
    static final double[] SIGMA = {1.0, 1e-3, 1e-9};
    /** ln σ changes by the relative change of σ: the float32 rounding of the outputs, 6·10⁻⁸, and margin. */
    private static final double LOG_TOLERANCE = 1e-6;

    static JavaNetwork diagonal(boolean float32) {
        Matrix w = Matrix.diagonal(SIGMA);
        return new JavaNetwork(List.of(JavaNetwork.of("diag", LayerType.DENSE, TensorShape.of(3), TensorShape.of(3),
                float32, x -> Linalg.multiply(w, x))));
    }

    private static BlockResult credit(boolean float32, CreditTolerance tolerance) {
        AnalysisOptions opts = AnalysisOptions.of(Estimator.onestep().samples(10)).withHoldout(4).withThreads(1)
                .withCreditTolerance(tolerance);
        return CreditAnalysis.run(diagonal(float32), CreditAnalysisTest.data(10, 4, 3), opts, ProgressListener.NONE)
                .blocks().get(0);
    }

    @Test
    void theFloat32ToleranceCountsTwoSingularValuesAndTheDoubleOneThree() {
        for (boolean float32 : new boolean[] {false, true}) {
            BlockResult f = credit(float32, CreditTolerance.FLOAT32);
            assertEquals(CreditTolerance.FLOAT32, f.numerics().creditTolerance());
            assertEquals(2, f.credit().rank());
            assertEquals(Math.log(1e-3), f.credit().logCredit(), LOG_TOLERANCE);
            assertEquals(Math.log(1e-3) / 2, f.credit().logCreditPerDim(), LOG_TOLERANCE);
            assertEquals(3, f.operatorRank(), "the operator itself keeps all three");

            BlockResult d = credit(float32, CreditTolerance.DOUBLE);
            assertEquals(CreditTolerance.DOUBLE, d.numerics().creditTolerance());
            assertEquals(3, d.credit().rank());
            assertEquals(Math.log(1e-12), d.credit().logCredit(), LOG_TOLERANCE);
        }
    }

    @Test
    void theDataToleranceFollowsThePrecisionOfTheActivations() {
        BlockResult double64 = credit(false, CreditTolerance.DATA);
        assertEquals(CreditTolerance.DOUBLE, double64.numerics().creditTolerance());
        assertEquals(3, double64.credit().rank());
        assertEquals(Math.log(1e-12), double64.credit().logCredit(), LOG_TOLERANCE);

        BlockResult float32 = credit(true, CreditTolerance.DATA);
        assertEquals(CreditTolerance.FLOAT32, float32.numerics().creditTolerance());
        assertEquals(2, float32.credit().rank());
        assertEquals(Math.log(1e-3), float32.credit().logCredit(), LOG_TOLERANCE);
    }

    @Test
    void theThresholdsAreTheDocumentedOnes() {
        assertEquals(0x1p-23 * 2.0, CreditTolerance.FLOAT32.threshold(2.0, 5, 7), 0.0);
        assertEquals(7 * 0x1p-52 * 2.0, CreditTolerance.DOUBLE.threshold(2.0, 5, 7), 0.0);
        assertEquals(7 * 0x1p-52 * 2.0, CreditTolerance.DOUBLE.threshold(2.0, 7, 5), 0.0);
        // Strictly above: a value exactly at the threshold does not count.
        assertEquals(1, BlockCredit.numericalRank(new double[] {1.0, 0x1p-23}, 2, 2, CreditTolerance.FLOAT32));
        assertEquals(2, BlockCredit.numericalRank(new double[] {1.0, 0x1p-22}, 2, 2, CreditTolerance.FLOAT32));
    }
}
