package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.PcaEstimator;
import io.koopcredit.koopman.RankPolicy;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.Precision;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The result records accept every value their documentation allows, up to its edges, and nothing else; and
 * the PCA estimator's rules at their smallest sizes (k = 1, k below the widths).
 */
class ResultRecordsTest {

    @Test
    void fidelityTakesZeroErrorsButNeedsASampleAndFiniteValues() {
        assertEquals(0.0, new Fidelity(0.0, 0.0, 1, 0).median());
        assertThrows(IllegalArgumentException.class, () -> new Fidelity(0.0, 0.0, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Fidelity(-1e-300, 0.0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Fidelity(0.0, Double.NaN, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Fidelity(Double.POSITIVE_INFINITY, 1.0, 1, 0));
    }

    @Test
    void globalFidelityAndPrecisionSummaryRefuseNonFiniteValues() {
        new GlobalFidelity(3, 0.5, null, null, null);
        new GlobalFidelity(3, 0.5, 1.0, 0.0, 0.25);
        assertThrows(IllegalArgumentException.class, () -> new GlobalFidelity(3, Double.NaN, null, null, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new GlobalFidelity(3, 0.5, null, null, Double.NaN));
        new PrecisionSummary(Precision.FLOAT32, null, CreditTolerance.FLOAT32, null, 0);
        new PrecisionSummary(Precision.FLOAT64, null, CreditTolerance.DOUBLE, 0.0, 2);
        assertThrows(IllegalArgumentException.class, () -> new PrecisionSummary(Precision.FLOAT32, null,
                CreditTolerance.FLOAT32, -0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PrecisionSummary(Precision.FLOAT32, null,
                CreditTolerance.FLOAT32, Double.POSITIVE_INFINITY, 0));
        assertThrows(IllegalArgumentException.class, () -> new PrecisionSummary(Precision.FLOAT32, null,
                CreditTolerance.DATA, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PrecisionSummary(Precision.FLOAT32, null,
                CreditTolerance.FLOAT32, 0.1, -1));
    }

    @Test
    void correlationsMayExceedOneByTheDocumentedRoundingOnly() {
        new TemplateAgreement(new Double[] {1.0 + 1e-9, -1.0 - 1e-9, null}, 0.0, 2);
        assertThrows(IllegalArgumentException.class, () -> new TemplateAgreement(new Double[] {Double.NaN}, null, 1));
    }

    @Test
    void theEmbeddingSummaryTakesTheMediansOfTheTrialsThatHaveOne() {
        // Trial medians of the cycle step 5, none, 3, 8 -> {3, 5, 8}: lower median 5 (with the "none" counted
        // as -1 it would be 3). Convergence steps none, 6, 2, none -> {2, 6}: 2. Stops at 0 and 5: 0.
        List<io.koopcredit.koopman.TrajectoryStats> trials = List.of(
                new io.koopcredit.koopman.TrajectoryStats(1, 9, 1, 0, 1, 5, 1, 0, -1, 3, 1, 1),
                new io.koopcredit.koopman.TrajectoryStats(1, 9, 1, 5, 0, -1, 0, 1, 6, 3, 1, 1),
                new io.koopcredit.koopman.TrajectoryStats(1, 9, 0, -1, 1, 3, 1, 1, 2, 3, 1, 1),
                new io.koopcredit.koopman.TrajectoryStats(1, 9, 0, -1, 1, 8, 1, 0, -1, 3, 1, 1));
        EmbeddingSummary s = EmbeddingSummary.of(trials);
        assertEquals(5, s.medianCycleStep());
        assertEquals(2, s.medianConvergedStep());
        assertEquals(0, s.firstStopStep());
    }

    /** Square 3 × 3 blocks with k = 2 components: the reduced operators are 2 × 2 and Theorem 5 applies. */
    @Test
    void pcaSensitivityComesFromTheReducedOperatorsAndKCanBeOne() {
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.linear("a", TestMatrices.gaussian(3, 3, 1)),
                JavaNetwork.linear("b", TestMatrices.gaussian(3, 3, 2))));
        AnalysisOptions opts = AnalysisOptions.of(Estimator.pca().samples(8).components(2)).withHoldout(4)
                .withThreads(1);
        CreditResult r = CreditAnalysis.run(net, CreditAnalysisTest.data(8, 4, 3), opts, ProgressListener.NONE);
        for (BlockResult b : r.blocks()) {
            assertNotNull(b.sensitivity().logSensitivity(), b.name() + ": " + b.sensitivity().note());
        }
        // BS_a = k·log|det M_b| and BS_b = k·log|det M_a|.
        assertEquals(2 * r.blocks().get(1).credit().logCredit(), r.blocks().get(0).sensitivity().logSensitivity(),
                1e-9);
        assertEquals("a", r.blocks().get(0).name());
        // Two samples: N − 1 = 1 component, and the estimator runs with it.
        CreditResult one = CreditAnalysis.run(net, CreditAnalysisTest.data(2, 4, 3),
                AnalysisOptions.of(Estimator.pca().samples(2)).withHoldout(4).withThreads(1), ProgressListener.NONE);
        assertEquals(1, one.options().estimator() instanceof Estimator.Pca p ? p.components() : -1);
        assertEquals(1, one.blocks().get(0).credit().rank());
        assertEquals(1, Defaults.pcaComponents(net.partition(null), 2));
        assertEquals(3, Defaults.pcaComponents(net.partition(null), 4), "the narrowest boundary, 3 < N − 1");
        new PcaEstimator(Estimator.pca().components(1));
        assertThrows(IllegalArgumentException.class, () -> new PcaEstimator(Estimator.pca().components(0)));
    }

    /** Twelve classes: the examples stop at one per class for the first ten classes seen. */
    @Test
    void examplesAreAtMostTen() {
        JavaNetwork net = new JavaNetwork(List.of(JavaNetwork.linear("id", Matrix.identity(12))));
        float[] held = new float[12 * 12];
        int[] labels = new int[12];
        for (int j = 0; j < 12; j++) {
            held[j * 12 + j] = 1;
            labels[j] = 11 - j;
        }
        AnalysisOptions opts = AnalysisOptions.of(Estimator.onestep().samples(12).rank(new RankPolicy.MachinePrecision()))
                .withHoldout(12).withThreads(1);
        CreditResult r = CreditAnalysis.run(net, new AnalysisData("axes", held.clone(), 12, held, 12, labels), opts,
                ProgressListener.NONE);
        assertEquals(10, r.examples().size());
        // The first ten held-out samples carry labels 11..2; sorted by label: 2..11.
        assertEquals(2, r.examples().get(0).label());
        assertEquals(9, r.examples().get(0).index());
        assertTrue(r.examples().stream().noneMatch(e -> e.label() < 2));
    }

    @Test
    void blockResultsAreNamedAfterTheirBlocks() {
        CreditResult r = CreditAnalysis.run(PlantedFidelityTest.relu2(), PlantedFidelityTest.reluData(),
                AnalysisOptions.of(Estimator.onestep().samples(5)).withHoldout(3).withThreads(1), ProgressListener.NONE);
        assertEquals("relu", r.blocks().get(0).name());
        assertEquals(r.blocks().get(0), r.block("relu"));
        CreditResult chain = CreditAnalysis.run(CreditAnalysisTest.reluChain(), CreditAnalysisTest.data(20, 5, 16),
                AnalysisOptions.of(Estimator.onestep().samples(20)).withHoldout(5).withThreads(1), ProgressListener.NONE);
        assertEquals(chain.blocks().get(1), chain.block("dense2"));
        assertEquals(chain.blocks().get(2), chain.block("dense3"));
        assertThrows(IllegalArgumentException.class, () -> chain.block("nope"));
    }
}
