package io.koopcredit.koopman;

import io.koopcredit.base.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.testing.TestMatrices;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DimensionAlignmentTest {
    /** Theorem 4's identity holds to rounding: ‖BA − I‖_F is computed from O(n²) terms near ε. */
    private static final double THEOREM4_TOLERANCE = 1e-9;

    @Test
    void theorem4ResidualOnRandomShapes() {
        SplittableRandom shapes = new SplittableRandom(7);
        for (int trial = 0; trial < 25; trial++) {
            int nIn = 1 + shapes.nextInt(60);
            int nOut = 1 + shapes.nextInt(60);
            for (AlignmentDistribution dist : AlignmentDistribution.values()) {
                DimensionAlignment al = DimensionAlignment.draw(nIn, nOut, dist, new SplittableRandom(trial));
                double expected = Math.sqrt(Math.max(nOut - nIn, 0));
                assertEquals(expected, al.residual(), THEOREM4_TOLERANCE, nIn + "->" + nOut + " " + dist);
                assertEquals(nIn == nOut, al.isIdentity());
            }
        }
    }

    @Test
    void largeWideShapeIsARightInverse() {
        // L2S (pool1 of LeNet-5 is 4704 -> 1176; here a smaller wide case): B·A = I_nOut.
        DimensionAlignment al = DimensionAlignment.draw(400, 120, AlignmentDistribution.GAUSSIAN,
                new SplittableRandom(3));
        Matrix ba = Linalg.multiply(al.b(), al.a());
        assertTrue(TestMatrices.maxAbsDiff(Matrix.identity(120), ba) < 1e-10);
        assertEquals(1, al.draws());
    }

    @Test
    void sameSeedSameMatrices() {
        DimensionAlignment a = DimensionAlignment.draw(9, 4, AlignmentDistribution.GAUSSIAN, Seeds.generator(5, 1, 2));
        DimensionAlignment b = DimensionAlignment.draw(9, 4, AlignmentDistribution.GAUSSIAN, Seeds.generator(5, 1, 2));
        DimensionAlignment c = DimensionAlignment.draw(9, 4, AlignmentDistribution.GAUSSIAN, Seeds.generator(5, 1, 3));
        assertEquals(0.0, TestMatrices.maxAbsDiff(a.b(), b.b()));
        assertTrue(TestMatrices.maxAbsDiff(a.b(), c.b()) > 0.1);
    }

    @Test
    void gaussianDeviatesHaveUnitVariance() {
        double[] g = new double[200_000];
        Seeds.fillGaussian(new SplittableRandom(11), g);
        double mean = 0;
        double sq = 0;
        for (double v : g) {
            mean += v;
            sq += v * v;
        }
        mean /= g.length;
        double var = sq / g.length - mean * mean;
        // Standard errors: 1/sqrt(n) = 0.0022 for the mean, sqrt(2/n) = 0.0032 for the variance; 5 sigma.
        assertEquals(0.0, mean, 0.012);
        assertEquals(1.0, var, 0.016);
    }
}
