package io.koopcredit.report.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.Example;
import io.koopcredit.credit.FeatureWeights;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.report.ReportFixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeatureWeightGridsTest {
    private static CreditResult conv;
    private static CreditResult mlp;

    @BeforeAll
    static void analyse() {
        conv = ReportFixtures.conv();
        mlp = ReportFixtures.mlp();
    }

    @Test
    void heatMapValuesAreTheRowsOfTheProductOperator() {
        for (CreditResult r : List.of(conv, mlp)) {
            Matrix k = FeatureWeights.product(r.operators()).dense();
            List<ValueGrid> maps = FeatureWeightGrids.perClass(r.featureWeights());
            assertEquals(k.rows(), maps.size(), "one map per class");
            SpatialLayout layout = SpatialLayout.of(r.model().inputShape().dims());
            for (int c = 0; c < k.rows(); c++) {
                double[] row = k.row(c);
                ValueGrid g = maps.get(c);
                assertEquals(layout.rows(), g.rows());
                assertEquals(layout.cols(), g.cols());
                for (int i = 0; i < g.rows(); i++) {
                    for (int j = 0; j < g.cols(); j++) {
                        assertEquals(row[i * g.cols() + j], g.value(i, j), 0.0,
                                "class " + c + " pixel (" + i + ", " + j + ")");
                    }
                }
            }
        }
    }

    @Test
    void convInputIsDrawnAsItsImageAndTheFlatInputAsASquare() {
        assertEquals(new SpatialLayout(6, 6, 1), SpatialLayout.of(conv.model().inputShape().dims()));
        assertEquals(new SpatialLayout(4, 4, 1), SpatialLayout.of(mlp.model().inputShape().dims()), "16 = 4 x 4");
    }

    @Test
    void layoutsOfTheShapesTheToolMeets() {
        assertEquals(new SpatialLayout(28, 28, 1), SpatialLayout.of(new int[] {1, 28, 28}));
        assertEquals(new SpatialLayout(9, 9, 1), SpatialLayout.of(new int[] {81}));
        assertEquals(new SpatialLayout(28, 28, 1), SpatialLayout.of(new int[] {28, 28}));
        SpatialLayout strip = SpatialLayout.of(new int[] {50});
        assertEquals(new SpatialLayout(1, 50, 1), strip);
        assertTrue(strip.isStrip());
        assertFalse(SpatialLayout.of(new int[] {81}).isStrip());
    }

    @Test
    void channelsAreDrawnSideBySide() {
        SpatialLayout l = SpatialLayout.of(new int[] {2, 2, 3});
        assertEquals(new SpatialLayout(2, 6, 2), l);
        // channel 0: rows {0,1,2},{3,4,5}; channel 1: rows {6,7,8},{9,10,11}
        ValueGrid g = l.grid(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertArrayEquals(new double[] {0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11}, g.values());
    }

    @Test
    void contributionIsThePixelTimesTheWeightOfThePredictedClass() {
        FeatureWeights fw = conv.featureWeights();
        assertFalse(conv.examples().isEmpty());
        for (Example e : conv.examples()) {
            ValueGrid g = FeatureWeightGrids.contribution(fw, e);
            double[] w = fw.weights()[e.networkPrediction()];
            for (int j = 0; j < w.length; j++) {
                assertEquals(e.input()[j] * w[j], g.values()[j], 0.0);
            }
            assertArrayEquals(toDouble(e.input()), FeatureWeightGrids.input(fw, e).values());
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
