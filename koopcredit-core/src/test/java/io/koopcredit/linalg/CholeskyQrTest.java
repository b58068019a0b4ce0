package io.koopcredit.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CholeskyQR against planted singular values: accepted below the criterion's κ bound (then R is the
 * Householder R up to row signs, to the accuracy the derivation promises), refused above it, refused on a
 * singular Gram matrix and on fewer rows than columns.
 */
class CholeskyQrTest {

    /** Z = U·diag(s)·Vᵀ (m × s.length) with seeded random orthonormal U and V, column-major. */
    static Matrix planted(int m, double[] s, long seed) {
        int n = s.length;
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix u = orthonormal(m, n, rng);
        Matrix v = orthonormal(n, n, rng);
        return Linalg.multiplyTransposeB(u.scaleColumns(s), v);
    }

    private static Matrix orthonormal(int m, int n, SplittableRandom rng) {
        double[] g = new double[m * n];
        for (int i = 0; i < g.length; i++) {
            g[i] = rng.nextGaussian();
        }
        Qr qr = Linalg.qr(Matrix.wrap(m, n, g));
        return qr.q();
    }

    /** σ_1 = 1, σ_2 … σ_{n−1} = 1/2, σ_n = 1/κ. */
    static double[] spectrum(int n, double kappa) {
        double[] s = new double[n];
        java.util.Arrays.fill(s, 0.5);
        s[0] = 1;
        s[n - 1] = 1 / kappa;
        return s;
    }

    static CholeskyQr accumulate(Matrix z, int block) {
        CholeskyQr c = new CholeskyQr(z.cols());
        for (int from = 0; from < z.rows(); from += block) {
            int to = Math.min(z.rows(), from + block);
            c.add(z.rowRange(from, to).toColumnMajor(), to - from);
        }
        return c;
    }

    /**
     * The depth of m rows added in blocks of {@code block} rows (the class comment): the first block's
     * block − 1 additions and one more for every later block.
     */
    static long sequentialDepth(int m, int block) {
        int blocks = (m + block - 1) / block;
        return Math.min(m, block) - 1L + (blocks - 1);
    }

    /**
     * The bound the class comment derives for this spectrum: κ ≤ 2·τ·u_f·σ_max²/e with σ_max = 1 and
     * e = (γ_{d+1} + γ_{n+1})·trace(G), trace(G) = Σσ² (up to the power iteration's lower bound on σ_max, which
     * converges here at a ratio of 1/4 per step: 4⁻⁸ relative).
     */
    static double allowed(long depth, int n, double kappa) {
        double trace = 1 + 0.25 * (n - 2) + 1 / (kappa * kappa);
        double e = (CholeskyQr.gamma(depth + 1.0) + CholeskyQr.gamma(n + 1.0)) * trace;
        return 2 * CholeskyQr.MARGIN * 0x1p-24 / e;
    }

    @ParameterizedTest
    @CsvSource({"2000, 50, 0.8, true", "2000, 50, 1.25, false", "3000, 20, 0.9, true", "3000, 20, 1.1, false",
        "500, 500, 0.8, true", "500, 500, 1.25, false"})
    void acceptsExactlyBelowTheDerivedConditionBound(int m, int n, double fraction, boolean accepted) {
        long depth = sequentialDepth(m, 97);
        double bound = allowed(depth, n, 1e3);
        double kappa = fraction * bound;
        Matrix z = planted(m, spectrum(n, kappa), m * 31L + n);
        try (CholeskyQr c = accumulate(z, 97)) {
            assertEquals(m, c.rows());
            assertEquals(depth, c.depth(), "96 additions in the first block, one per later block");
            CholeskyQr.Decision d = c.factor();
            assertEquals(depth, d.depth());
            assertEquals(bound, d.allowedKappa(), 1e-3 * bound, "the bound reported");
            assertEquals(accepted, d.factor().isPresent(), "κ = " + kappa + " against a bound of " + bound + ": "
                    + d.reason());
            assertEquals(accepted, d.reason() == null);
            if (!accepted) {
                assertTrue(d.reason().contains("κ above"), d.reason());
            }
        }
    }

    /**
     * A tall matrix whose κ the old bound (every entry one dot product of length m: γ_m, depth m − 1) refused
     * and the depth of the blocked sum admits: summed in blocks of 64 rows it is accepted, and its factor is
     * the Householder factor within the derived accuracy; summed as one block of m rows it is refused.
     */
    @Test
    void aTallMatrixTheOldBoundRefusedIsAcceptedWhenSummedInBlocks() {
        int m = 30000;
        int n = 8;
        double old = allowed(m - 1, n, 1e4);
        double now = allowed(sequentialDepth(m, 64), n, 1e4);
        double kappa = Math.sqrt(old * now);
        assertTrue(kappa > 5 * old && kappa < now / 5, old + " < " + kappa + " < " + now);
        Matrix z = planted(m, spectrum(n, kappa), 11);
        try (CholeskyQr c = accumulate(z, m)) {
            CholeskyQr.Decision d = c.factor();
            assertEquals(m - 1L, d.depth(), "one block");
            assertEquals(old, d.allowedKappa(), 1e-3 * old);
            assertNull(d.r(), "refused at depth m − 1");
        }
        try (CholeskyQr c = accumulate(z, 64)) {
            CholeskyQr.Decision d = c.factor();
            assertEquals(sequentialDepth(m, 64), d.depth());
            assertEquals(now, d.allowedKappa(), 1e-3 * now);
            assertClose(z, d.factor().orElseThrow(), d.depth());
        }
    }

    /**
     * Both are exact R factors of Z + E: Cholesky's with ‖E‖ ≤ e/(2σ_min) (the class comment), the
     * Householder fold's with ‖E‖ ≤ a few m·n·u_d·‖Z‖ (backward stable); an R factor moves by at most about
     * √2·κ·‖E‖ (first-order QR perturbation), so the difference is below 2·√2·κ times their sum.
     */
    static void assertClose(Matrix z, Matrix r, long depth) {
        int m = z.rows();
        int n = z.cols();
        Tsqr t = new Tsqr(n);
        for (int from = 0; from < m; from += 50) {
            int to = Math.min(m, from + 50);
            t.add(z.rowRange(from, to).toColumnMajor(), to - from);
        }
        Matrix householder = t.r();
        double[] sv = Linalg.singularValues(z);
        double sigmaMax = sv[0];
        double sigmaMin = sv[n - 1];
        double trace = z.frobeniusNorm() * z.frobeniusNorm();
        double e = (CholeskyQr.gamma(depth + 1.0) + CholeskyQr.gamma(n + 1.0)) * trace;
        double backward = e / (2 * sigmaMin) + 10.0 * m * n * 0x1p-53 * sigmaMax;
        double tolerance = 2 * Math.sqrt(2) * (sigmaMax / sigmaMin) * backward;
        for (int i = 0; i < n; i++) {
            assertTrue(r.get(i, i) > 0, "a positive diagonal");
            double sign = Math.signum(householder.get(i, i));
            for (int j = 0; j < n; j++) {
                if (j < i) {
                    assertEquals(0.0, r.get(i, j), "upper triangular");
                }
                assertEquals(householder.get(i, j), sign * r.get(i, j), tolerance, "R[" + i + "," + j + "]");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"600, 40, 10", "600, 40, 300", "2500, 120, 50", "64, 64, 20"})
    void anAcceptedFactorIsTheHouseholderFactorUpToRowSigns(int m, int n, double kappa) {
        SplittableRandom rng = new SplittableRandom(m + n);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.pow(kappa, -i / (n - 1.0)) * (0.9 + 0.2 * rng.nextDouble());
        }
        java.util.Arrays.sort(s);
        // float32 data, as the activations are
        double[] zv = planted(m, s, 7 * m + n).toColumnMajor();
        for (int i = 0; i < zv.length; i++) {
            zv[i] = (float) zv[i];
        }
        Matrix z = Matrix.wrap(m, n, zv);
        try (CholeskyQr c = accumulate(z, 50)) {
            CholeskyQr.Decision d = c.factor();
            assertClose(z, d.factor().orElseThrow(), d.depth());
            assertTrue(d.allowedKappa() > kappa, "planted below the bound");
        }
    }

    @Test
    void aSingularGramMatrixOrTooFewRowsAreRefused() {
        int n = 12;
        Matrix z = planted(300, spectrum(n, 10), 5);
        double[] v = z.toColumnMajor();
        // the last column a copy of the first: ZᵀZ is singular
        System.arraycopy(v, 0, v, (n - 1) * 300, 300);
        try (CholeskyQr c = accumulate(Matrix.wrap(300, n, v), 64)) {
            CholeskyQr.Decision d = c.factor();
            assertNull(d.r());
            assertNotNull(d.reason());
        }
        try (CholeskyQr c = accumulate(planted(300, spectrum(n, 10), 6).rowRange(0, n - 1), 4)) {
            CholeskyQr.Decision d = c.factor();
            assertNull(d.r());
            assertEquals(0.0, d.allowedKappa());
            assertTrue(d.reason().contains("fewer than"), d.reason());
        }
        try (CholeskyQr c = new CholeskyQr(3)) {
            assertEquals(0.0, c.gramMatrix().frobeniusNorm(), "nothing added: zero");
            c.add(new double[0], 0);
            c.add(new double[9], 3);
            CholeskyQr.Decision d = c.factor();
            assertTrue(d.reason().contains("zero"), d.reason());
        }
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            try (CholeskyQr c = new CholeskyQr(2)) {
                c.add(new double[] {1, 0, 0, 1, 0, bad}, 3);
                assertTrue(c.factor().reason().contains("not finite"), "a value " + bad);
            }
        }
        try (CholeskyQr c = new CholeskyQr(1)) {
            c.add(new double[] {3, 4}, 2);
            assertEquals(5.0, c.factor().r().get(0, 0), 1e-15, "one column: R = ‖z‖");
        }
    }

    @Test
    void mergingTwoGramMatricesIsTheGramMatrixOfBothBlocks() {
        Matrix a = planted(80, spectrum(6, 5), 1);
        Matrix b = planted(50, spectrum(6, 3), 2);
        try (CholeskyQr ca = accumulate(a, 30); CholeskyQr cb = accumulate(b, 30); CholeskyQr empty = new CholeskyQr(6)) {
            assertEquals(29 + 2, ca.depth(), "blocks of 30, 30 and 20 rows");
            assertEquals(29 + 1, cb.depth(), "blocks of 30 and 20 rows");
            ca.merge(cb);
            assertEquals(32, ca.depth(), "one addition more than the deeper");
            ca.merge(empty);
            assertEquals(32, ca.depth(), "nothing merged");
            empty.merge(cb);
            assertEquals(30, empty.depth(), "merged into an empty one: copied");
            assertEquals(50, empty.rows());
            assertEquals(130, ca.rows());
            Matrix g = Linalg.gram(a).plus(Linalg.gram(b));
            assertTrue(g.minus(ca.gramMatrix()).frobeniusNorm() <= 1e-13 * g.frobeniusNorm());
            assertThrows(IllegalArgumentException.class, () -> ca.merge(new CholeskyQr(5)));
        }
        assertThrows(IllegalArgumentException.class, () -> new CholeskyQr(0));
        try (CholeskyQr c = new CholeskyQr(2)) {
            assertThrows(IllegalArgumentException.class, () -> c.add(new double[3], 2));
        }
    }

    @Test
    void theDepthCountsTheAdditionsOfTheDeepestProduct() {
        assertEquals(9, CholeskyQr.depthAfterAdd(0, 0, 10), "the first block: its own 9 additions");
        assertEquals(10, CholeskyQr.depthAfterAdd(10, 9, 5), "a shallower block: one more");
        assertEquals(20, CholeskyQr.depthAfterAdd(15, 10, 20), "a deeper block: its own 19 and one");
        assertEquals(0, CholeskyQr.depthAfterAdd(0, 0, 1), "a single row: no addition");
        assertEquals(7, CholeskyQr.depthAfterMerge(0, 0, 12, 7), "into an empty one");
        assertEquals(8, CholeskyQr.depthAfterMerge(4, 3, 12, 7));
        assertEquals(8, CholeskyQr.depthAfterMerge(12, 7, 4, 3));
        assertEquals(7, CholeskyQr.depthAfterMerge(12, 7, 0, 0), "an empty one");
        CholeskyQr held = new CholeskyQr(2);
        assertEquals(0, held.nativeValues(), "nothing before the first block");
        held.add(new double[] {1, 2, 3, 4}, 2);
        assertEquals(4, held.nativeValues(), "the first block straight into G");
        held.add(new double[] {1, 2, 3, 5}, 2);
        assertEquals(8, held.nativeValues(), "and a buffer for the next blocks' own Gram matrices");
        assertNotNull(held.factor().r());
        assertEquals(4, held.nativeValues(), "the buffer freed by the factorisation");
        held.add(new double[] {1, 2}, 1);
        assertEquals(8, held.nativeValues());
        held.close();
        assertEquals(0, held.nativeValues(), "all freed");
        try (CholeskyQr c = new CholeskyQr(2)) {
            c.add(new double[2], 1);
            assertEquals(0, c.depth());
            c.add(new double[0], 0);
            assertEquals(0, c.depth(), "an empty block adds nothing");
            c.add(new double[6], 3);
            assertEquals(3, c.depth());
        }
    }

    /**
     * From the shapes alone: a = 2·τ·u_f/(γ_{d+1} + γ_{n+1}) ≈ 2·τ·2²⁹/(d + n + 2) ≈ 1.07·10⁸/(d + n + 2), and
     * nothing passes when a² ≤ max(1, 4·(n − 1)).
     */
    @Test
    void nothingCanPassWhenTheDepthLeavesNoConditionNumber() {
        assertFalse(CholeskyQr.hopeless(1000, 4384), "ResNet-18's tallest boundary in tiles, N = 1000");
        assertFalse(CholeskyQr.hopeless(1000, 802815), "the same summed as one dot product: refusable, not hopeless");
        // 2√999 = 63.2: a ≈ 1.07·10⁸/(d + 1002) reaches it at d ≈ 1.70·10⁶
        assertFalse(CholeskyQr.hopeless(1000, 1_650_000));
        assertTrue(CholeskyQr.hopeless(1000, 1_750_000));
        // n = 1: a ≤ 1 at d ≈ 1.074·10⁸; n = 2: a ≤ 2 at d ≈ 5.37·10⁷
        assertFalse(CholeskyQr.hopeless(1, 106_000_000));
        assertTrue(CholeskyQr.hopeless(1, 108_000_000));
        assertFalse(CholeskyQr.hopeless(2, 53_000_000));
        assertTrue(CholeskyQr.hopeless(2, 54_000_000));
        assertFalse(CholeskyQr.hopeless(5, 26_000_000), "2√4 = 4: a ≈ 4.13");
        assertTrue(CholeskyQr.hopeless(5, 27_500_000), "a ≈ 3.90");
        assertTrue(CholeskyQr.hopeless(2, 1L << 53), "γ infinite");
    }

    @Test
    void theRayleighQuotientIsALowerBoundThatReachesTheLargestEigenvalue() {
        Matrix z = planted(100, spectrum(8, 4), 3);
        double[] g = Linalg.gram(z).toColumnMajor();
        double q = CholeskyQr.largestRayleighQuotient(g, 8);
        assertTrue(q <= 1 + 1e-12, "at most λ_max = 1");
        assertTrue(q >= 1 - 1e-4, "within 4⁻⁸ of it after the power steps: " + q);
        assertEquals(0.0, CholeskyQr.largestRayleighQuotient(new double[4], 2));
        assertEquals(Double.POSITIVE_INFINITY, CholeskyQr.gamma(0x1p53));
        assertEquals(3 * 0x1p-53 / (1 - 3 * 0x1p-53), CholeskyQr.gamma(3), 0.0);
    }
}
