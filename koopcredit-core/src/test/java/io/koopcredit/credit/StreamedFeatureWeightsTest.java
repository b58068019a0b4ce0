package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.Estimator;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import io.koopcredit.validation.randomization.MapSimilarity;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feature weights computed on demand (the form an analysis picks above {@link FeatureWeights#INLINE_VALUES},
 * forced here on a small network with the internal limit) are the inline weights bit for bit, in the Gram
 * form (coefficients times the training inputs) and in the dense form (the product's matrix), and so are
 * everything computed from them: summaries, template agreement, global fidelity.
 */
class StreamedFeatureWeightsTest {
    static final int INPUTS = 16;
    static final int CLASSES = 4;

    static JavaNetwork network() {
        double[] b = new double[12];
        java.util.Arrays.fill(b, 0.05);
        return new JavaNetwork(List.of(
                JavaNetwork.relu("dense1", TestMatrices.gaussian(12, INPUTS, 21).scale(0.4), b),
                JavaNetwork.linear("dense2", TestMatrices.gaussian(CLASSES, 12, 22).scale(0.5))));
    }

    static AnalysisData data(int fit, int held) {
        SplittableRandom rng = new SplittableRandom(8);
        float[] f = new float[fit * INPUTS];
        float[] h = new float[held * INPUTS];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) rng.nextDouble();
        }
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) rng.nextDouble();
        }
        int[] labels = new int[held];
        for (int j = 0; j < held; j++) {
            labels[j] = j % CLASSES;
        }
        return new AnalysisData("random", f, fit, h, held, labels);
    }

    static void assertSameWeights(CreditResult inline, CreditResult computed) {
        FeatureWeights a = inline.featureWeights();
        FeatureWeights b = computed.featureWeights();
        assertTrue(a.inline());
        assertFalse(b.inline());
        assertEquals(a.classes(), b.classes());
        assertArrayEquals(new int[] {INPUTS}, b.inputShape());
        assertArrayEquals(a.inputShape(), b.inputShape());
        for (int c = 0; c < a.classes(); c++) {
            assertArrayEquals(a.weights()[c], b.row(c), 0.0, "class " + c);
        }
        assertArrayEquals(a.maxAbs(), b.maxAbs(), 0.0);
        assertArrayEquals(a.maxAbsIndex(), b.maxAbsIndex());
        assertArrayEquals(a.norm(), b.norm(), 0.0);
        assertArrayEquals(inline.templates().perClass(), computed.templates().perClass());
        assertEquals(inline.global().agreement(), computed.global().agreement(), 0.0);
        assertEquals(inline.global().medianRelativeError(), computed.global().medianRelativeError(), 0.0);
        MapSimilarity same = MapSimilarity.of(a, b);
        for (Double r : same.pearson()) {
            assertEquals(1.0, r, 1e-12, "a map against itself");
        }
    }

    @Test
    void theGramFormsRowsOnDemandAreTheInlineRows() {
        AnalysisOptions o = AnalysisOptions.of(Estimator.onestep().samples(60)).withHoldout(40).withThreads(1)
                .withFormulation(Formulation.SCALABLE);
        CreditResult inline = CreditAnalysis.run(network(), data(60, 40), o, ProgressListener.NONE, null,
                FeatureWeights.INLINE_VALUES);
        CreditResult computed = CreditAnalysis.run(network(), data(60, 40), o, ProgressListener.NONE, null, 0);
        assertSameWeights(inline, computed);
    }

    @Test
    void theDenseFormsRowsOnDemandAreTheInlineRows() {
        AnalysisOptions o = AnalysisOptions.of(Estimator.faithful().samples(2).trials(2)).withHoldout(40)
                .withThreads(1).withSeed(3);
        CreditResult inline = CreditAnalysis.run(network(), data(2, 40), o, ProgressListener.NONE, null,
                FeatureWeights.INLINE_VALUES);
        CreditResult computed = CreditAnalysis.run(network(), data(2, 40), o, ProgressListener.NONE, null,
                CLASSES * INPUTS - 1);
        assertSameWeights(inline, computed);
        CreditResult atLimit = CreditAnalysis.run(network(), data(2, 40), o, ProgressListener.NONE, null,
                CLASSES * INPUTS);
        assertTrue(atLimit.featureWeights().inline(), "classes × inputs at the limit is inline");
    }

    @Test
    void weightRowsInTilesAreTheProductOfTheCoefficientsAndTheInputs() {
        int n = 9;
        int size = 40;
        int classes = 5;
        Matrix q = TestMatrices.gaussian(classes, n, 5);
        float[] fit = new float[n * size];
        SplittableRandom rng = new SplittableRandom(6);
        for (int i = 0; i < fit.length; i++) {
            fit[i] = (float) rng.nextGaussian();
        }
        ScalableOneStep.WeightRows rows = new ScalableOneStep.WeightRows(q, fit, size);
        double[][] all = rows.rows(0, classes);
        double[][] tail = rows.rows(2, 5);
        double[] z = new double[n * size];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < size; j++) {
                z[j + k * size] = fit[k * size + j];
            }
        }
        Matrix expected = Linalg.multiplyTransposeB(q, Matrix.wrap(size, n, z));
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < size; j++) {
                double scale = Math.max(1, Math.abs(expected.get(c, j)));
                assertEquals(expected.get(c, j), all[c][j], 1e-12 * scale, "class " + c + ", input " + j);
                if (c >= 2) {
                    assertEquals(expected.get(c, j), tail[c - 2][j], 1e-12 * scale);
                }
            }
        }
    }

    @Test
    void thePlanHoldsOneTileOfLargeWeightsAndAllOfSmallOnes() {
        // ResNet-18 on ImageNet with N = H = 256: 27 classes of 150528 inputs, not 1000.
        int inputs = 3 * 224 * 224;
        MemoryModel.Need large = ScalableOneStep.globalNeed(1000, inputs, 256, 256);
        long tile = 27L * inputs;
        long building = (long) ScalableOneStep.weightTileRows(256, 27) * (256 + 27);
        assertEquals(MemoryModel.D * (tile + 3L * inputs + 4L * 1000 * 256 + 3L * 256 * 256 + building), large.heap());
        assertEquals(MemoryModel.D * (1000L * 256 + 2L * 256 * 256 + building), large.offHeap());
        assertTrue(large.heap() < 100L << 20, "under 100 MiB instead of 1.2 GB: " + large.heap());
        assertTrue(ScalableOneStep.weightsDetail(1000, inputs).contains("computed 27 classes at a time"));
        // LeNet-5: 10 × 784 held in full, as before.
        MemoryModel.Need small = ScalableOneStep.globalNeed(10, 784, 600, 1000);
        long b = (long) ScalableOneStep.weightTileRows(600, 10) * (600 + 10);
        assertEquals(MemoryModel.D * (10L * 784 + 3L * 784 + 4L * 10 * 600 + 3L * 600 * 1000 + b), small.heap());
        assertTrue(ScalableOneStep.weightsDetail(10, 784).contains("held in full"));
    }

    @Test
    void theDensePlanCountsTheCopyOfInlineWeightsAndOneTileOtherwise() {
        // Inline: the rows and the tile being made (here one tile, all of them).
        io.koopcredit.model.BlockPartition small = network().partition(null);
        MemoryModel.Need s = MemoryModel.denseGlobal(small, 3, 40);
        assertEquals(MemoryModel.D * (4L * (16 + 12) * 3 + 2L * CLASSES * INPUTS + 40L * (INPUTS + 2 * CLASSES)),
                s.heap());
        assertEquals(MemoryModel.D * (3L * (16 + 12) * 3 + 40L * INPUTS), s.offHeap());
        // 1000 classes × 300 inputs (above 2^18): one tile of rows, all 1000 (2^22 / 300), and the rows made from
        // it by the computed form's readers.
        io.koopcredit.model.BlockPartition wide = new JavaNetwork(List.of(
                JavaNetwork.linear("head", TestMatrices.gaussian(1000, 300, 1)))).partition(null);
        MemoryModel.Need w = MemoryModel.denseGlobal(wide, 5, 10);
        assertEquals(MemoryModel.D * (4L * 1300 * 5 + 1000L * 300 + 10L * (300 + 2000)), w.heap(),
                "one tile of 1000 classes, not the matrix and a copy");
        io.koopcredit.model.BlockPartition wider = new JavaNetwork(List.of(
                JavaNetwork.linear("head", TestMatrices.gaussian(300, 20000, 1)))).partition(null);
        MemoryModel.Need x = MemoryModel.denseGlobal(wider, 5, 10);
        long tile = FeatureWeights.tileClasses(20000);
        assertEquals(209, tile);
        // 300 × 20000: one tile of 209 classes at a time from the product's factors, never the 300 × 20000 matrix.
        assertEquals(MemoryModel.D * (4L * 20300 * 5 + tile * 20000 + 10L * (20000 + 600)), x.heap());
        assertEquals(MemoryModel.D * (3L * 20300 * 5 + 10L * 20000), x.offHeap());
    }
}
