package io.koopcredit.koopman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.TensorShape;
import io.koopcredit.store.Element;
import io.koopcredit.store.Spill;
import io.koopcredit.testing.JavaNetwork;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faithful estimator's snapshots in column stores (issue #10, item 3): the stored embedding keeps the heap
 * embedding's pairs, weights, decisions and statistics exactly; the DMD from the states' tall-and-skinny QR
 * finds a planted low-rank operator and its factors; and the same snapshots give the same bits in RAM and
 * spilled to disk, chunk and tile boundaries included.
 */
class StoredSnapshotsTest {
    /** A permutation with planted cycles, as in {@link StepDelayShortcutTest}: repeats at steps 2, 7 and 3. */
    private static final int[] CYCLES = {1, 2, 0, 4, 3, 5};
    private static final double[] SCALE = {4, 0.5, 0.5, 2, 0.5, 0};
    private static final double[] INITIAL = {
        0, 0, 0, 0, 0, 0.75,
        0.5, -1.25, 2, 0.25, 1.5, -0.5,
        0, 0, 0, 3, -2, 1};

    private static double[] permute(double[] x) {
        double[] y = new double[6];
        for (int i = 0; i < 6; i++) {
            y[CYCLES[i]] = SCALE[i] * x[i];
        }
        return y;
    }

    private static PartitionedNetwork block(int width, boolean float32, UnaryOperator<double[]> fn) {
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.of("f", LayerType.OTHER, TensorShape.of(width),
                TensorShape.of(width), float32, fn)));
        return net.compile(net.partition(null));
    }

    private static DimensionAlignment identity(int n) {
        return DimensionAlignment.draw(n, n, AlignmentDistribution.GAUSSIAN, new SplittableRandom(0));
    }

    @Test
    void theStoredEmbeddingKeepsTheHeapEmbeddingsPairsWeightsAndStatistics() {
        for (boolean float32 : new boolean[] {false, true}) {
            try (PartitionedNetwork pn = block(6, float32, StoredSnapshotsTest::permute)) {
                for (boolean shortcut : new boolean[] {true, false}) {
                    for (int steps : new int[] {1, 2, 3, 6, 7, 8, 13, 20}) {
                        String where = (float32 ? "float32" : "float64") + ", shortcut " + shortcut + ", steps " + steps;
                        StepDelayEmbedding.Result heap = StepDelayEmbedding.embed(pn.block(0), identity(6), INITIAL, 3,
                                steps, shortcut, 0);
                        StepDelayEmbedding.StoredResult stored = StepDelayEmbedding.embedStored(pn.block(0),
                                identity(6), INITIAL, 3, steps, shortcut, 0, SnapshotSpace.inMemory());
                        try (StoredSnapshots s = stored.snapshots()) {
                            assertEquals(heap.stats(), stored.stats(), where);
                            assertSamePairs(heap.snapshots(), s, where);
                            // States are stored once: with the shortcut, only those computed (and the y(0)).
                            assertEquals(3 + heap.stats().computedSteps(), s.states().count(), where);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aNearFixedPointIsStoppedAsOnTheHeap() {
        // Contracting to 0.25 per step: within δ = 1e-3 after a few steps, recorded as repeats of that state.
        UnaryOperator<double[]> half = x -> {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = 0.25 * x[i] + (i == 0 ? 1 : 0);
            }
            return y;
        };
        double[] y0 = {3, -1, 2, 0.5};
        try (PartitionedNetwork pn = block(4, false, half)) {
            StepDelayEmbedding.Result heap = StepDelayEmbedding.embed(pn.block(0), identity(4), y0, 1, 50, true, 1e-3);
            StepDelayEmbedding.StoredResult stored = StepDelayEmbedding.embedStored(pn.block(0), identity(4), y0, 1, 50,
                    true, 1e-3, SnapshotSpace.inMemory());
            try (StoredSnapshots s = stored.snapshots()) {
                assertEquals(1, stored.stats().converged());
                assertTrue(stored.stats().computedSteps() < 10, stored.stats().toString());
                assertEquals(heap.stats(), stored.stats());
                assertSamePairs(heap.snapshots(), s, "fixed point");
                assertEquals(50, s.nominalPairs());
            }
        }
    }

    /** Every stored pair, gathered with its weight, is the heap's snapshot column bit for bit. */
    private static void assertSamePairs(Snapshots heap, StoredSnapshots stored, String where) {
        assertEquals(heap.distinctPairs(), stored.distinctPairs(), where);
        assertEquals(heap.nominalPairs(), stored.nominalPairs(), where);
        assertEquals(heap.width(), stored.width(), where);
        int n = stored.width();
        double[] all = new double[n * stored.states().count()];
        stored.states().tile(0, n, all);
        assertArrayEquals(heap.x().toColumnMajor(), StoredDmd.gather(all, n, stored.before(), stored.weights()),
                where + ": before");
        assertArrayEquals(heap.xNext().toColumnMajor(), StoredDmd.gather(all, n, stored.after(), stored.weights()),
                where + ": after");
    }

    /**
     * A planted operator: states s(k+1) = M·s(k) with M = Q·A·Qᵀ, Q an orthonormal n × 3 basis and A a
     * non-normal 3 × 3 map, so that the snapshot matrix has rank 3 and Y′·Y⁺ = M exactly; the first pair
     * is weighted by 3 (a pair seen 9 times), which must change neither. The stored DMD must give rank 3,
     * K̃ = left·basisᵀ = M, an orthonormal basis spanning Q, and the singular values of the gathered Y.
     */
    @Test
    void theStoredDmdFindsAPlantedLowRankOperatorAndItsFactors() {
        int n = 50;
        int p = 12;
        SplittableRandom rng = new SplittableRandom(7);
        Matrix q = Linalg.qr(random(n, 3, rng)).q();
        Matrix a = Matrix.fromRows(new double[][] {{0.9, 0.5, 0.0}, {0.0, 0.8, 0.3}, {0.1, 0.0, -0.7}});
        Matrix m = Linalg.multiplyTransposeB(Linalg.multiply(q, a), q);
        double[] s = Linalg.multiply(q, new double[] {1.0, -2.0, 0.5});
        StateColumns states = new StateColumns(n, SnapshotSpace.inMemory(), "planted");
        int[] before = new int[p];
        int[] after = new int[p];
        double[] weights = new double[p];
        states.add(s);
        for (int k = 0; k < p; k++) {
            s = Linalg.multiply(m, s);
            states.add(s);
            before[k] = k;
            after[k] = k + 1;
            weights[k] = k == 0 ? 3 : 1;
        }
        try (StoredSnapshots snap = new StoredSnapshots(states, before, after, weights, p + 8)) {
            for (int step : new int[] {n, 16, 7}) {
                Dmd.Fit fit = StoredDmd.fit(snap, new RankPolicy.DataPrecision(), 1e-15, step);
                assertEquals(3, fit.rank(), "tile rows " + step);
                Matrix k = Linalg.multiplyTransposeB(fit.left(), fit.basis());
                assertTrue(k.minus(m).frobeniusNorm() < 1e-12 * m.frobeniusNorm(), "K = M, tile rows " + step);
                Matrix gram = Linalg.multiplyTransposeA(fit.basis(), fit.basis());
                assertTrue(gram.minus(Matrix.identity(3)).frobeniusNorm() < 1e-12, "orthonormal basis");
                // The basis spans Q: its projection onto Q keeps its whole norm.
                Matrix inQ = Linalg.multiplyTransposeA(q, fit.basis());
                assertEquals(3.0, inQ.frobeniusNorm() * inQ.frobeniusNorm(), 1e-12);
                double[] all = new double[n * states.count()];
                states.tile(0, n, all);
                Matrix y = Matrix.wrap(n, p, StoredDmd.gather(all, n, before, weights));
                double[] expected = Linalg.singularValues(y);
                assertEquals(p, fit.singularValues().length);
                for (int i = 0; i < 3; i++) {
                    assertEquals(expected[i], fit.singularValues()[i], 1e-13 * expected[0], "σ" + i);
                }
                assertEquals(expected[0] / expected[2], fit.condition(), 1e-10 * fit.condition());
                // Against the SVD form on the same matrices: the same operator.
                Matrix yNext = Matrix.wrap(n, p, StoredDmd.gather(all, n, after, weights));
                Dmd.Fit svd = Dmd.fit(y, yNext, new RankPolicy.DataPrecision(), p + 8, 1e-15);
                assertEquals(svd.rank(), fit.rank());
                assertEquals(svd.noiseFloor(), fit.noiseFloor(), 1e-12 * svd.noiseFloor());
                assertEquals(svd.keptBelowNoise(), fit.keptBelowNoise());
            }
            assertEquals(1, StoredDmd.fit(snap, new RankPolicy.Fixed(1), 1e-15).rank());
        }
    }

    @Test
    void noPairsGiveAnEmptyFit() {
        StateColumns states = new StateColumns(5, SnapshotSpace.inMemory(), "none");
        states.add(new double[5]);
        try (StoredSnapshots snap = new StoredSnapshots(states, new int[0], new int[0], new double[0], 0)) {
            Dmd.Fit fit = StoredDmd.fit(snap, new RankPolicy.DataPrecision(), 1e-15);
            assertEquals(0, fit.rank());
            assertEquals(5, fit.left().rows());
            assertEquals(0, fit.basis().cols());
            assertEquals(0.0, fit.noiseFloor());
            assertTrue(Double.isNaN(fit.condition()));
        }
    }

    /**
     * The same embedding with its states in RAM and in spill files, over several chunks (150 states of width
     * 4000: chunks of 64) and tiles (of 23 rows): the same fit, bit for bit.
     */
    @Test
    void spilledAndInMemoryStatesGiveTheSameBits(@TempDir Path dir) {
        int n = 4000;
        assertEquals(64, StateColumns.chunkColumns(n));
        assertEquals(1, StateColumns.chunkColumns(1 << 24));
        SplittableRandom rng = new SplittableRandom(3);
        Matrix w = random(n, n / 100, rng);
        // A contracting map through a 40-dimensional bottleneck with a bounded non-linearity, every step evaluated.
        UnaryOperator<double[]> f = x -> {
            double[] c = Linalg.multiply(w.transpose(), x);
            for (int i = 0; i < c.length; i++) {
                c[i] = Math.tanh(c[i] * 0.05);
            }
            double[] y = Linalg.multiply(w, c);
            for (int i = 0; i < y.length; i++) {
                y[i] = 0.5 * y[i] + 0.01 * Math.sin(i + x[i]);
            }
            return y;
        };
        double[] y0 = random(n, 1, rng).toColumnMajor();
        try (PartitionedNetwork pn = block(n, false, f); Spill spill = Spill.open(dir)) {
            StepDelayEmbedding.StoredResult ram = StepDelayEmbedding.embedStored(pn.block(0), identity(n), y0, 1, 149,
                    false, 1e-15, SnapshotSpace.inMemory());
            StepDelayEmbedding.StoredResult disk = StepDelayEmbedding.embedStored(pn.block(0), identity(n), y0, 1, 149,
                    false, 1e-15, (rows, cols, name) -> spill.store(rows, cols, Element.FLOAT64, name));
            try (StoredSnapshots a = ram.snapshots(); StoredSnapshots b = disk.snapshots()) {
                assertTrue(a.states().inMemory());
                assertFalse(b.states().inMemory());
                assertEquals(150, a.states().count());
                for (int step : new int[] {23, n}) {
                    Dmd.Fit x = StoredDmd.fit(a, new RankPolicy.DataPrecision(), 1e-15, step);
                    Dmd.Fit y = StoredDmd.fit(b, new RankPolicy.DataPrecision(), 1e-15, step);
                    assertTrue(x.rank() > 1, "rank " + x.rank());
                    assertArrayEquals(x.singularValues(), y.singularValues());
                    assertArrayEquals(x.left().toColumnMajor(), y.left().toColumnMajor());
                    assertArrayEquals(x.basis().toColumnMajor(), y.basis().toColumnMajor());
                }
                double[] column = b.states().get(149);
                assertArrayEquals(a.states().get(149), column);
                assertThrows(IndexOutOfBoundsException.class, () -> a.states().get(150));
            }
        }
    }

    /**
     * The estimator takes the stored path for a trial with large snapshots (2048 wide, N = 16, 600 steps planned:
     * 1.97·10⁷ values) and the heap path without a space: on an affine contraction, which converges within a
     * few dozen steps, both give the same statistics, pairs and rank, and operators within 10⁻¹⁰.
     */
    @Test
    void theEstimatorStoresTheStatesOfATrialWithLargeSnapshots() {
        int n = 2048;
        int count = 16;
        UnaryOperator<double[]> f = x -> {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = 0.5 * x[i] + Math.cos(i);
            }
            return y;
        };
        assertTrue(Scale.largeSnapshots(n, count, 600));
        Estimator.Faithful settings = Estimator.faithful().samples(count).trials(1).steps(600);
        FitData data = FitData.inputsOnly(random(n, count, new SplittableRandom(5)).toColumnMajor(), count);
        java.util.List<String> made = new java.util.ArrayList<>();
        SnapshotSpace space = (rows, cols, name) -> {
            made.add(name);
            return SnapshotSpace.inMemory().columns(rows, cols, name);
        };
        try (PartitionedNetwork pn = block(n, false, f)) {
            TrialFit heap = new FaithfulEstimator(settings).fit(pn.block(0), data, 0, new SplittableRandom(1));
            TrialFit stored = new FaithfulEstimator(settings, space).fit(pn.block(0), data, 0, new SplittableRandom(1));
            assertFalse(made.isEmpty(), "the states went to the space");
            assertEquals(heap.trajectories(), stored.trajectories());
            assertEquals(heap.distinctPairs(), stored.distinctPairs());
            assertEquals(heap.nominalPairs(), stored.nominalPairs());
            assertEquals(16L * 600, stored.nominalPairs());
            assertEquals(heap.snapshotRank(), stored.snapshotRank());
            assertTrue(stored.snapshotRank() > 1);
            Matrix a = heap.operator().dense();
            Matrix b = stored.operator().dense();
            assertTrue(a.minus(b).frobeniusNorm() < 1e-10 * a.frobeniusNorm(), "operators differ");
            // Not large: the space is not used.
            made.clear();
            new FaithfulEstimator(settings.steps(20), space).fit(pn.block(0), data, 0, new SplittableRandom(1));
            assertTrue(made.isEmpty(), "a small trial stays on the heap");
        }
    }

    @Test
    void pairsMustReferToStoredStatesAndCountAtLeastThemselves() {
        StateColumns states = new StateColumns(3, SnapshotSpace.inMemory(), "checks");
        states.add(new double[] {1, 2, 3});
        states.add(new double[] {4, 5, 6});
        assertThrows(IllegalArgumentException.class, () -> states.add(new double[2]));
        assertThrows(IllegalArgumentException.class, () -> new StateColumns(0, SnapshotSpace.inMemory(), "none"));
        assertThrows(IllegalArgumentException.class, () -> states.tile(0, 3, new double[5]));
        assertThrows(IndexOutOfBoundsException.class, () -> states.get(-1));
        int[] one = {0};
        double[] w = {1};
        assertThrows(IllegalArgumentException.class, () -> new StoredSnapshots(states, one, new int[0], w, 1));
        assertThrows(IllegalArgumentException.class, () -> new StoredSnapshots(states, one, one, new double[0], 1));
        assertThrows(IllegalArgumentException.class, () -> new StoredSnapshots(states, new int[] {2}, one, w, 1));
        assertThrows(IllegalArgumentException.class, () -> new StoredSnapshots(states, new int[] {-1}, one, w, 1));
        assertThrows(IllegalArgumentException.class, () -> new StoredSnapshots(states, one, new int[] {2}, w, 1));
        assertThrows(IllegalArgumentException.class, () -> new StoredSnapshots(states, one, new int[] {-1}, w, 1));
        assertThrows(IllegalArgumentException.class, () -> new StoredSnapshots(states, one, new int[] {1}, w, 0));
        try (StoredSnapshots ok = new StoredSnapshots(states, one, new int[] {1}, w, 1)) {
            assertEquals(3, ok.width());
            assertEquals(1, ok.distinctPairs());
            assertArrayEquals(new double[] {4, 5, 6}, ok.states().get(1));
        }
    }

    @Test
    void tilesFollowThePairCount() {
        assertEquals(1 << 12, StoredDmd.tileRows(1 << 10));
        assertEquals(StoredDmd.MIN_TILE_ROWS, StoredDmd.tileRows(1 << 22));
        assertEquals(1 << 22, StoredDmd.tileRows(0));
        assertTrue(Scale.largeSnapshots(802816, 1, 1 << 20));
        assertFalse(Scale.largeSnapshots(16384, 1, 1 << 20), "ResNet-20's widest block stays on the heap");
        assertTrue(Scale.largeSnapshots(16384, 2, 1 << 20));
        assertFalse(Scale.largeSnapshots(802816, 1, 19), "20 states of 802,816 values");
        assertTrue(Scale.largeSnapshots(802816, 1, 20));
    }

    private static Matrix random(int rows, int cols, SplittableRandom rng) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return Matrix.wrap(rows, cols, v);
    }
}
