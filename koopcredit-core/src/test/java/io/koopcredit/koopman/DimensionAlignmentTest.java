package io.koopcredit.koopman;

import io.koopcredit.base.Seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /**
     * B = Q₁·Σ·Q₂ᵀ (or its transpose) with Q₁, Q₂ from rotations: Q·e_j is off by ~6ε per rotation layer (see
     * RandomRotationsTest), and B·A passes through four such transforms and Σ·Σ⁻¹; 24ε·layers of the larger.
     */
    private static double structuredTolerance(int n) {
        return 24 * Math.ulp(1.0) * Math.max(1, 2 * RandomRotations.levels(n));
    }

    @Test
    void structuredAlignmentIsAFullRankPseudoInverseOnSweptShapes() {
        int[][] shapes = {{784, 4704 / 6}, {120, 84}, {84, 10}, {10, 84}, {81, 128}, {128, 64}, {3, 2}, {2, 3},
            {1, 7}, {7, 1}, {100, 37}, {37, 100}, {64, 63}, {300, 512}};
        for (int[] s : shapes) {
            int nIn = s[0];
            int nOut = s[1];
            if (nIn == nOut) {
                continue;
            }
            DimensionAlignment al = DimensionAlignment.draw(nIn, nOut, AlignmentDistribution.STRUCTURED,
                    Seeds.generator(1, nIn, nOut));
            String where = nIn + "->" + nOut;
            assertTrue(al.isStructured(), where);
            assertFalse(al.isIdentity(), where);
            int n = Math.max(nIn, nOut);
            int m = Math.min(nIn, nOut);
            Matrix b = al.b();
            Matrix a = al.a();
            assertEquals(nOut, b.rows());
            assertEquals(nIn, b.cols());
            assertEquals(nIn, a.rows());
            assertEquals(nOut, a.cols());
            double tol = structuredTolerance(n);
            // Full rank m, and B's singular values are the drawn σ.
            double[] sv = Linalg.singularValues(b);
            double[] sigma = al.structured().sigma();
            assertEquals(m, sv.length, where);
            for (int i = 0; i < m; i++) {
                assertEquals(sigma[i], sv[i], tol * sigma[0], where);
                assertTrue(sv[i] > 0, where);
            }
            // A = B⁺: the smaller product is the identity, and the Penrose conditions hold.
            Matrix small = nOut < nIn ? Linalg.multiply(b, a) : Linalg.multiply(a, b);
            double cond = sigma[0] / sigma[m - 1];
            assertTrue(TestMatrices.maxAbsDiff(Matrix.identity(m), small) <= tol * cond, where);
            assertTrue(TestMatrices.maxAbsDiff(b, Linalg.multiply(Linalg.multiply(b, a), b)) <= tol * cond * sigma[0],
                    where);
            assertTrue(TestMatrices.maxAbsDiff(a, Linalg.multiply(Linalg.multiply(a, b), a))
                    <= tol * cond / sigma[m - 1], where);
            Matrix ba = Linalg.multiply(b, a);
            assertTrue(TestMatrices.maxAbsDiff(ba, ba.transpose()) <= tol * cond, where);
            Matrix ab = Linalg.multiply(a, b);
            assertTrue(TestMatrices.maxAbsDiff(ab, ab.transpose()) <= tol * cond, where);
            // Theorem 4's minimum, measured.
            assertTrue(al.residualMeasured(), where);
            assertEquals(Math.sqrt(Math.max(nOut - nIn, 0)), al.residual(), tol * cond * n, where);
            // align and decompose are A and B applied to vectors.
            double[] outputs = new double[2 * nOut];
            Seeds.fillGaussian(new SplittableRandom(nIn), outputs);
            double[] expected = Linalg.applyToSamples(a, outputs, 2);
            double[] aligned = al.align(outputs, 2);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], aligned[i], 1e-12, where);
            }
            Matrix x = TestMatrices.gaussian(nIn, 3, nOut);
            assertTrue(TestMatrices.maxAbsDiff(Linalg.multiply(b, x), al.decompose(x)) <= 1e-12 * sigma[0] * nIn, where);
        }
    }

    @Test
    void structuredAlignmentIsSeeded() {
        DimensionAlignment a = DimensionAlignment.draw(40, 13, AlignmentDistribution.STRUCTURED, Seeds.generator(5, 1, 2));
        DimensionAlignment b = DimensionAlignment.draw(40, 13, AlignmentDistribution.STRUCTURED, Seeds.generator(5, 1, 2));
        DimensionAlignment c = DimensionAlignment.draw(40, 13, AlignmentDistribution.STRUCTURED, Seeds.generator(5, 1, 3));
        assertEquals(0.0, TestMatrices.maxAbsDiff(a.b(), b.b()));
        assertTrue(TestMatrices.maxAbsDiff(a.b(), c.b()) > 0.1);
        assertEquals(1, a.draws());
        assertEquals(0.0, DimensionAlignment.draw(7, 7, AlignmentDistribution.STRUCTURED, Seeds.generator(5, 1, 2))
                .residual());
        assertTrue(DimensionAlignment.draw(7, 7, AlignmentDistribution.STRUCTURED, Seeds.generator(5, 1, 2))
                .isIdentity());
    }

    @Test
    void autoIsGaussianBelowTheSizeThresholdAndStructuredAboveIt() {
        // 4096 x 4096 = 2^24 is not above the threshold; 4097 x 4096 is.
        assertEquals(AlignmentDistribution.GAUSSIAN, AlignmentDistribution.AUTO.forBlock(4096, 4096));
        assertEquals(AlignmentDistribution.STRUCTURED, AlignmentDistribution.AUTO.forBlock(4097, 4096));
        assertEquals(AlignmentDistribution.ORTHONORMAL, AlignmentDistribution.ORTHONORMAL.forBlock(4097, 4096));
        assertEquals(AlignmentDistribution.GAUSSIAN, AlignmentDistribution.GAUSSIAN.forBlock(4097, 4096));
        // Below the threshold auto draws exactly the Gaussian alignment from the same generator.
        DimensionAlignment auto = DimensionAlignment.draw(30, 12, AlignmentDistribution.AUTO, Seeds.generator(2, 0, 0));
        DimensionAlignment gauss = DimensionAlignment.draw(30, 12, AlignmentDistribution.GAUSSIAN,
                Seeds.generator(2, 0, 0));
        assertFalse(auto.isStructured());
        assertEquals(0.0, TestMatrices.maxAbsDiff(auto.b(), gauss.b()));
        assertEquals(0.0, TestMatrices.maxAbsDiff(auto.a(), gauss.a()));
        // Above it: structured, and its residual is too costly to measure.
        DimensionAlignment large = DimensionAlignment.draw(16384, 8192, AlignmentDistribution.AUTO,
                Seeds.generator(2, 0, 0));
        assertTrue(large.isStructured());
        assertFalse(large.residualMeasured());
    }

    @Test
    void alignmentNamesParse() {
        for (AlignmentDistribution d : AlignmentDistribution.values()) {
            assertEquals(d, AlignmentDistribution.parse(" " + d.spec().toUpperCase(java.util.Locale.ROOT) + " "));
        }
        io.koopcredit.base.InvalidOptionException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.koopcredit.base.InvalidOptionException.class, () -> AlignmentDistribution.parse("uniform"));
        assertTrue(e.getMessage().contains("uniform") && e.getMessage().contains("structured"), e.getMessage());
    }
}
