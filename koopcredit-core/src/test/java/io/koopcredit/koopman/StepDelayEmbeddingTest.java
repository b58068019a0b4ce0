package io.koopcredit.koopman;

import io.koopcredit.base.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.Precision;
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
                    1, 100, true, 0);
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
                    1, 11, true, 0);
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

    /** A contracting float32 ReLU block: iterated with a Gaussian alignment, it collapses to a fixed point. */
    private static JavaNetwork contracting() {
        Matrix w = TestMatrices.gaussian(12, 20, 21).scale(0.2);
        double[] b = new double[12];
        for (int i = 0; i < b.length; i++) {
            b[i] = 0.1 * (i % 3);
        }
        return new JavaNetwork(List.of(JavaNetwork.relu("relu", w, b)));
    }

    @Test
    void exactRepeatsGiveTheSameSnapshotsAsTheFullComputation() {
        try (PartitionedNetwork pn = contracting().compile(contracting().partition(null))) {
            double[] init = TestMatrices.gaussian(20, 3, 22).toColumnMajor();
            DimensionAlignment al = DimensionAlignment.draw(20, 12, AlignmentDistribution.GAUSSIAN,
                    Seeds.generator(1, 0, 0));
            // Noise 0: only exact repeats of the float32 state end a trajectory.
            StepDelayEmbedding.Result fast = StepDelayEmbedding.embed(pn.block(0), al, init, 3, 24, true, 0);
            StepDelayEmbedding.Result full = StepDelayEmbedding.embed(pn.block(0), al, init, 3, 24, false, 0);
            assertTrue(fast.stats().cycled() > 0, "the test needs trajectories that collapse");
            assertEquals(0, fast.stats().converged());
            assertTrue(fast.stats().computedSteps() < full.stats().computedSteps());
            Dmd.Fit a = Dmd.fit(fast.snapshots().x(), fast.snapshots().xNext(), new RankPolicy.MachinePrecision(),
                    fast.snapshots().nominalPairs(), 0);
            Dmd.Fit c = Dmd.fit(full.snapshots().x(), full.snapshots().xNext(), new RankPolicy.MachinePrecision(),
                    full.snapshots().nominalPairs(), 0);
            assertEquals(c.rank(), a.rank());
            Matrix ka = io.koopcredit.linalg.Linalg.multiplyTransposeB(a.left(), a.basis());
            Matrix kc = io.koopcredit.linalg.Linalg.multiplyTransposeB(c.left(), c.basis());
            assertTrue(TestMatrices.maxAbsDiff(ka, kc) <= 1e-9 * kc.frobeniusNorm(),
                    "diff " + TestMatrices.maxAbsDiff(ka, kc) + " scale " + kc.frobeniusNorm());
        }
    }

    @Test
    void convergenceWithinTheNoiseFloorKeepsTheOperatorOfTheFullComputation() {
        JavaNetwork net = contracting();
        // In float64 the trajectories converge without repeating exactly; the shortcut stops them at the floor.
        try (PartitionedNetwork pn = net.compile(net.partition(null), Precision.FLOAT64, false)) {
            double[] init = TestMatrices.gaussian(20, 3, 22).toColumnMajor();
            FitData data = new FitData(init, new double[12 * 3], 3);
            // 200 steps: far more than the trajectories need to reach their fixed point.
            Estimator.Faithful fast = Estimator.faithful().steps(200);
            Estimator.Faithful full = fast.shortcutCycles(false);
            TrialFit a = new FaithfulEstimator(fast).fit(pn.block(0), data, 0, Seeds.generator(1, 0, 0));
            TrialFit c = new FaithfulEstimator(full).fit(pn.block(0), data, 0, Seeds.generator(1, 0, 0));
            assertTrue(a.trajectories().converged() > 0, "the test needs trajectories that converge");
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
                    1, 20, true, 0);
            // Norms: sqrt2, 1.4e40, 1.4e80, 1.4e120, 1.4e160 > 1e150: the 4th step is cut.
            assertEquals(1, r.stats().stopped());
            assertEquals(4, r.stats().firstStopStep());
            assertEquals(3, r.snapshots().nominalPairs());
            assertTrue(Double.isFinite(r.stats().meanNormLast()));
        }
    }
}
