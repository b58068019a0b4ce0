package io.koopcredit.koopman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Linalg;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The cut bidiagonal of {@link GaussianSpectrum} above {@link GaussianSpectrum#UNCUT_MAX_ORDER}. */
class GaussianSpectrumCutTest {
    private static final double EPS = Math.ulp(1.0);

    @Test
    void segmentsAreNearEqualAtMostSRowsAndCoverEveryRow() {
        for (int m : new int[] {1, 2, 7, 8, 9, 50, 2048, 2049, 20000, 200704}) {
            for (int s : new int[] {1, 3, 8, 2048}) {
                int k = (m + s - 1) / s;
                assertEquals(0, GaussianSpectrum.segmentStart(0, m, k));
                assertEquals(m, GaussianSpectrum.segmentStart(k, m, k));
                for (int j = 0; j < k; j++) {
                    int size = GaussianSpectrum.segmentStart(j + 1, m, k) - GaussianSpectrum.segmentStart(j, m, k);
                    assertTrue(size <= s && size >= m / k && size <= m / k + 1, "m = " + m + ", S = " + s + ", j = " + j);
                }
            }
        }
    }

    @Test
    void theInterlacingBoundIsAttainedWhenOnlyTheCutEntriesAreLarge() {
        // d = 1 everywhere and e = 0 except L at the k − 1 cut positions: the whole matrix is the identity
        // with k − 1 blocks [[1, L], [0, 1]] (singular values (√(L² + 4) ± L)/2, about L and 1/L), the cut one
        // is the identity. So σ_1(cut) = 1 = σ_k(whole) < σ_{k−1}(whole): a shift of exactly k − 1 positions.
        int m = 50;
        int s = 8;
        int k = 7;
        double big = 1e3;
        double[] d = new double[m];
        Arrays.fill(d, 1.0);
        double[] e = new double[m - 1];
        for (int j = 1; j < k; j++) {
            e[GaussianSpectrum.segmentStart(j, m, k) - 1] = big;
        }
        double[] whole = Linalg.bidiagonalSingularValues(d, e);
        double[] cut = GaussianSpectrum.cutSingularValues(d, e, s);
        double large = (Math.sqrt(big * big + 4) + big) / 2;
        for (int i = 0; i < m; i++) {
            assertEquals(1.0, cut[i], 4 * EPS, "cut sigma " + i);
            double expected = i < k - 1 ? large : i >= m - (k - 1) ? 1 / large : 1.0;
            assertEquals(expected, whole[i], 1e-12 * expected, "whole sigma " + i);
        }
        assertInterlaced(whole, cut, k - 1);
        assertFalse(interlaced(whole, cut, k - 2), "the bound cannot be tightened");
        assertEquals(1.0, d[0], "input not modified");
        assertEquals(big, e[GaussianSpectrum.segmentStart(1, m, k) - 1], "input not modified");
    }

    @Test
    void theCutKeepsTheDeterminantAndDropsTheCutEntriesFromTheFrobeniusNorm() {
        // |det| of an upper bidiagonal is Π|d_i|, untouched by the cut: Σ log σ(cut) = Σ log d_i. dqds gives
        // each σ of a segment of S rows to a relative accuracy of a small multiple of S·ε (measured far below),
        // and adding m logs of magnitude at most λ = max |log σ| costs m·λ·ε: the tolerance m·(S + λ)·ε.
        // Σσ² = ‖B‖_F² = Σd² + Σe² without the cut entries, to 2·(S + m)·ε·‖B‖_F² (each σ² to 2·S·ε relative;
        // both sums of m terms to m·ε).
        for (int[] c : new int[][] {{400, 300, 64}, {1000, 999, 100}, {50, 50, 7}, {30, 1, 1}, {100, 37, 37},
                {100, 38, 37}, {5000, 2500, 256}}) {
            int n = c[0];
            int m = c[1];
            int s = c[2];
            int k = (m + s - 1) / s;
            double[][] b = GaussianSpectrum.bidiagonal(n, m, new SplittableRandom(n * 7919L + m));
            double[] cut = GaussianSpectrum.cutSingularValues(b[0], b[1], s);
            double[] whole = Linalg.bidiagonalSingularValues(b[0], b[1]);
            double logD = 0;
            double frobenius = 0;
            double lambda = 0;
            for (double v : b[0]) {
                logD += Math.log(v);
                frobenius += v * v;
            }
            for (double v : b[1]) {
                frobenius += v * v;
            }
            for (int j = 1; j < k; j++) {
                double v = b[1][GaussianSpectrum.segmentStart(j, m, k) - 1];
                frobenius -= v * v;
            }
            double logCut = 0;
            double logWhole = 0;
            double squares = 0;
            for (int i = 0; i < m; i++) {
                assertTrue(cut[i] > 0 && (i == 0 || cut[i] <= cut[i - 1]), "positive and non-increasing");
                logCut += Math.log(cut[i]);
                logWhole += Math.log(whole[i]);
                squares += cut[i] * cut[i];
                lambda = Math.max(lambda, Math.abs(Math.log(cut[i])));
            }
            String where = n + "x" + m + ", S = " + s;
            double tol = m * (s + lambda) * EPS;
            assertEquals(logD, logCut, tol, where);
            assertEquals(logWhole, logCut, 2 * tol, where);
            assertEquals(frobenius, squares, 2.0 * (s + m) * EPS * frobenius, where);
            assertInterlaced(whole, cut, k - 1);
        }
    }

    @Test
    void theDrawAboveTheThresholdInterlacesWithTheWholeBidiagonal() {
        // m = 12000 > UNCUT_MAX_ORDER: k = 6 segments of 2000 rows. The bound σ_{i+5}(whole) ≤ σ_i(cut) ≤
        // σ_{i−5}(whole), up to dqds's relative accuracy on either side (S·ε, taken as 1e-12); the determinant
        // to the tolerance above; and the measured closeness (largest relative change 1.1e-3 to 1.3e-3 on the
        // draws of the class comment's measurements) checked at 2.2e-3. (m = 12000, not larger: the whole
        // bidiagonal's dqds, the reference, costs O(m²), 2 s here.)
        int n = 24000;
        int m = 12000;
        int k = (m + GaussianSpectrum.SEGMENT_ROWS - 1) / GaussianSpectrum.SEGMENT_ROWS;
        double[] drawn = GaussianSpectrum.draw(n, m, new SplittableRandom(12000));
        double[][] b = GaussianSpectrum.bidiagonal(n, m, new SplittableRandom(12000));
        double[] whole = Linalg.bidiagonalSingularValues(b[0], b[1]);
        assertArrayEquals(GaussianSpectrum.cutSingularValues(b[0], b[1], GaussianSpectrum.SEGMENT_ROWS), drawn);
        assertInterlaced(whole, drawn, k - 1);
        double logD = 0;
        double logDrawn = 0;
        double largest = 0;
        for (int i = 0; i < m; i++) {
            logD += Math.log(b[0][i]);
            logDrawn += Math.log(drawn[i]);
            largest = Math.max(largest, Math.abs(drawn[i] / whole[i] - 1));
        }
        assertEquals(logD, logDrawn, m * (GaussianSpectrum.SEGMENT_ROWS + Math.log(2 * Math.sqrt(n))) * EPS);
        assertTrue(largest < 2.2e-3, "largest relative change " + largest);
        assertEquals(whole[0], drawn[0], 1e-12 * whole[0], "the largest value lives in the first rows");
        assertEquals(whole[m - 1], drawn[m - 1], 1e-12 * whole[m - 1], "so does the smallest");
    }

    @Test
    void drawsUpToTheThresholdKeepTheWholeBidiagonalsBits() {
        // Below the threshold the draw is the whole bidiagonal's dqds, bit for bit (what every bundled model and
        // ResNet-20 drew before the cut existed); at it, not the cut values; one above it, the cut values.
        double[][] small = GaussianSpectrum.bidiagonal(150, 100, new SplittableRandom(4));
        assertArrayEquals(Linalg.bidiagonalSingularValues(small[0], small[1]),
                GaussianSpectrum.draw(150, 100, new SplittableRandom(4)));
        int m = GaussianSpectrum.UNCUT_MAX_ORDER;
        double[][] at = GaussianSpectrum.bidiagonal(m + 5, m, new SplittableRandom(5));
        assertFalse(Arrays.equals(GaussianSpectrum.cutSingularValues(at[0], at[1], GaussianSpectrum.SEGMENT_ROWS),
                GaussianSpectrum.draw(m + 5, m, new SplittableRandom(5))));
        double[][] above = GaussianSpectrum.bidiagonal(m + 5, m + 1, new SplittableRandom(6));
        assertArrayEquals(GaussianSpectrum.cutSingularValues(above[0], above[1], GaussianSpectrum.SEGMENT_ROWS),
                GaussianSpectrum.draw(m + 5, m + 1, new SplittableRandom(6)));
        assertTrue(GaussianSpectrum.SEGMENT_ROWS < GaussianSpectrum.UNCUT_MAX_ORDER);
    }

    @Test
    void badCutsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> GaussianSpectrum.cutSingularValues(new double[] {1, 2}, new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> GaussianSpectrum.cutSingularValues(new double[] {1, 2}, new double[2], 1));
        assertThrows(IllegalArgumentException.class,
                () -> GaussianSpectrum.bidiagonal(3, 4, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class,
                () -> GaussianSpectrum.bidiagonal(3, 0, new SplittableRandom(1)));
        assertEquals(0, GaussianSpectrum.cutSingularValues(new double[0], new double[0], 4).length);
    }

    /** σ_{i+r}(whole) ≤ σ_i(cut) ≤ σ_{i−r}(whole), both non-increasing, to a relative 1e-12 for rounding. */
    private static void assertInterlaced(double[] whole, double[] cut, int r) {
        assertTrue(interlaced(whole, cut, r), "cut values more than " + r + " positions from the whole ones");
    }

    private static boolean interlaced(double[] whole, double[] cut, int r) {
        int m = whole.length;
        for (int i = 0; i < m; i++) {
            double slack = 1e-12 * cut[i];
            if (i + r < m && cut[i] < whole[i + r] - slack) {
                return false;
            }
            if (i - r >= 0 && cut[i] > whole[i - r] + slack) {
                return false;
            }
        }
        return true;
    }
}
