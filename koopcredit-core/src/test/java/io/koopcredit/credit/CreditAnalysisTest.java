package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreditAnalysisTest {

    static JavaNetwork reluChain() {
        double[] b1 = new double[10];
        double[] b2 = new double[6];
        java.util.Arrays.fill(b1, 0.05);
        java.util.Arrays.fill(b2, 0.02);
        return new JavaNetwork(List.of(
                JavaNetwork.relu("dense1", TestMatrices.gaussian(10, 16, 1).scale(0.3), b1),
                JavaNetwork.relu("dense2", TestMatrices.gaussian(6, 10, 2).scale(0.4), b2),
                JavaNetwork.linear("dense3", TestMatrices.gaussian(3, 6, 3).scale(0.5))));
    }

    static AnalysisData data(int fit, int held, int width) {
        float[] f = new float[fit * width];
        float[] h = new float[held * width];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) rng.nextDouble();
        }
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) rng.nextDouble();
        }
        return new AnalysisData("random", f, fit, h, held, null);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        AnalysisOptions base = AnalysisOptions.of(Estimator.faithful().samples(2).trials(4)).withHoldout(20)
                .withSeed(9);
        CreditResult one = CreditAnalysis.run(reluChain(), data(2, 20, 16), base.withThreads(1), ProgressListener.NONE);
        CreditResult two = CreditAnalysis.run(reluChain(), data(2, 20, 16), base.withThreads(2), ProgressListener.NONE);
        for (int i = 0; i < 3; i++) {
            BlockResult a = one.blocks().get(i);
            BlockResult b = two.blocks().get(i);
            assertEquals(BlockStatus.OK, a.status(), a.reason());
            assertEquals(a.credit().logCredit(), b.credit().logCredit(), 0.0, "bit-identical credit");
            assertEquals(a.fidelity().median(), b.fidelity().median(), 0.0);
            assertEquals(a.snapshotRank(), b.snapshotRank());
            assertEquals(0.0, TestMatrices.maxAbsDiff(one.operators().get(i).dense(), two.operators().get(i).dense()));
        }
        assertEquals(4, one.blocks().get(0).trials());
        assertEquals(20, one.blocks().get(0).steps(), "2d with d = min(16, 10)");
        assertNotNull(one.featureWeights());
        assertEquals(3, one.featureWeights().classes());
        assertNull(one.global().networkAccuracy(), "no labels given");
    }

    @Test
    void differentSeedsGiveDifferentAlignments() {
        AnalysisOptions base = AnalysisOptions.of(Estimator.faithful().samples(2).trials(2)).withHoldout(20);
        CreditResult a = CreditAnalysis.run(reluChain(), data(2, 20, 16), base.withSeed(1), ProgressListener.NONE);
        CreditResult b = CreditAnalysis.run(reluChain(), data(2, 20, 16), base.withSeed(2), ProgressListener.NONE);
        assertTrue(a.blocks().get(0).credit().logCredit() != b.blocks().get(0).credit().logCredit());
    }

    @Test
    void aBlockWhoseSnapshotsAreAllZeroGetsAStatusNotNaN() {
        JavaNetwork net = new JavaNetwork(List.of(
                JavaNetwork.of("dead", LayerType.DENSE, TensorShape.of(4), TensorShape.of(3), true, x -> new double[3]),
                JavaNetwork.linear("after", TestMatrices.gaussian(2, 3, 5))));
        AnalysisOptions opts = AnalysisOptions.of(Estimator.faithful().samples(1).trials(2)).withHoldout(5)
                .withThreads(1);
        // Zero inputs and a dead block: y(0) = 0 and every later state is 0.
        AnalysisData zeros = new AnalysisData("zeros", new float[4], 1, new float[5 * 4], 5, null);
        CreditResult r = CreditAnalysis.run(net, zeros, opts, ProgressListener.NONE);
        BlockResult dead = r.blocks().get(0);
        assertEquals(BlockStatus.DEGENERATE, dead.status());
        assertTrue(dead.reason().contains("snapshot matrix is zero"), dead.reason());
        assertNull(dead.credit());
        assertNull(dead.creditRank());
        assertEquals(0, dead.snapshotRank());
        assertNull(dead.snapshotCondition());
        assertNull(dead.fidelity(), "the block's outputs are all zero: fidelity is undefined, not NaN");
    }

    @Test
    void oneStepEstimatorRecoversALinearChainExactly() {
        JavaNetwork net = new JavaNetwork(List.of(
                JavaNetwork.linear("a", TestMatrices.gaussian(8, 8, 6)),
                JavaNetwork.linear("b", TestMatrices.gaussian(5, 8, 7))));
        AnalysisOptions opts = AnalysisOptions.forEstimator(EstimatorKind.ONE_STEP).withSamples(30).withHoldout(10)
                .withRank(new io.koopcredit.koopman.RankPolicy.MachinePrecision());
        CreditResult r = CreditAnalysis.run(net, data(30, 10, 8), opts, ProgressListener.NONE);
        assertEquals(1, r.blocks().get(0).trials());
        assertTrue(r.blocks().get(0).fidelity().median() < 1e-10);
        assertTrue(r.global().medianRelativeError() < 1e-10);
        assertEquals(1.0, r.global().agreement());
        Matrix k1 = TestMatrices.gaussian(8, 8, 6);
        assertEquals(io.koopcredit.linalg.Linalg.logAbsDeterminant(k1), r.blocks().get(0).credit().logCredit(), 1e-8);
        // Blocks a (8x8) and b (5x8) are not all square: sensitivity undefined.
        assertNull(r.blocks().get(0).sensitivity().logSensitivity());
    }

    @Test
    void aRankPolicyThatKeepsNothingIsNotReportedAsZeroSnapshots() {
        // Gavish-Donoho's threshold (about 1.5x the median singular value) removes every value of a flat
        // spectrum: an orthogonal W fed with identical inputs along each axis.
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.linear("flat", Matrix.identity(6))));
        float[] fit = new float[6 * 6];
        for (int i = 0; i < 6; i++) {
            fit[i * 6 + i] = 1;
        }
        AnalysisData d = new AnalysisData("axes", fit, 6, fit.clone(), 6, null);
        AnalysisOptions opts = AnalysisOptions.forEstimator(EstimatorKind.ONE_STEP).withSamples(6).withHoldout(6)
                .withRank(new io.koopcredit.koopman.RankPolicy.OptimalHardThreshold());
        BlockResult b = CreditAnalysis.run(net, d, opts, ProgressListener.NONE).blocks().get(0);
        assertEquals(BlockStatus.DEGENERATE, b.status());
        assertTrue(b.reason().contains("rank policy optimal kept no singular value"), b.reason());
    }
}
