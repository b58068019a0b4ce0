package io.koopcredit.koopman;

import io.koopcredit.base.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Planted answers: a linear block f(x) = W·x must come back as K_i. */
class LinearBlockRecoveryTest {
    /** Recovery of W from exact linear data: rounding only, amplified by the snapshots' conditioning. */
    private static final double RECOVERY = 1e-8;

    private static final Estimator.Faithful FAITHFUL = Estimator.faithful().rank(new RankPolicy.MachinePrecision());
    private static final Estimator.OneStep ONE_STEP = Estimator.onestep().rank(new RankPolicy.MachinePrecision());

    /** W with singular values in [0.8, 1.2]: powers of the aligned map stay well conditioned. */
    static Matrix planted(int nOut, int nIn, long seed) {
        Matrix g = TestMatrices.gaussian(nOut, nIn, seed);
        io.koopcredit.linalg.Svd svd = Linalg.svd(g);
        double[] s = new double[svd.s().length];
        for (int i = 0; i < s.length; i++) {
            s[i] = 0.8 + 0.4 * i / Math.max(1, s.length - 1);
        }
        return Linalg.multiplyTransposeB(svd.u().scaleColumns(s), svd.v());
    }

    static FitData randomInputs(Matrix w, int count, long seed) {
        Matrix x = TestMatrices.gaussian(w.cols(), count, seed);
        return new FitData(x.toColumnMajor(), Linalg.multiply(w, x).toColumnMajor(), count);
    }

    @ParameterizedTest
    @CsvSource({"6,6", "5,8", "8,5", "1,4", "4,1"})
    void oneStepRecoversWInEveryShape(int nOut, int nIn) {
        Matrix w = planted(nOut, nIn, 1);
        try (PartitionedNetwork pn = network(w)) {
            TrialFit fit = new OneStepEstimator(ONE_STEP).fit(pn.block(0), randomInputs(w, 3 * nIn, 2), 0, null);
            assertTrue(TestMatrices.maxAbsDiff(w, fit.operator().dense()) < RECOVERY);
            assertEquals(Math.min(nIn, nOut), fit.operator().rank());
        }
    }

    @ParameterizedTest
    @CsvSource({"6,6", "5,8", "3,9"})
    void faithfulRecoversWForE2EAndL2S(int nOut, int nIn) {
        Matrix w = planted(nOut, nIn, 3);
        try (PartitionedNetwork pn = network(w)) {
            // nIn random initial states: the snapshots span R^nIn, so K̃ = A·W on all of it and K = B·A·W = W.
            TrialFit fit = new FaithfulEstimator(FAITHFUL).fit(pn.block(0), randomInputs(w, nIn, 4), 0,
                    Seeds.generator(1, 0, 0));
            assertTrue(TestMatrices.maxAbsDiff(w, fit.operator().dense()) < RECOVERY,
                    "max diff " + TestMatrices.maxAbsDiff(w, fit.operator().dense()));
            assertEquals(2 * Math.min(nIn, nOut), fit.trajectories().steps());
        }
    }

    @ParameterizedTest
    @CsvSource({"8,5", "9,3"})
    void faithfulGivesTheProjectionBBplusWForS2L(int nOut, int nIn) {
        // S2L: B·A = B·B⁺ projects R^nOut onto B's nIn-dimensional range, so Eq. (1) gives B·B⁺·W, not W.
        Matrix w = planted(nOut, nIn, 5);
        try (PartitionedNetwork pn = network(w)) {
            TrialFit fit = new FaithfulEstimator(FAITHFUL).fit(pn.block(0), randomInputs(w, nIn, 6), 0,
                    Seeds.generator(2, 0, 0));
            DimensionAlignment al = DimensionAlignment.draw(nIn, nOut, AlignmentDistribution.GAUSSIAN,
                    Seeds.generator(2, 0, 0));
            Matrix expected = Linalg.multiply(Linalg.multiply(al.b(), al.a()), w);
            assertTrue(TestMatrices.maxAbsDiff(expected, fit.operator().dense()) < RECOVERY);
            assertTrue(TestMatrices.maxAbsDiff(w, fit.operator().dense()) > 1e-3, "not W itself");
        }
    }

    @ParameterizedTest
    @CsvSource({"5,8", "3,9", "8,5", "9,3", "7,12"})
    void theStructuredAlignmentRecoversBBplusW(int nOut, int nIn) {
        // B·B⁺ = I for L2S (K = W) and the projection Q·Qᵀ for S2L, as with a dense alignment.
        Matrix w = planted(nOut, nIn, 11);
        Estimator.Faithful structured = FAITHFUL.alignment(AlignmentDistribution.STRUCTURED);
        try (PartitionedNetwork pn = network(w)) {
            TrialFit fit = new FaithfulEstimator(structured).fit(pn.block(0), randomInputs(w, nIn, 12), 0,
                    Seeds.generator(4, 0, 0));
            DimensionAlignment al = DimensionAlignment.draw(nIn, nOut, AlignmentDistribution.STRUCTURED,
                    Seeds.generator(4, 0, 0));
            assertTrue(al.isStructured());
            Matrix expected = Linalg.multiply(Linalg.multiply(al.b(), al.a()), w);
            assertTrue(TestMatrices.maxAbsDiff(expected, fit.operator().dense()) < RECOVERY,
                    "max diff " + TestMatrices.maxAbsDiff(expected, fit.operator().dense()));
            assertEquals(nOut < nIn, TestMatrices.maxAbsDiff(w, fit.operator().dense()) < RECOVERY, "W itself for L2S");
            assertEquals(Math.sqrt(Math.max(nOut - nIn, 0)), fit.alignmentResidual(), 1e-12);
        }
    }

    @ParameterizedTest
    @CsvSource({"4", "7"})
    void logCreditOfASquareBlockIsLogAbsDetW(int n) {
        Matrix w = planted(n, n, 8);
        try (PartitionedNetwork pn = network(w)) {
            TrialFit fit = new FaithfulEstimator(FAITHFUL).fit(pn.block(0), randomInputs(w, n, 9), 0,
                    Seeds.generator(3, 0, 0));
            double logCredit = 0;
            for (double s : fit.operator().singularValues()) {
                logCredit += Math.log(s);
            }
            assertEquals(Linalg.logAbsDeterminant(w), logCredit, 1e-9);
        }
    }

    private static PartitionedNetwork network(Matrix w) {
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.linear("w", w)));
        return net.compile(net.partition(null));
    }

}
