package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.koopman.TrajectoryStats;
import io.koopcredit.koopman.TrialFit;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.Block;
import io.koopcredit.model.Layer;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.Precision;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.TestMatrices;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactFaithfulTest {

    private static Block block(int nIn, int nOut) {
        Layer dense = new Layer("d", LayerType.DENSE, List.of("Gemm"), TensorShape.of(nIn), TensorShape.of(nOut), 1, 0);
        return new Block(0, "d", List.of(dense));
    }

    private static TrialFit fit(int trial, KoopmanOperator k) {
        TrajectoryStats stats = new TrajectoryStats(1, 8, 0, -1, 1, 3, 1, 0, -1, 4, 2.0, 1.0);
        return new TrialFit(trial, k, 3, 10.0, 5.0, 1e-9, 0, 8, 4, stats, trial == 0 ? 0.0 : null, 0,
                Precision.FLOAT64, null, 1.5, 0.5);
    }

    @Test
    void onlyTheFaithfulScalableFormOnAnE2EBlockRepeatsItsTrials() {
        Estimator.Faithful faithful = Estimator.faithful();
        assertTrue(CompactFaithful.trialsRepeat(faithful, Formulation.SCALABLE, block(5, 5)));
        assertFalse(CompactFaithful.trialsRepeat(faithful, Formulation.DENSE, block(5, 5)));
        assertFalse(CompactFaithful.trialsRepeat(faithful, Formulation.SCALABLE, block(5, 4)));
        assertFalse(CompactFaithful.trialsRepeat(faithful, Formulation.SCALABLE, block(4, 5)));
        assertFalse(CompactFaithful.trialsRepeat(Estimator.onestep(), Formulation.SCALABLE, block(5, 5)));
        assertFalse(CompactFaithful.trialsRepeat(Estimator.pca(), Formulation.SCALABLE, block(5, 5)));
    }

    @Test
    void repeatedTrialsShareTheFirstFitAndCostNothing() {
        KoopmanOperator k = KoopmanOperator.fromDense(TestMatrices.gaussian(4, 4, 1), null);
        TrialFit first = fit(0, k);
        List<TrialFit> all = CompactFaithful.repeated(first, 4);
        assertEquals(4, all.size());
        assertSame(first, all.get(0));
        for (int t = 1; t < 4; t++) {
            TrialFit f = all.get(t);
            assertEquals(t, f.trial());
            assertSame(k, f.operator());
            assertEquals(0.0, f.embeddingSeconds());
            assertEquals(0.0, f.dmdSeconds());
            assertNull(f.alignmentResidual(), "measured on trial 0 only");
            assertEquals(first.snapshotRank(), f.snapshotRank());
            assertEquals(first.snapshotCondition(), f.snapshotCondition());
            assertEquals(first.snapshotLargest(), f.snapshotLargest());
            assertEquals(first.noiseFloor(), f.noiseFloor());
            assertEquals(first.nominalPairs(), f.nominalPairs());
            assertEquals(first.distinctPairs(), f.distinctPairs());
            assertSame(first.trajectories(), f.trajectories());
            assertEquals(first.precision(), f.precision());
        }
        assertEquals(1, CompactFaithful.repeated(first, 1).size());
    }

    @Test
    void theMeanOfRepeatedTrialsIsTheFirstOperatorAndOtherwiseTheMean() {
        KoopmanOperator a = KoopmanOperator.fromDense(TestMatrices.gaussian(4, 3, 2), null);
        KoopmanOperator b = KoopmanOperator.fromDense(TestMatrices.gaussian(4, 3, 3), null);
        List<TrialFit> fits = List.of(fit(0, a), fit(1, b));
        assertSame(a, CompactFaithful.mean(fits, true));
        KoopmanOperator mean = CompactFaithful.mean(fits, false);
        Matrix expected = a.dense().plus(b.dense()).scale(0.5);
        assertTrue(TestMatrices.maxAbsDiff(expected, mean.dense()) < 1e-12);
        assertArrayEquals(KoopmanOperator.mean(List.of(a, b)).singularValues(), mean.singularValues(), 0.0);
    }
}
