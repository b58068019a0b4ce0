package io.koopcredit.koopman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.Seeds;
import io.koopcredit.credit.BlockCredit;
import io.koopcredit.credit.CreditTolerance;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.Precision;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #9's planted test: a block that is exactly linear, f(y) = W·y with W of rank 4 on R^12, but
 * evaluated in float32 (inputs and outputs rounded). From one initial state y(0) the embedding's snapshots
 * span y(0) and the range of W: DMD rank 5, and K̃ = Y′·Y⁺ = W·P_Y = W exactly (the range of W lies in the
 * span of Y). The default rank policy must find rank 5 and W; {@code machine} keeps the float32 rounding
 * in the other seven directions and must not.
 */
class PlantedPrecisionTest {
    private static final int N = 12;
    private static final int R = 4;

    /** Contraction of the planted map per step: the trajectory neither explodes nor collapses in 24 steps. */
    private static final double SCALE = 0.9;

    /** W on its range: float32 rounding of relative 6e-8, amplified by the snapshots' modest conditioning. */
    private static final double RECOVERY = 1e-5;

    private static Matrix plantedW() {
        Matrix u = Linalg.qr(TestMatrices.gaussian(N, R, 11)).q();
        Matrix rotation = Linalg.qr(TestMatrices.gaussian(R, R, 12)).q().scale(SCALE);
        return Linalg.multiplyTransposeB(Linalg.multiply(u, rotation), u);
    }

    private static TrialFit fit(Matrix w, RankPolicy policy) {
        JavaNetwork net = new JavaNetwork(List.of(new JavaNetwork.JavaLayer("linear", LayerType.DENSE,
                TensorShape.of(N), TensorShape.of(N), x -> Linalg.multiply(w, x), true)));
        BlockPartition p = net.partition(null);
        try (PartitionedNetwork pn = net.compile(p, Precision.FLOAT32, false)) {
            double[] y0 = TestMatrices.gaussian(N, 1, 13).toColumnMajor();
            FitData data = new FitData(y0, pn.block(0).apply(y0, 1), 1);
            return new FaithfulEstimator(Estimator.faithful().rank(policy)).fit(pn.block(0), data, 0,
                    Seeds.generator(1, 0, 0));
        }
    }

    @Test
    void theDefaultPolicyRecoversTheRankAndTheOperator() {
        Matrix w = plantedW();
        TrialFit fit = fit(w, EstimatorDefaults.FAITHFUL_RANK);
        assertEquals(2 * N, fit.trajectories().steps());
        assertEquals(R + 1, fit.snapshotRank(), "y(0) and the range of W");
        double error = TestMatrices.maxAbsDiff(w, fit.operator().dense());
        assertTrue(error < RECOVERY, "max |K − W| = " + error);
        assertEquals(0, fit.keptBelowNoise());
        // The credit of W: four singular values 0.9.
        BlockCredit credit = BlockCredit.of(fit.operator(), CreditTolerance.FLOAT32).orElseThrow();
        assertEquals(R, credit.rank());
        assertEquals(R * Math.log(SCALE), credit.logCredit(), 1e-4);
    }

    @Test
    void machinePrecisionKeepsTheRoundingAndMissesTheOperator() {
        Matrix w = plantedW();
        TrialFit fit = fit(w, new RankPolicy.MachinePrecision());
        assertEquals(N, fit.snapshotRank(), "float32 rounding fills the seven other directions");
        assertEquals(N - R - 1, fit.keptBelowNoise());
        double error = TestMatrices.maxAbsDiff(w, fit.operator().dense());
        assertTrue(error > 1e-2, "rounding directions dominate K: max |K − W| = " + error);
        int rank = BlockCredit.of(fit.operator(), CreditTolerance.FLOAT32).orElseThrow().rank();
        assertTrue(rank > R, "the credit counts rounding directions: rank " + rank);
    }
}
