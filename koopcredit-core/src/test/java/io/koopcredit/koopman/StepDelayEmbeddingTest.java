package io.koopcredit.koopman;

import io.koopcredit.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class StepDelayEmbeddingTest {

    private static PartitionedNetwork block(int nIn, int nOut, boolean float32, UnaryOperator<double[]> fn) {
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.of("f", LayerType.OTHER, TensorShape.of(nIn),
                TensorShape.of(nOut), float32, fn)));
        return net.compile(net.partition(null));
    }

    private static DimensionAlignment identity(int n) {
        return DimensionAlignment.draw(n, n, AlignmentDistribution.GAUSSIAN, new SplittableRandom(0));
    }

    @Test
    void constantBlockReachesAFixedPointAndRepeatsAreCountedNotComputed() {
        double[] c = {1, 2, 3};
        try (PartitionedNetwork pn = block(3, 3, true, x -> c.clone())) {
            StepDelayEmbedding.Result r = StepDelayEmbedding.embed(pn.block(0), identity(3), new double[] {5, 5, 5},
                    1, 100, true);
            // y0 = 5s, y1 = c, y2 = c: the repeat is seen at step 2 and no more evaluations run.
            assertEquals(2, r.stats().computedSteps());
            assertEquals(1, r.stats().cycled());
            assertEquals(1, r.stats().maxPeriod());
            assertEquals(100, r.snapshots().nominalPairs());
            // Pairs (y0, c), (c, c) computed, then (c, c) again for the remaining 98 steps: one column of
            // weight sqrt(98). (The two (c, c) columns are not merged; DMD sees the same Gram matrix.)
            assertEquals(3, r.snapshots().distinctPairs());
            assertEquals(Math.sqrt(98) * 2, r.snapshots().x().get(1, 2), 1e-12);
            assertEquals(Math.sqrt(14), r.stats().meanNormLast(), 1e-12);
        }
    }

    @Test
    void twoCycleIsCountedWithItsPeriod() {
        try (PartitionedNetwork pn = block(2, 2, true, x -> new double[] {-x[0], -x[1]})) {
            StepDelayEmbedding.Result r = StepDelayEmbedding.embed(pn.block(0), identity(2), new double[] {1, 0.5},
                    1, 11, true);
            assertEquals(2, r.stats().maxPeriod());
            assertEquals(11, r.snapshots().nominalPairs());
            // Pairs (y0,y1) x6 and (y1,y0) x5 span one direction, on which DMD finds exactly K̃·y0 = -y0.
            Dmd.Fit fit = Dmd.fit(r.snapshots().x(), r.snapshots().xNext(), new RankPolicy.MachinePrecision(), 11, 0);
            assertEquals(1, fit.rank(), "a single direction is observed");
            Matrix k = io.koopcredit.linalg.Linalg.multiplyTransposeB(fit.left(), fit.basis());
            double[] ky0 = io.koopcredit.linalg.Linalg.multiply(k, new double[] {1, 0.5});
            assertEquals(-1.0, ky0[0], 1e-12);
            assertEquals(-0.5, ky0[1], 1e-12);
            assertEquals(2, r.stats().computedSteps(), "y2 = y0 is recognised as a repeat: no more evaluations");
        }
    }

    @Test
    void shortcutGivesTheSameOperatorAsTheFullComputation() {
        // A contracting float32 ReLU block, iterated with a Gaussian alignment, collapses to a fixed point.
        Matrix w = TestMatrices.gaussian(12, 20, 21).scale(0.2);
        double[] b = new double[12];
        for (int i = 0; i < b.length; i++) {
            b[i] = 0.1 * (i % 3);
        }
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.relu("relu", w, b)));
        try (PartitionedNetwork pn = net.compile(net.partition(null))) {
            double[] init = TestMatrices.gaussian(20, 3, 22).toColumnMajor();
            FitData data = new FitData(init, new double[12 * 3], 3);
            EstimatorSettings fast = new EstimatorSettings(EstimatorKind.FAITHFUL, new RankPolicy.MachinePrecision(),
                    AlignmentDistribution.GAUSSIAN, 0, false, true, 0);
            EstimatorSettings full = new EstimatorSettings(EstimatorKind.FAITHFUL, new RankPolicy.MachinePrecision(),
                    AlignmentDistribution.GAUSSIAN, 0, false, false, 0);
            TrialFit a = new StepDelayEstimator(fast).fit(pn.block(0), data, 0, Seeds.generator(1, 0, 0));
            TrialFit c = new StepDelayEstimator(full).fit(pn.block(0), data, 0, Seeds.generator(1, 0, 0));
            assertTrue(a.trajectories().cycled() > 0, "the test needs trajectories that collapse");
            assertTrue(a.trajectories().computedSteps() < c.trajectories().computedSteps());
            assertEquals(c.nominalPairs(), a.nominalPairs());
            assertEquals(c.snapshotRank(), a.snapshotRank());
            Matrix ka = a.operator().dense();
            Matrix kc = c.operator().dense();
            double scale = kc.frobeniusNorm();
            assertTrue(TestMatrices.maxAbsDiff(ka, kc) <= 1e-9 * scale,
                    "diff " + TestMatrices.maxAbsDiff(ka, kc) + " scale " + scale);
        }
    }

    @Test
    void explodingTrajectoryIsCutAndRecorded() {
        try (PartitionedNetwork pn = block(2, 2, false, x -> new double[] {1e40 * x[0], 1e40 * x[1]})) {
            StepDelayEmbedding.Result r = StepDelayEmbedding.embed(pn.block(0), identity(2), new double[] {1, 1},
                    1, 20, true);
            // Norms: sqrt2, 1.4e40, 1.4e80, 1.4e120, 1.4e160 > 1e150: the 4th step is cut.
            assertEquals(1, r.stats().stopped());
            assertEquals(4, r.stats().firstStopStep());
            assertEquals(3, r.snapshots().nominalPairs());
            assertTrue(Double.isFinite(r.stats().meanNormLast()));
        }
    }
}
