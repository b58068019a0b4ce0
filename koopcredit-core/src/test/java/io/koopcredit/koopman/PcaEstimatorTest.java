package io.koopcredit.koopman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.credit.BlockCredit;
import io.koopcredit.credit.CreditTolerance;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PCA estimator (Section III.D's quick variant) on planted affine blocks. */
class PcaEstimatorTest {
    private static final int N = 6;
    private static final int SAMPLES = 40;

    private static TrialFit fit(Matrix w, double[] b, int components) {
        return fit(w, b, components, TestMatrices.gaussian(w.cols(), SAMPLES, 21).toColumnMajor());
    }

    private static TrialFit fit(Matrix w, double[] b, int components, double[] x) {
        JavaNetwork net = new JavaNetwork(List.of(new JavaNetwork.JavaLayer("affine", LayerType.DENSE,
                TensorShape.of(w.cols()), TensorShape.of(w.rows()), v -> {
                    double[] y = Linalg.multiply(w, v);
                    for (int i = 0; i < y.length; i++) {
                        y[i] += b[i];
                    }
                    return y;
                }, false)));
        try (PartitionedNetwork pn = net.compile(net.partition(null))) {
            FitData data = new FitData(x, pn.block(0).apply(x, SAMPLES), SAMPLES);
            return new PcaEstimator(Estimator.pca().samples(SAMPLES).components(components)).fit(pn.block(0), data, 0,
                    null);
        }
    }

    @Test
    void withEveryComponentTheAffineBlockComesBackAndTheCreditIsLogAbsDet() {
        Matrix w = TestMatrices.gaussian(N, N, 22);
        double[] b = TestMatrices.gaussian(N, 1, 23).toColumnMajor();
        TrialFit fit = fit(w, b, N);
        assertTrue(TestMatrices.maxAbsDiff(w, fit.operator().dense()) < 1e-10);
        assertArrayEquals(b, fit.operator().apply(new double[N], 1), 1e-10, "the offset is f(0) = b");
        // |det M| = |det P_outᵀ·W·P_in| = |det W|: the product of the eigenvalue moduli.
        BlockCredit credit = BlockCredit.ofEigenvalueModuli(fit.eigenvalueModuli(), CreditTolerance.DOUBLE)
                .orElseThrow();
        assertEquals(N, credit.rank());
        assertEquals(Linalg.logAbsDeterminant(w), credit.logCredit(), 1e-9);
    }

    @Test
    void aSingularBlockIsCreditedByItsNonZeroEigenvalues() {
        // W = Q·diag(3, 2, 1.5, 0, 0, 0)·Qᵀ, and inputs X = Q·diag(6..1)·Zᵀ with Z's columns orthonormal and of
        // zero mean: the principal directions of X are Q's columns, those of F = W·X the first three of them, in
        // the same order, so M = diag(±3, ±2, ±1.5, 0, 0, 0) and the non-zero eigenvalues are 3, 2 and 1.5.
        Matrix q = Linalg.qr(TestMatrices.gaussian(N, N, 24)).q();
        Matrix w = Linalg.multiplyTransposeB(q.scaleColumns(new double[] {3, 2, 1.5, 0, 0, 0}), q);
        double[] g = TestMatrices.gaussian(SAMPLES, N, 25).toColumnMajor();
        for (int j = 0; j < N; j++) {
            double mean = 0;
            for (int i = 0; i < SAMPLES; i++) {
                mean += g[j * SAMPLES + i] / SAMPLES;
            }
            for (int i = 0; i < SAMPLES; i++) {
                g[j * SAMPLES + i] -= mean;
            }
        }
        Matrix z = Linalg.qr(Matrix.wrap(SAMPLES, N, g)).q();
        Matrix x = Linalg.multiplyTransposeB(q.scaleColumns(new double[] {6, 5, 4, 3, 2, 1}), z);
        TrialFit fit = fit(w, new double[N], N, x.toColumnMajor());
        BlockCredit credit = BlockCredit.ofEigenvalueModuli(fit.eigenvalueModuli(), CreditTolerance.DOUBLE)
                .orElseThrow();
        assertEquals(3, credit.rank());
        assertEquals(Math.log(3) + Math.log(2) + Math.log(1.5), credit.logCredit(), 1e-9);
    }

    @Test
    void componentsAreCappedByTheWidthsAndTheSamples() {
        io.koopcredit.model.Block block = new io.koopcredit.model.Block(0, "b", List.of(new io.koopcredit.model.Layer(
                "b", LayerType.DENSE, List.of("Gemm"), TensorShape.of(30), TensorShape.of(8), 0, 0)));
        assertEquals(8, PcaEstimator.components(block, 100, 50));
        assertEquals(5, PcaEstimator.components(block, 5, 50));
        assertEquals(3, PcaEstimator.components(block, 100, 4), "N − 1");
        // Fewer components than the block's rank: a square k × k operator between the leading directions.
        TrialFit fit = fit(TestMatrices.gaussian(N, N, 26), new double[N], 3);
        assertEquals(3, fit.eigenvalueModuli().length);
        assertEquals(3, fit.operator().rank());
    }
}
