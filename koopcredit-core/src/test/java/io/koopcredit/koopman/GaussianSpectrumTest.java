package io.koopcredit.koopman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.testing.TestMatrices;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianSpectrumTest {

    @Test
    void sortedSpectraMatchThoseOfGaussianMatricesOnAverage() {
        // Mean of each order statistic over R draws, against R dense Gaussian matrices' singular values. Each σ_i
        // has a standard deviation below 1 (about 0.5 in the bulk), so each mean has a standard error
        // below 1/√R = 0.063 for either side; 5 standard errors of the difference is 0.45.
        int r = 250;
        for (int[] shape : new int[][] {{60, 20}, {40, 39}, {25, 1}, {9, 9}}) {
            int n = shape[0];
            int m = shape[1];
            double[] drawn = new double[m];
            double[] dense = new double[m];
            SplittableRandom rng = new SplittableRandom(n * 31L + m);
            for (int k = 0; k < r; k++) {
                double[] a = GaussianSpectrum.draw(n, m, rng);
                double[] b = Linalg.singularValues(TestMatrices.gaussian(n, m, 1000L * n + k));
                assertEquals(m, a.length);
                for (int i = 0; i < m; i++) {
                    drawn[i] += a[i] / r;
                    dense[i] += b[i] / r;
                    assertTrue(a[i] > 0 && (i == 0 || a[i] <= a[i - 1]), "positive and non-increasing");
                }
            }
            for (int i = 0; i < m; i++) {
                assertEquals(dense[i], drawn[i], 0.45, n + "x" + m + ", sigma " + i);
            }
        }
    }

    @Test
    void theSquaredSpectrumSumsToTheFrobeniusNormsExpectation() {
        // Σσ² is the squared Frobenius norm: χ²_n + … + χ²_{n−m+1} + χ²_{m−1} + … + χ²_1, mean n·m and variance
        // 2·n·m. Over R = 300 draws the mean has standard error √(2nm/R); 5 of them.
        int r = 300;
        for (int[] shape : new int[][] {{60, 20}, {33, 32}, {7, 1}, {200, 150}}) {
            int n = shape[0];
            int m = shape[1];
            SplittableRandom rng = new SplittableRandom(n + 7L * m);
            double sum = 0;
            for (int k = 0; k < r; k++) {
                for (double s : GaussianSpectrum.draw(n, m, rng)) {
                    sum += s * s;
                }
            }
            assertEquals((double) n * m, sum / r, 5 * Math.sqrt(2.0 * n * m / r), n + "x" + m);
        }
    }

    @Test
    void chiSquaredHasItsVarianceAndMedian() {
        // Var χ²_k = 2k; the sample variance of 20000 draws has standard error √((8k² + 48k)/20000); 5 of them.
        // The median of χ²_k is k(1 − 2/(9k))³ to within 0.5% for k ≥ 3 (Wilson–Hilferty); the fraction below it
        // has standard error √(0.25/20000) = 0.0035, allowed 0.02 with the approximation's error.
        SplittableRandom rng = new SplittableRandom(8);
        for (int k : new int[] {3, 10, 1000}) {
            int count = 20000;
            double[] x = new double[count];
            double mean = 0;
            double median = k * Math.pow(1 - 2.0 / (9 * k), 3);
            int below = 0;
            for (int i = 0; i < count; i++) {
                double c = GaussianSpectrum.chi(k, rng);
                x[i] = c * c;
                mean += x[i] / count;
                below += x[i] < median ? 1 : 0;
            }
            double var = 0;
            for (double v : x) {
                var += (v - mean) * (v - mean) / (count - 1);
            }
            assertEquals(2.0 * k, var, 5 * Math.sqrt((8.0 * k * k + 48.0 * k) / count), "k = " + k);
            assertEquals(0.5, below / (double) count, 0.02, "k = " + k);
        }
    }

    @Test
    void chiDeviatesHaveTheirMoments() {
        // E χ_k² = k and Var χ_k² = 2k: with 20000 draws the mean of χ² has standard error √(2k/20000); 5 of them.
        SplittableRandom rng = new SplittableRandom(3);
        for (int k : new int[] {1, 2, 3, 10, 1000}) {
            int count = 20000;
            double sum = 0;
            for (int i = 0; i < count; i++) {
                double c = GaussianSpectrum.chi(k, rng);
                assertTrue(c >= 0);
                sum += c * c;
            }
            assertEquals(k, sum / count, 5 * Math.sqrt(2.0 * k / count), "k = " + k);
        }
        assertThrows(IllegalArgumentException.class, () -> GaussianSpectrum.chi(0, rng));
        assertThrows(IllegalArgumentException.class, () -> GaussianSpectrum.draw(3, 4, rng));
        assertThrows(IllegalArgumentException.class, () -> GaussianSpectrum.draw(3, 0, rng));
    }

    @Test
    void bidiagonalSingularValuesMatchTheDenseSvd() {
        double[] d = {3, -1, 2, 0.5};
        double[] e = {1, 4, -2};
        io.koopcredit.linalg.Matrix dense = io.koopcredit.linalg.Matrix.fromRows(new double[][] {
            {3, 1, 0, 0}, {0, -1, 4, 0}, {0, 0, 2, -2}, {0, 0, 0, 0.5}});
        double[] expected = Linalg.singularValues(dense);
        double[] found = Linalg.bidiagonalSingularValues(d, e);
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], found[i], 1e-13 * expected[0]);
        }
        assertEquals(3.0, d[0], "input not modified");
        assertEquals(0, Linalg.bidiagonalSingularValues(new double[0], new double[0]).length);
        assertThrows(IllegalArgumentException.class, () -> Linalg.bidiagonalSingularValues(d, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> Linalg.bidiagonalSingularValues(new double[] {Double.NaN},
                new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Linalg.bidiagonalSingularValues(new double[] {1, 2},
                new double[] {Double.POSITIVE_INFINITY}));
    }
}
