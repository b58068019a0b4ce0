package io.koopcredit.koopman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.linalg.Vectors;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The cycle shortcut of step-delay embedding against the full computation, on a block whose trajectories
 * cycle with planted periods after a transient: a permutation of coordinates 0–4 with cycles (0 1 2)(3 4),
 * each move scaled by a power of two whose product over a cycle is 1 (so states repeat exactly, and their
 * norms change along the way), while coordinate 5 is set to zero. From y(1) on a state that is generic on
 * the 3-cycle repeats after 6 steps (lcm of 3 and 2), one that is zero there after 2, and one that lives on
 * coordinate 5 alone becomes 0, a fixed point: the repeats are of y(1), seen at steps 7, 3 and 2. For every
 * number of steps around those the shortcut must give the snapshot Gram matrices, the nominal pair count and
 * the last states y(steps) of the full computation, with fewer block evaluations.
 */
class StepDelayShortcutTest {
    private static final int[] CYCLES = {1, 2, 0, 4, 3, 5};
    /** Factor of each move: 4·0.5·0.5 = 1 around (0 1 2), 2·0.5 = 1 around (3 4); coordinate 5 dies. */
    private static final double[] SCALE = {4, 0.5, 0.5, 2, 0.5, 0};

    private static double[] permute(double[] x) {
        double[] y = new double[6];
        for (int i = 0; i < 6; i++) {
            y[CYCLES[i]] = SCALE[i] * x[i];
        }
        return y;
    }

    private static PartitionedNetwork block(boolean float32, UnaryOperator<double[]> fn) {
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.of("perm", LayerType.OTHER, TensorShape.of(6),
                TensorShape.of(6), float32, fn)));
        return net.compile(net.partition(null));
    }

    private static DimensionAlignment identity() {
        return DimensionAlignment.draw(6, 6, AlignmentDistribution.GAUSSIAN, new SplittableRandom(0));
    }

    /** Repeats seen at steps 2, 7, 3 (periods 1, 6, 2), in that order: the unsorted middle, 7, is not the median 3. */
    private static final double[] INITIAL = {
        0, 0, 0, 0, 0, 0.75,
        0.5, -1.25, 2, 0.25, 1.5, -0.5,
        0, 0, 0, 3, -2, 1};

    @Test
    void theShortcutGivesTheFullComputationsSnapshotsForEveryNumberOfSteps() {
        for (boolean float32 : new boolean[] {false, true}) {
            try (PartitionedNetwork pn = block(float32, StepDelayShortcutTest::permute)) {
                for (int steps : new int[] {1, 2, 3, 5, 6, 7, 8, 11, 12, 13, 20}) {
                    String where = (float32 ? "float32" : "float64") + ", steps " + steps;
                    StepDelayEmbedding.Result fast = StepDelayEmbedding.embed(pn.block(0), identity(), INITIAL, 3, steps,
                            true, 0);
                    StepDelayEmbedding.Result full = StepDelayEmbedding.embed(pn.block(0), identity(), INITIAL, 3, steps,
                            false, 0);
                    assertEquals(3L * steps, full.snapshots().nominalPairs(), where);
                    assertEquals(full.snapshots().nominalPairs(), fast.snapshots().nominalPairs(), where);
                    // Each pair enters the Gram matrices with its count: X·Xᵀ and X′·Xᵀ are those of the full run.
                    assertGramEqual(full.snapshots(), fast.snapshots(), where);
                    TrajectoryStats f = fast.stats();
                    TrajectoryStats c = full.stats();
                    assertEquals(c.meanNormFirst(), f.meanNormFirst(), 1e-15, where);
                    assertEquals(c.meanNormLast(), f.meanNormLast(), 1e-15, where + ": the last state y(steps)");
                    assertEquals(meanNorm(INITIAL), f.meanNormFirst(), 1e-15, where);
                    assertEquals(3L * steps, c.computedSteps(), where);
                    // Evaluations until each repeat is seen: 2, 7 and 3 steps (or all of them, if fewer).
                    assertEquals(Math.min(2, steps) + Math.min(7, steps) + Math.min(3, steps), f.computedSteps(), where);
                    int cycled = (steps >= 2 ? 1 : 0) + (steps >= 7 ? 1 : 0) + (steps >= 3 ? 1 : 0);
                    assertEquals(cycled, f.cycled(), where);
                    assertEquals(steps >= 7 ? 6 : steps >= 3 ? 2 : steps >= 2 ? 1 : 0, f.maxPeriod(), where);
                    if (steps >= 7) {
                        assertEquals(3, f.medianCycleStep(), where + ": the lower median of {2, 7, 3}");
                    }
                    // y(steps) computed here, independently of the embedding.
                    assertEquals(meanNormAfter(steps), f.meanNormLast(), 1e-12, where);
                    assertEquals(-1, f.medianConvergedStep(), where + ": nothing converged without repeating");
                    assertEquals(0, f.converged(), where);
                    assertEquals(0, f.stopped());
                    assertEquals(-1, f.firstStopStep());
                }
            }
        }
    }

    /**
     * f(y) = (1 − 10⁻¹²)·y in double never repeats exactly, but each step moves it by 10⁻¹²·‖y‖, well within
     * a noise floor of δ = 10⁻¹⁰ relative: the first step is its fixed point, for any norm of y (here 50).
     */
    @Test
    void aStateThatMovesLessThanTheNoiseFloorStandsForItsFixedPoint() {
        try (PartitionedNetwork pn = block(false, y -> {
            double[] z = y.clone();
            for (int i = 0; i < z.length; i++) {
                z[i] *= 1 - 1e-12;
            }
            return z;
        })) {
            double[] y0 = {30, 40, 0, 0, 0, 0};
            StepDelayEmbedding.Result r = StepDelayEmbedding.embed(pn.block(0), identity(), y0, 1, 40, true, 1e-10);
            assertEquals(1, r.stats().converged());
            assertEquals(1, r.stats().medianConvergedStep());
            assertEquals(0, r.stats().cycled());
            assertEquals(-1, r.stats().medianCycleStep(), "no cycle");
            assertEquals(1, r.stats().computedSteps());
            assertEquals(40, r.snapshots().nominalPairs());
            assertEquals(50 * (1 - 1e-12), r.stats().meanNormLast(), 1e-9);
            assertEquals(2, r.snapshots().distinctPairs(), "(y0, y1) and (y1, y1) with its count 39");
            // Converging at the last step: no pair after it.
            StepDelayEmbedding.Result last = StepDelayEmbedding.embed(pn.block(0), identity(), y0, 1, 1, true, 1e-10);
            assertEquals(1, last.stats().converged());
            assertEquals(1, last.snapshots().distinctPairs());
            assertEquals(1, last.snapshots().nominalPairs());
            // A floor ten times smaller than the step (δ = 10⁻¹³) does not stop it.
            StepDelayEmbedding.Result tight = StepDelayEmbedding.embed(pn.block(0), identity(), y0, 1, 40, true, 1e-13);
            assertEquals(0, tight.stats().converged());
            assertEquals(40, tight.stats().computedSteps());
        }
    }

    @Test
    void embeddingNeedsASampleAStepAndAnInitialStatePerSample() {
        try (PartitionedNetwork pn = block(false, StepDelayShortcutTest::permute)) {
            assertThrows(IllegalArgumentException.class, () -> StepDelayEmbedding.embed(pn.block(0), identity(),
                    new double[0], 0, 3, true, 0));
            assertThrows(IllegalArgumentException.class, () -> StepDelayEmbedding.embed(pn.block(0), identity(),
                    new double[6], 1, 0, true, 0));
            assertThrows(IllegalArgumentException.class, () -> StepDelayEmbedding.embed(pn.block(0), identity(),
                    new double[5], 1, 3, true, 0));
            assertEquals(1, StepDelayEmbedding.embed(pn.block(0), identity(), new double[6], 1, 1, true, 0)
                    .snapshots().nominalPairs());
        }
    }

    /** @return the mean norm of the initial states after {@code steps} applications of the map */
    private static double meanNormAfter(int steps) {
        double[] last = INITIAL.clone();
        for (int s = 0; s < 3; s++) {
            double[] y = java.util.Arrays.copyOfRange(INITIAL, 6 * s, 6 * s + 6);
            for (int k = 0; k < steps; k++) {
                y = permute(y);
            }
            System.arraycopy(y, 0, last, 6 * s, 6);
        }
        return meanNorm(last);
    }

    private static double meanNorm(double[] states) {
        double sum = 0;
        for (int s = 0; s < states.length / 6; s++) {
            sum += Vectors.norm(states, 6 * s, 6 * s + 6);
        }
        return sum / (states.length / 6);
    }

    private static void assertGramEqual(Snapshots expected, Snapshots actual, String where) {
        Matrix xx = Linalg.multiplyTransposeB(expected.x(), expected.x());
        Matrix nx = Linalg.multiplyTransposeB(expected.xNext(), expected.x());
        double scale = Math.max(1, xx.frobeniusNorm());
        assertTrue(TestMatrices.maxAbsDiff(xx, Linalg.multiplyTransposeB(actual.x(), actual.x())) <= 1e-12 * scale,
                where + ": X·Xᵀ");
        assertTrue(TestMatrices.maxAbsDiff(nx, Linalg.multiplyTransposeB(actual.xNext(), actual.x())) <= 1e-12 * scale,
                where + ": X′·Xᵀ");
        assertTrue(actual.distinctPairs() <= expected.distinctPairs(), where);
    }
}
