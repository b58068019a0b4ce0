package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two forms of feature weights (inline and computed on demand) hold the same values and summaries,
 * the computed form reads whole tiles only, and the threshold between them is where the README says.
 */
class FeatureWeightsTest {
    static final int CLASSES = 7;
    static final int INPUTS = 5;

    /** A planted row: distinct values, one largest |w| per class at input c mod 5, negative for odd c. */
    static double[] planted(int c) {
        double[] row = new double[INPUTS];
        for (int j = 0; j < INPUTS; j++) {
            row[j] = 0.1 * (j + 1) - 0.05 * c;
        }
        row[c % INPUTS] = (c % 2 == 0 ? 1 : -1) * (10.0 + c);
        return row;
    }

    static double[][] all() {
        double[][] rows = new double[CLASSES][];
        for (int c = 0; c < CLASSES; c++) {
            rows[c] = planted(c);
        }
        return rows;
    }

    /** A computed form with tiles of three classes that records what it was asked for. */
    static FeatureWeights computed(List<int[]> asked) {
        return FeatureWeights.computed(new int[] {INPUTS}, CLASSES, 3, (from, to) -> {
            asked.add(new int[] {from, to});
            double[][] rows = new double[to - from][];
            for (int c = from; c < to; c++) {
                rows[c - from] = planted(c);
            }
            return rows;
        });
    }

    @Test
    void summariesHoldThePlantedLargestWeightItsIndexAndTheNorm() {
        FeatureWeights fw = new FeatureWeights(new int[] {INPUTS}, all());
        assertTrue(fw.inline());
        for (int c = 0; c < CLASSES; c++) {
            double[] row = planted(c);
            assertEquals(10.0 + c, fw.maxAbs()[c], 0.0);
            assertEquals(c % INPUTS, fw.maxAbsIndex()[c]);
            double sq = 0;
            for (double w : row) {
                sq += w * w;
            }
            assertEquals(Math.sqrt(sq), fw.norm()[c], 0.0);
        }
        assertEquals(16.0, fw.limit(), 0.0);
        assertEquals(INPUTS, fw.inputs());
        assertEquals(CLASSES, fw.tileClasses());
    }

    @Test
    void theFirstOfEqualMagnitudesIsTheIndexAndZeroRowsHaveIndexZero() {
        FeatureWeights fw = new FeatureWeights(new int[] {4}, new double[][] {{1, -3, 3, 2}, {0, 0, 0, 0}});
        assertArrayEquals(new int[] {1, 0}, fw.maxAbsIndex());
        assertArrayEquals(new double[] {3, 0}, fw.maxAbs(), 0.0);
        assertEquals(0.0, fw.norm()[1], 0.0);
    }

    @Test
    void theComputedFormGivesTheInlineValuesReadingWholeTilesOnly() {
        List<int[]> asked = new ArrayList<>();
        FeatureWeights fw = computed(asked);
        FeatureWeights inline = new FeatureWeights(new int[] {INPUTS}, all());
        assertFalse(fw.inline());
        assertEquals(3, fw.tileClasses());
        assertArrayEquals(inline.maxAbs(), fw.maxAbs(), 0.0);
        assertArrayEquals(inline.maxAbsIndex(), fw.maxAbsIndex());
        assertArrayEquals(inline.norm(), fw.norm(), 0.0);
        assertEquals(3, asked.size(), "the summaries read each tile once");
        asked.clear();
        double[][] picked = fw.rows(new int[] {6, 0, 2, 4});
        assertArrayEquals(planted(6), picked[0], 0.0);
        assertArrayEquals(planted(0), picked[1], 0.0);
        assertArrayEquals(planted(2), picked[2], 0.0);
        assertArrayEquals(planted(4), picked[3], 0.0);
        assertEquals(3, asked.size(), "classes 0 and 2 share a tile: three tiles for four classes");
        for (int[] t : asked) {
            assertEquals(0, t[0] % 3, "tiles start at a multiple of the tile size");
            assertEquals(Math.min(CLASSES, t[0] + 3), t[1]);
        }
        List<Integer> seen = new ArrayList<>();
        fw.forEachTile((from, rows) -> {
            for (int i = 0; i < rows.length; i++) {
                assertArrayEquals(planted(from + i), rows[i], 0.0);
                seen.add(from + i);
            }
        });
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), seen);
        float[] sample = {1, 2, 3, 4, 5};
        assertArrayEquals(inline.contribution(sample, 5), fw.contribution(sample, 5), 0.0);
        assertArrayEquals(planted(3), fw.row(3), 0.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, fw::weights);
        assertTrue(e.getMessage().contains("7 classes × 5 inputs"), e.getMessage());
    }

    @Test
    void aMatrixAboveTheLimitIsReadTileByTile() {
        double[] cm = new double[CLASSES * INPUTS];
        for (int c = 0; c < CLASSES; c++) {
            double[] row = planted(c);
            for (int j = 0; j < INPUTS; j++) {
                cm[c + j * CLASSES] = row[j];
            }
        }
        io.koopcredit.linalg.Matrix k = io.koopcredit.linalg.Matrix.wrap(CLASSES, INPUTS, cm);
        FeatureWeights computed = FeatureWeights.ofMatrix(k, new int[] {INPUTS}, CLASSES * INPUTS - 1, 3);
        FeatureWeights inline = FeatureWeights.ofMatrix(k, new int[] {INPUTS}, CLASSES * INPUTS, 3);
        assertFalse(computed.inline());
        assertTrue(inline.inline());
        assertArrayEquals(new int[] {INPUTS}, computed.inputShape());
        computed.forEachTile((from, rows) -> {
            assertEquals(Math.min(3, CLASSES - from), rows.length, "tile from " + from);
            for (int i = 0; i < rows.length; i++) {
                assertArrayEquals(planted(from + i), rows[i], 0.0);
                assertArrayEquals(inline.weights()[from + i], rows[i], 0.0);
            }
        });
    }

    @Test
    void theEdgesOfTheShapesAndTilesAreAccepted() {
        FeatureWeights one = new FeatureWeights(new int[] {1}, new double[][] {{-2}});
        assertEquals(1, one.classes());
        assertEquals(1, one.inputs());
        assertArrayEquals(new double[] {2}, one.maxAbs(), 0.0);
        FeatureWeights single = FeatureWeights.computed(new int[] {2}, 3, 1, (from, to) -> new double[][] {{from, 1}});
        assertEquals(1, single.tileClasses());
        assertArrayEquals(new double[] {1, 1, 2}, single.maxAbs(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> FeatureWeights.computed(new int[] {2}, 0, 1,
                (from, to) -> new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> new FeatureWeights(new int[] {0}, new double[][] {{}}));
        // A class at the start of the next tile is read from that tile, not from the one before.
        List<int[]> asked = new ArrayList<>();
        double[][] pair = computed(asked).rows(new int[] {0, 3});
        assertArrayEquals(planted(3), pair[1], 0.0);
        assertArrayEquals(planted(0), pair[0], 0.0);
    }

    @Test
    void rowsAreCopiesAndBadClassesAreRefused() {
        FeatureWeights fw = new FeatureWeights(new int[] {INPUTS}, all());
        fw.row(1)[0] = 99;
        assertArrayEquals(planted(1), fw.weights()[1], 0.0);
        assertThrows(IndexOutOfBoundsException.class, () -> fw.row(CLASSES));
        assertThrows(IndexOutOfBoundsException.class, () -> computed(new ArrayList<>()).rows(new int[] {-1}));
    }

    @Test
    void nonFiniteOrMisshapenWeightsAreRefusedInBothForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FeatureWeights(new int[] {2}, new double[][] {{1, 2}, {3, Double.NaN}}));
        assertEquals("feature weights must be finite, found NaN for class 1 at input 1", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureWeights(new int[] {3}, new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> FeatureWeights.computed(new int[] {2}, 2, 1,
                (from, to) -> new double[][] {{from, Double.POSITIVE_INFINITY}}));
        assertEquals(2, FeatureWeights.computed(new int[] {2}, 2, 5, (from, to) -> new double[][] {{1, 1}, {2, 2}})
                .tileClasses(), "a tile never holds more classes than there are");
        assertThrows(IllegalArgumentException.class, () -> FeatureWeights.computed(new int[] {2}, 2, 0,
                (from, to) -> new double[][] {{1, 1}}));
        assertThrows(IllegalStateException.class, () -> FeatureWeights.computed(new int[] {2}, 4, 2,
                (from, to) -> new double[][] {{1, 1}}), "a tile with the wrong number of rows");
    }

    @Test
    void theInlineThresholdAndTheTilesFollowTheModelsSize() {
        long limit = FeatureWeights.INLINE_VALUES;
        assertEquals(1L << 18, limit);
        assertTrue(FeatureWeights.inline(10, 784, limit), "LeNet-5 on MNIST");
        assertTrue(FeatureWeights.inline(10, 3 * 32 * 32, limit), "CIFAR-10");
        assertTrue(FeatureWeights.inline(1, limit, limit), "exactly at the limit");
        assertFalse(FeatureWeights.inline(1, limit + 1, limit));
        assertFalse(FeatureWeights.inline(1000, 3 * 224 * 224, limit), "ResNet-18 on ImageNet");
        assertEquals(27, FeatureWeights.tileClasses(3 * 224 * 224), "2^22 / 150528");
        assertEquals(1, FeatureWeights.tileClasses(1 << 23), "at least one class");
        assertEquals(1 << 22, FeatureWeights.tileClasses(1));
    }

    @Test
    void theSummaryPassHandsEachTileOnceToAnotherReaderAndTheTallyEqualsItsOwnPass() {
        List<int[]> asked = new ArrayList<>();
        List<Integer> handed = new ArrayList<>();
        float[] inputs = new float[INPUTS * 6];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = (float) Math.sin(0.7 * k + 1);
        }
        int[] labels = {0, 1, 1, CLASSES - 1, 2, 0};
        TemplateAgreement.Tally tally = TemplateAgreement.tally(CLASSES, inputs, labels, 6);
        FeatureWeights fw = FeatureWeights.computed(new int[] {INPUTS}, CLASSES, 3, (from, to) -> {
            asked.add(new int[] {from, to});
            double[][] rows = new double[to - from][];
            for (int c = from; c < to; c++) {
                rows[c - from] = planted(c);
            }
            return rows;
        }, (from, rows) -> {
            handed.add(from);
            tally.accept(from, rows);
        });
        List<Integer> starts = new ArrayList<>();
        for (int from = 0; from < CLASSES; from += 3) {
            starts.add(from);
        }
        assertEquals(starts, handed, "every tile once, in class order");
        assertEquals(starts.size(), asked.size(), "the rows were computed once for both readers");
        TemplateAgreement fused = tally.result();
        TemplateAgreement own = TemplateAgreement.of(new FeatureWeights(new int[] {INPUTS}, all()), inputs, labels, 6);
        assertArrayEquals(own.perClass(), fused.perClass());
        assertEquals(own.mean(), fused.mean());
        assertEquals(6, fused.samples());
        assertTrue(fused.perClass()[0] != null && fused.perClass()[3] == null, "class 3 has no sample");
        TemplateAgreement.Tally partial = TemplateAgreement.tally(CLASSES, inputs, labels, 6);
        partial.accept(0, new double[][] {planted(0)});
        assertThrows(IllegalStateException.class, partial::result, "class 1 never went by");
        assertThrows(IllegalArgumentException.class, () -> TemplateAgreement.tally(CLASSES, inputs, labels, 7));
        assertThrows(IllegalArgumentException.class, () -> TemplateAgreement.tally(0, inputs, labels, 6));
    }
}
