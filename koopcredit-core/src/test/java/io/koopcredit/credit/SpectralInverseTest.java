package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.RankPolicy;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Gram form's full-rank shortcut ({@link ScalableOneStep#spectral}): when R is N × N, every singular
 * value is kept and κ(R) ≤ 1/{@link ScalableOneStep#GRAM_SAFE}, W = R⁻¹ replaces V·Σ⁻¹. Planted R factors
 * with known singular values show when it is taken, that it gives the same spectrum, rank and floor as the
 * eigenvector path, and that W·Wᵀ and the singular values of F·W are the same matrix and numbers both ways.
 */
class SpectralInverseTest {
    private static final RankPolicy KEEP_ALL = new RankPolicy.MachinePrecision();
    /** Both paths are backward stable; with κ ≤ 10³ and N ≤ 40 they agree to well below this. */
    private static final double CLOSE = 1e-10;

    /** An upper triangular N × N factor with singular values {@code s}: the R of U·diag(s)·Vᵀ. */
    static Matrix plantedR(double[] s, long seed) {
        int n = s.length;
        Matrix u = Linalg.qr(gaussian(3 * n, n, seed)).q();
        Matrix v = Linalg.qr(gaussian(n, n, seed + 1)).q();
        double[] sv = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                sv[i + j * n] = v.get(j, i) * s[i];
            }
        }
        return Linalg.qr(Linalg.multiply(u, Matrix.wrap(n, n, sv))).r();
    }

    /** R·Qᵀ for a random n × k Q with orthonormal columns: k × n, with R's singular values. */
    static Matrix widened(Matrix r, int n, long seed) {
        Matrix q = Linalg.qr(gaussian(n, r.rows(), seed)).q();
        return Linalg.multiplyTransposeB(r, q);
    }

    static Matrix gaussian(int r, int c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = new double[r * c];
        for (int k = 0; k < d.length; k++) {
            d[k] = rng.nextGaussian();
        }
        return Matrix.wrap(r, c, d);
    }

    static double[] geometric(int n, double largest, double smallest) {
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            s[k] = largest * Math.pow(smallest / largest, n == 1 ? 0 : k / (double) (n - 1));
        }
        return s;
    }

    @ParameterizedTest
    @CsvSource({"1,1", "2,10", "7,100", "40,999"})
    void aWellConditionedFullRankFactorIsInvertedAndAgreesWithTheVectors(int n, double kappa) {
        double[] planted = geometric(n, 3.0, 3.0 / kappa);
        Matrix r = plantedR(planted, 11 + n);
        ScalableOneStep.Spectral fast = ScalableOneStep.spectral(r, KEEP_ALL, 1e-16, 5L * n, n, true);
        ScalableOneStep.Spectral slow = ScalableOneStep.spectral(r, KEEP_ALL, 1e-16, 5L * n, n, false);
        assertNotNull(fast.inverse(), "κ = " + kappa + " ≤ 10³ takes the inverse");
        assertNull(fast.vectors());
        assertNull(slow.inverse());
        assertNotNull(slow.vectors());
        assertEquals(n, fast.rank());
        assertEquals(slow.rank(), fast.rank());
        assertEquals(slow.floor(), fast.floor(), CLOSE * slow.floor());
        for (int k = 0; k < n; k++) {
            assertEquals(planted[k], fast.values()[k], CLOSE * planted[0], "σ_" + k);
            assertEquals(slow.values()[k], fast.values()[k], CLOSE * planted[0], "σ_" + k);
        }
        assertArrayEquals(fast.values(), fast.spectrum().values());
        // R·R⁻¹ = I, and R⁻¹ is upper triangular
        Matrix identity = Linalg.multiply(r, fast.inverse());
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(i == j ? 1.0 : 0.0, identity.get(i, j), CLOSE * kappa, "(R·R⁻¹)_" + i + j);
                if (i > j) {
                    assertEquals(0.0, fast.inverse().get(i, j), 0.0);
                }
            }
        }
        // W·Wᵀ is the same matrix both ways: R⁻¹R⁻ᵀ = V·Σ⁻²·Vᵀ = (RᵀR)⁻¹.
        Matrix w = slow.vectors().scaleColumns(inverse(slow.values()));
        Matrix pFast = Linalg.multiplyTransposeB(fast.inverse(), fast.inverse());
        Matrix pSlow = Linalg.multiplyTransposeB(w, w);
        double scale = 1.0 / (planted[n - 1] * planted[n - 1]);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(pSlow.get(i, j), pFast.get(i, j), CLOSE * scale, "P_" + i + j);
            }
        }
        // and so are the singular values of F·W (the block's and its kernels' credits)
        Matrix f = gaussian(n + 3, n, 99);
        double[] sFast = Linalg.singularValues(Linalg.multiply(f, fast.inverse()));
        double[] sSlow = Linalg.singularValues(Linalg.multiply(f, w));
        assertEquals(sSlow.length, sFast.length);
        for (int k = 0; k < sSlow.length; k++) {
            assertEquals(sSlow[k], sFast[k], CLOSE * sSlow[0], "σ_" + k + "(F·W)");
        }
    }

    @Test
    void aFactorConditionedBeyondTheGramSafeMarginKeepsTheVectors() {
        int n = 6;
        double kappa = 1.0 / ScalableOneStep.GRAM_SAFE;
        Matrix beyond = plantedR(geometric(n, 2.0, 2.0 / (kappa * 1.5)), 5);
        ScalableOneStep.Spectral sp = ScalableOneStep.spectral(beyond, KEEP_ALL, 1e-16, 40, n, true);
        assertNull(sp.inverse(), "κ = 1.5·10³ > 10³");
        assertNotNull(sp.vectors());
        assertEquals(n, sp.rank());
        Matrix within = plantedR(geometric(n, 2.0, 2.0 / (kappa * 0.99)), 5);
        assertNotNull(ScalableOneStep.spectral(within, KEEP_ALL, 1e-16, 40, n, true).inverse(), "κ = 990");
    }

    @Test
    void aTruncatedRankKeepsTheVectors() {
        int n = 5;
        Matrix r = plantedR(geometric(n, 1.0, 0.1), 3);
        ScalableOneStep.Spectral sp = ScalableOneStep.spectral(r, new RankPolicy.Fixed(n - 1), 1e-16, 40, n, true);
        assertNull(sp.inverse(), "rank N − 1 needs V_r");
        assertEquals(n - 1, sp.rank());
        assertEquals(n, sp.vectors().cols());
        assertEquals(n, ScalableOneStep.spectral(r, new RankPolicy.Fixed(n), 1e-16, 40, n, true).rank());
        assertNotNull(ScalableOneStep.spectral(r, new RankPolicy.Fixed(n), 1e-16, 40, n, true).inverse());
    }

    @Test
    void aWideOrForbiddenFactorKeepsTheVectors() {
        int n = 4;
        Matrix r = plantedR(geometric(n, 1.0, 0.5), 7);
        assertNull(ScalableOneStep.spectral(r, KEEP_ALL, 1e-16, 40, n, false).inverse(), "affine fits");
        // a 3 × 4 trapezoidal factor (fewer activations than samples): rank ≤ 3 < N
        Matrix wide = r.rowRange(0, 3);
        ScalableOneStep.Spectral sp = ScalableOneStep.spectral(wide, KEEP_ALL, 1e-16, 3, n, true);
        assertNull(sp.inverse());
        assertEquals(3, sp.rank());
        // the N of the factor must be the N of the samples
        assertNull(ScalableOneStep.spectral(r, KEEP_ALL, 1e-16, 40, n + 1, true).inverse());
    }

    /**
     * A factor with at most half as many rows as samples (a narrow boundary, such as a classifier's input)
     * takes its own thin SVD instead of the eigenvectors of its N × N Gram matrix: the values and vectors are
     * dgesdd's to the bit at k = N/2, and W·Wᵀ = V·Σ⁻²·Vᵀ is the Gram route's pseudo-inverse. One row more
     * (2k > N) keeps the Gram route, whose vectors are not the SVD's bit for bit.
     */
    @ParameterizedTest
    @CsvSource({"1,2", "3,6", "6,12", "5,40"})
    void aFactorOfAtMostHalfAsManyRowsAsSamplesTakesItsOwnSvd(int k, int n) {
        double[] planted = geometric(k, 3.0, 3.0 / 300);
        Matrix wide = widened(plantedR(planted, 21 + k), n, 31 + k);
        ScalableOneStep.Spectral sp = ScalableOneStep.spectral(wide, KEEP_ALL, 1e-16, 40, n, true);
        io.koopcredit.linalg.Svd svd = Linalg.svd(wide);
        assertNull(sp.inverse());
        assertEquals(k, sp.rank());
        assertArrayEquals(svd.s(), sp.values(), 0.0);
        assertArrayEquals(svd.v().toColumnMajor(), sp.vectors().toColumnMajor(), 0.0);
        for (int j = 0; j < k; j++) {
            assertEquals(planted[j], sp.values()[j], CLOSE * planted[0], "σ_" + j);
        }
        // W·Wᵀ against the pseudo-inverse of the Gram matrix from its eigenvectors
        io.koopcredit.linalg.SymmetricEigen eig = Linalg.symmetricEigen(Linalg.gram(wide), true);
        Matrix vg = eig.vectors().columnRange(0, k);
        double[] sg = new double[k];
        for (int j = 0; j < k; j++) {
            sg[j] = Math.sqrt(eig.values()[j]);
        }
        Matrix wSvd = sp.vectors().columnRange(0, k).scaleColumns(inverse(sp.values()));
        Matrix wGram = vg.scaleColumns(inverse(sg));
        Matrix pSvd = Linalg.multiplyTransposeB(wSvd, wSvd);
        Matrix pGram = Linalg.multiplyTransposeB(wGram, wGram);
        double scale = 1.0 / (planted[k - 1] * planted[k - 1]);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(pGram.get(i, j), pSvd.get(i, j), 1e-9 * scale, "P_" + i + j);
            }
        }
    }

    @Test
    void aFactorOfMoreThanHalfAsManyRowsAsSamplesKeepsTheGramRoute() {
        int k = 7;
        int n = 12;
        Matrix wide = widened(plantedR(geometric(k, 3.0, 0.3), 29), n, 37);
        ScalableOneStep.Spectral sp = ScalableOneStep.spectral(wide, KEEP_ALL, 1e-16, 40, n, true);
        io.koopcredit.linalg.Svd svd = Linalg.svd(wide);
        assertEquals(k, sp.rank());
        assertArrayEquals(svd.s(), sp.values(), CLOSE * 3.0);
        boolean same = java.util.Arrays.equals(svd.v().toColumnMajor(), sp.vectors().toColumnMajor());
        assertTrue(!same, "the Gram route's vectors are the eigenvectors of RᵀR, not dgesdd's");
    }

    @Test
    void theNoiseFloorIsNoiseTimesTheFrobeniusNorm() {
        double[] planted = {4.0, 3.0};
        Matrix r = plantedR(planted, 1);
        ScalableOneStep.Spectral sp = ScalableOneStep.spectral(r, KEEP_ALL, 1e-3, 10, 2, true);
        assertNotNull(sp.inverse());
        assertEquals(5e-3, sp.floor(), 1e-15);
        assertEquals(sp.floor(), sp.spectrum().noiseFloor(), 0.0);
        assertEquals(10, sp.spectrum().rows());
        assertEquals(2, sp.spectrum().cols());
        // a floor above every value: the precision policy keeps nothing, so no inverse
        ScalableOneStep.Spectral none = ScalableOneStep.spectral(r, new RankPolicy.DataPrecision(), 1.0, 10, 2, true);
        assertEquals(0, none.rank());
        assertNull(none.inverse());
    }

    @Test
    void aSpectrumNeedsExactlyOneWayToBuildW() {
        double[] s = {1.0};
        RankPolicy.Spectrum spectrum = new RankPolicy.Spectrum(s, 1, 1, 0.0);
        Matrix one = Matrix.wrap(1, 1, new double[] {1.0});
        assertThrows(IllegalArgumentException.class, () -> new ScalableOneStep.Spectral(s, null, 1, 0, spectrum,
                null));
        assertThrows(IllegalArgumentException.class, () -> new ScalableOneStep.Spectral(s, one, 1, 0, spectrum,
                one));
        assertTrue(new ScalableOneStep.Spectral(s, one, 1, 0, spectrum, null).inverse() == null);
    }

    private static double[] inverse(double[] s) {
        double[] inv = new double[s.length];
        for (int k = 0; k < s.length; k++) {
            inv[k] = 1.0 / s[k];
        }
        return inv;
    }
}
