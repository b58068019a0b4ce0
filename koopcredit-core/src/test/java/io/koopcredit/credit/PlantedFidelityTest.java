package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fidelity with held-out errors planted by construction, so that the median, the 90th percentile (type 7:
 * h = (n − 1)q, README "Choices") and the mean all differ, and the fitting and held-out samples give
 * different answers. Every other fidelity test sees errors that are all equal (all 0 or all 1), where any
 * quantile of any sample set passes.
 */
class PlantedFidelityTest {
    /** Far below the planted errors' spacing (0.1), far above float32 rounding of the data (6·10⁻⁸). */
    private static final double FLOAT32_DATA = 1e-6;

    /**
     * K = I and f(x) = x/(1 + e): the relative error ‖Kx − f(x)‖/‖f(x)‖ = ‖e·f(x)‖/‖f(x)‖ is exactly e.
     *
     * @return samples with errors {@code errors} (a NaN error plants a zero output), sample after sample
     */
    private static double[][] planted(double[] errors, int width) {
        double[] x = new double[errors.length * width];
        double[] y = new double[errors.length * width];
        for (int j = 0; j < errors.length; j++) {
            for (int i = 0; i < width; i++) {
                double v = 0.5 + 0.25 * i + j;
                x[j * width + i] = v;
                y[j * width + i] = Double.isNaN(errors[j]) ? 0 : v / (1 + errors[j]);
            }
        }
        return new double[][] {x, y};
    }

    @Test
    void fidelityIsTheType7MedianAndP90OfThePerSampleErrors() {
        // Sorted errors 0.1, 0.2, 0.3, 0.5, 0.9: median 0.3 (mean 0.4, p75 0.5), p90 at h = 3.6: 0.5 + 0.6·0.4.
        double[] errors = {0.9, 0.1, Double.NaN, 0.5, 0.2, 0.3};
        double[][] xy = planted(errors, 3);
        Fidelity f = Fidelity.measure(KoopmanOperator.fromDense(Matrix.identity(3), null), xy[0], xy[1], errors.length);
        assertEquals(0.3, f.median(), 1e-12);
        assertEquals(0.74, f.p90(), 1e-12);
        assertEquals(5, f.samples(), "the zero output is skipped, not counted as an error");
        assertEquals(1, f.skipped());
    }

    @Test
    void threeErrorsGiveTheMiddleOneAndTheType7P90() {
        // {0.1, 0.2, 0.9}: median 0.2; p90 at h = 1.8: 0.2 + 0.8·0.7 = 0.76; mean 0.4, p75 0.55.
        double[] errors = {0.2, 0.9, 0.1};
        double[][] xy = planted(errors, 2);
        Fidelity f = Fidelity.measure(KoopmanOperator.fromDense(Matrix.identity(2), null), xy[0], xy[1], 3);
        assertEquals(0.2, f.median(), 1e-12);
        assertEquals(0.76, f.p90(), 1e-12);
        assertEquals(3, f.samples());
        assertEquals(0, f.skipped());
    }

    /**
     * A ReLU block fitted on positive inputs, where it is the identity: the one-step operator is K = I (the
     * fitting samples are reproduced exactly). The held-out inputs (1, −e) have relu(x) = (1, 0), so
     * ‖Kx − relu(x)‖/‖relu(x)‖ = e, planted as {0.2, 0.9, 0.1}.
     */
    static JavaNetwork relu2() {
        return new JavaNetwork(List.of(JavaNetwork.relu("relu", Matrix.identity(2), new double[2])));
    }

    static AnalysisData reluData() {
        float[] fit = {0.3f, 0.7f, 0.9f, 0.2f, 0.5f, 0.6f, 0.1f, 0.8f, 0.4f, 0.4f};
        float[] held = {1f, -0.2f, 1f, -0.9f, 1f, -0.1f};
        return new AnalysisData("planted", fit, 5, held, 3, null);
    }

    @Test
    void fidelityIsMeasuredOnTheHeldOutSamplesNotTheFittingOnes() {
        AnalysisOptions opts = AnalysisOptions.of(Estimator.onestep().samples(5)).withHoldout(3).withThreads(1);
        CreditResult r = CreditAnalysis.run(relu2(), reluData(), opts, ProgressListener.NONE);
        BlockResult b = r.blocks().get(0);
        assertEquals(BlockStatus.OK, b.status(), b.reason());
        // The fit itself is exact: on the fitting samples every error would be 0.
        assertEquals(0.0, io.koopcredit.testing.TestMatrices.maxAbsDiff(Matrix.identity(2),
                r.operators().get(0).dense()), 1e-12);
        Fidelity f = b.fidelity();
        assertNotNull(f);
        assertEquals(0.2, f.median(), FLOAT32_DATA, "median of the held-out errors");
        assertEquals(0.76, f.p90(), FLOAT32_DATA, "type-7 90th percentile of the held-out errors");
        assertEquals(3, f.samples(), "fidelitySamples is the hold-out count (5 samples fit)");
        assertEquals(0, f.skipped());
    }

    @Test
    void everyEstimatorMeasuresFidelityOnTheHeldOutSamples() {
        // The faithful estimator on the same block: whatever operator it finds, its fidelity is measured on
        // the three held-out samples.
        AnalysisOptions opts = AnalysisOptions.of(Estimator.faithful().samples(5).trials(2)).withHoldout(3)
                .withThreads(1);
        BlockResult b = CreditAnalysis.run(relu2(), reluData(), opts, ProgressListener.NONE).blocks().get(0);
        assertNotNull(b.fidelity(), b.reason());
        assertEquals(3, b.fidelity().samples());
    }

    /** f(x) = W·x + b in double precision: 3 inputs, 2 outputs. */
    static final Matrix W = Matrix.fromRows(new double[][] {{0.5, -1.0, 2.0}, {1.5, 0.25, -0.75}});
    static final double[] B = {2.0, -3.0};

    static JavaNetwork affine() {
        return new JavaNetwork(List.of(JavaNetwork.of("affine", LayerType.DENSE, TensorShape.of(3), TensorShape.of(2),
                false, x -> {
                    double[] y = io.koopcredit.linalg.Linalg.multiply(W, x);
                    for (int i = 0; i < y.length; i++) {
                        y[i] += B[i];
                    }
                    return y;
                })));
    }

    @Test
    void anAffineBlockIsRecoveredExactlyWithTheConstantObservableAndNotWithout() {
        AnalysisData d = CreditAnalysisTest.data(12, 6, 3);
        AnalysisOptions with = AnalysisOptions.of(Estimator.onestep().samples(12).affine(true)).withHoldout(6)
                .withThreads(1);
        CreditResult r = CreditAnalysis.run(affine(), d, with, ProgressListener.NONE);
        KoopmanOperator k = r.operators().get(0);
        assertEquals(0.0, io.koopcredit.testing.TestMatrices.maxAbsDiff(W, k.dense()), 1e-12, "K = W");
        assertNotNull(k.offset());
        assertEquals(B[0], k.offset()[0], 1e-12);
        assertEquals(B[1], k.offset()[1], 1e-12);
        assertEquals(0.0, r.blocks().get(0).fidelity().median(), 1e-12);
        assertEquals(0.0, r.blocks().get(0).fidelity().p90(), 1e-12);

        AnalysisOptions without = with.withEstimator(Estimator.onestep().samples(12));
        CreditResult lin = CreditAnalysis.run(affine(), d, without, ProgressListener.NONE);
        KoopmanOperator kl = lin.operators().get(0);
        assertNull(kl.offset());
        // Inputs in [0, 1)³ and |b| ≈ 3.6: no linear map through the origin comes close.
        double fidelity = lin.blocks().get(0).fidelity().median();
        assertTrue(fidelity > 0.05, "a linear fit of an affine block errs: " + fidelity);
        assertTrue(io.koopcredit.testing.TestMatrices.maxAbsDiff(W, kl.dense()) > 0.1, "K is not W");
    }
}
