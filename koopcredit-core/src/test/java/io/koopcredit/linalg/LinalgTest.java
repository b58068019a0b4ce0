package io.koopcredit.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LinalgTest {
    /** Backward-stable LAPACK routines reproduce their input to a small multiple of ε·‖A‖. */
    private static final double TIGHT = 1e-11;

    static Matrix gaussian(int r, int c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = new double[r * c];
        for (int k = 0; k < d.length; k++) {
            d[k] = rng.nextDouble() * 2 - 1;
        }
        return Matrix.wrap(r, c, d);
    }

    static double maxAbsDiff(Matrix a, Matrix b) {
        assertEquals(a.rows(), b.rows());
        assertEquals(a.cols(), b.cols());
        double m = 0;
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                m = Math.max(m, Math.abs(a.get(i, j) - b.get(i, j)));
            }
        }
        return m;
    }

    static Matrix naiveMultiply(Matrix a, Matrix b) {
        double[] c = new double[a.rows() * b.cols()];
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.cols(); j++) {
                double s = 0;
                for (int k = 0; k < a.cols(); k++) {
                    s += a.get(i, k) * b.get(k, j);
                }
                c[i + j * a.rows()] = s;
            }
        }
        return Matrix.wrap(a.rows(), b.cols(), c);
    }

    /**
     * The tall products cut rows into tiles: swept over tile sizes from one row to the whole matrix (and a
     * tile narrower than one row), with row counts that leave a short last tile, they give the definition.
     */
    @ParameterizedTest
    @CsvSource({"1,1,1,1", "7,3,2,1", "7,3,2,6", "7,3,2,7", "50,4,3,12", "50,4,3,13", "50,4,3,1000", "50,4,9,2",
            "33,17,25,100", "1000,5,2,64"})
    void tallProductsTileByTileMatchTheDefinition(int m, int k, int n, long tileValues) {
        Matrix a = gaussian(m, k, 11);
        Matrix b = gaussian(k, n, 12);
        Matrix c = gaussian(m, n, 13);
        Matrix tall = Linalg.multiplyTall(a, b, tileValues);
        assertEquals(m, tall.rows());
        assertEquals(n, tall.cols());
        assertTrue(maxAbsDiff(naiveMultiply(a, b), tall) < TIGHT);
        Matrix inner = Linalg.multiplyTransposeATall(a, c, tileValues);
        assertEquals(k, inner.rows());
        assertEquals(n, inner.cols());
        assertTrue(maxAbsDiff(naiveMultiply(a.transpose(), c), inner) < TIGHT);
        // the public forms (one tile of 2^22 values here) agree with the tiled ones to rounding
        assertTrue(maxAbsDiff(Linalg.multiplyTall(a, b), tall) < TIGHT);
        assertTrue(maxAbsDiff(Linalg.multiplyTransposeATall(a, c), inner) < TIGHT);
        assertTrue(maxAbsDiff(Matrix.wrap(m, n, Linalg.applyTall(a, b.toColumnMajor(), n)), tall) < TIGHT);
    }

    @Test
    void aLargeMatrixKeepsANativeCopyFromItsSecondUseOnWithTheSameProducts() {
        Matrix a = gaussian(512, 512, 21);
        assertTrue(a.toColumnMajor().length >= Linalg.MIRROR_THRESHOLD);
        Matrix b = gaussian(512, 3, 22);
        Matrix first = Linalg.multiply(a, b);
        assertTrue(a.mirrorOnReuse() != null, "used once by the product: the next use mirrors");
        assertTrue(a.mirrorOnReuse() == a.mirror(), "the mirror is kept");
        assertArrayEquals(first.toColumnMajor(), Linalg.multiply(a, b).toColumnMajor(), 0.0,
                "a copy in a slot and the mirror give the same bits");
        Matrix once = gaussian(512, 512, 23);
        assertTrue(once.mirrorOnReuse() == null, "a first use keeps no native copy");
        Matrix small = gaussian(4, 4, 24);
        Linalg.multiply(small, small);
        Linalg.multiply(small, small);
        assertTrue(small.mirrorOnReuse() == null, "small matrices are copied, never mirrored by products");
    }

    @Test
    void tallTilesHoldTheirValuesAndAtLeastOneRow() {
        assertEquals(1000, Linalg.tallTileRows(1000, 4, 1L << 22));
        assertEquals(1 << 20, Linalg.tallTileRows(3_000_000, 4, 1L << 22));
        assertEquals(3, Linalg.tallTileRows(50, 4, 13));
        assertEquals(1, Linalg.tallTileRows(50, 40, 13));
        assertEquals(1, Linalg.tallTileRows(50, 0, 0));
    }

    @Test
    void tallProductsOfEmptyOrMismatchedOperands() {
        Matrix none = Linalg.multiplyTall(gaussian(5, 0, 1), gaussian(0, 3, 2));
        assertArrayEquals(new double[15], none.toColumnMajor());
        Matrix noneInner = Linalg.multiplyTransposeATall(gaussian(0, 4, 1), gaussian(0, 3, 2));
        assertArrayEquals(new double[12], noneInner.toColumnMajor());
        assertEquals(0, Linalg.multiplyTall(gaussian(0, 3, 1), gaussian(3, 2, 2)).rows());
        assertThrows(IllegalArgumentException.class, () -> Linalg.multiplyTall(gaussian(5, 3, 1), gaussian(4, 2, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> Linalg.multiplyTransposeATall(gaussian(5, 3, 1), gaussian(4, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> Linalg.applyTall(gaussian(5, 3, 1), new double[7], 2));
        assertEquals(0, Linalg.applyTall(gaussian(5, 3, 1), new double[0], 0).length);
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,4,5", "7,1,9", "1,8,1", "33,17,25", "64,64,64", "600,500,3"})
    void productsMatchTheDefinition(int m, int k, int n) {
        Matrix a = gaussian(m, k, 1);
        Matrix b = gaussian(k, n, 2);
        Matrix expected = naiveMultiply(a, b);
        assertTrue(maxAbsDiff(expected, Linalg.multiply(a, b)) < TIGHT);
        assertTrue(maxAbsDiff(expected, Linalg.multiplyTransposeA(a.transpose(), b)) < TIGHT);
        assertTrue(maxAbsDiff(expected, Linalg.multiplyTransposeB(a, b.transpose())) < TIGHT);
        assertArrayEquals(Linalg.multiply(a, b).toColumnMajor(), Linalg.multiplyOnce(a, b).toColumnMajor(), 0.0,
                "the same product, operands copied instead of mirrored");
        assertArrayEquals(Linalg.multiplyTransposeB(a, b.transpose()).toColumnMajor(),
                Linalg.multiplyTransposeBOnce(a, b.transpose()).toColumnMajor(), 0.0);
        double[] x = b.column(0);
        assertArrayEquals(expected.column(0), Linalg.multiply(a, x), TIGHT);
    }

    @Test
    void mismatchedProductIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Linalg.multiply(gaussian(2, 3, 1), gaussian(2, 3, 1)));
    }

    @ParameterizedTest
    @CsvSource({"1,1", "5,3", "3,5", "40,40", "100,7", "7,100"})
    void svdReconstructsAndIsOrthonormal(int m, int n) {
        Matrix a = gaussian(m, n, 3);
        Svd svd = Linalg.svd(a);
        int k = Math.min(m, n);
        assertEquals(k, svd.s().length);
        Matrix usvt = Linalg.multiplyTransposeB(Linalg.multiply(svd.u(), Matrix.diagonal(svd.s())), svd.v());
        assertTrue(maxAbsDiff(a, usvt) < TIGHT);
        assertTrue(maxAbsDiff(Matrix.identity(k), Linalg.multiplyTransposeA(svd.u(), svd.u())) < TIGHT);
        assertTrue(maxAbsDiff(Matrix.identity(k), Linalg.multiplyTransposeA(svd.v(), svd.v())) < TIGHT);
        for (int i = 1; i < k; i++) {
            assertTrue(svd.s()[i] <= svd.s()[i - 1]);
        }
        assertArrayEquals(svd.s(), Linalg.singularValues(a), TIGHT);
    }

    @Test
    void svdOfAPlantedDiagonalGivesItsValues() {
        // Rotate diag(5, 3, 1e-3) by orthogonal factors: singular values must come back exactly.
        Qr q1 = Linalg.qr(gaussian(6, 3, 10));
        Qr q2 = Linalg.qr(gaussian(3, 3, 11));
        Matrix a = Linalg.multiplyTransposeB(Linalg.multiply(q1.q(), Matrix.diagonal(new double[] {5, 3, 1e-3})), q2.q());
        assertArrayEquals(new double[] {5, 3, 1e-3}, Linalg.singularValues(a), 1e-13);
    }

    @ParameterizedTest
    @CsvSource({"6,3", "3,6", "5,5", "1,4", "4,1"})
    void qrReconstructs(int m, int n) {
        Matrix a = gaussian(m, n, 4);
        Qr qr = Linalg.qr(a);
        assertTrue(maxAbsDiff(a, Linalg.multiply(qr.q(), qr.r())) < TIGHT);
        int k = Math.min(m, n);
        assertTrue(maxAbsDiff(Matrix.identity(k), Linalg.multiplyTransposeA(qr.q(), qr.q())) < TIGHT);
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < k; i++) {
                assertEquals(0.0, qr.r().get(i, j));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"8,3", "3,8", "6,6", "1,5", "5,1"})
    void fullRankPseudoInverseSatisfiesPenrose(int m, int n) {
        Matrix a = gaussian(m, n, 5);
        PseudoInverse p = Linalg.fullRankPseudoInverse(a);
        Matrix x = p.inverse();
        assertEquals(n, x.rows());
        assertEquals(m, x.cols());
        assertTrue(p.reciprocalCondition() > 1e-6);
        Matrix ax = Linalg.multiply(a, x);
        Matrix xa = Linalg.multiply(x, a);
        assertTrue(maxAbsDiff(a, Linalg.multiply(ax, a)) < 1e-10);
        assertTrue(maxAbsDiff(x, Linalg.multiply(xa, x)) < 1e-10);
        assertTrue(maxAbsDiff(ax, ax.transpose()) < 1e-10);
        assertTrue(maxAbsDiff(xa, xa.transpose()) < 1e-10);
    }

    @Test
    void illConditionedMatricesTakeTheQrRouteAndStayAccurate() {
        // κ(A) = 1e5: beyond the normal equations' bound; the QR route keeps the Penrose identities.
        Qr q = Linalg.qr(gaussian(30, 6, 12));
        Qr v = Linalg.qr(gaussian(6, 6, 13));
        Matrix a = Linalg.multiplyTransposeB(q.q().scaleColumns(new double[] {1, 1, 1, 1, 1, 1e-5}), v.q());
        PseudoInverse p = Linalg.fullRankPseudoInverse(a);
        assertTrue(p.reciprocalCondition() < 1e-3);
        Matrix x = p.inverse();
        assertTrue(maxAbsDiff(a, Linalg.multiply(Linalg.multiply(a, x), a)) < 1e-10);
        // Against the planted inverse V·diag(1/s)·Qᵀ, not against the routine itself. QR's relative forward
        // error is of order n·κ·ε = 30·10⁵·2⁻⁵² ≈ 7·10⁻¹⁰, times ‖A⁺‖ = 10⁵; the normal equations would err by
        // κ²·ε ≈ 2·10⁻⁶ relative (0.2 absolute). The bound allows ten times QR's (measured: 5.6·10⁻⁷).
        Matrix planted = Linalg.multiplyTransposeB(v.q().scaleColumns(new double[] {1, 1, 1, 1, 1, 1e5}), q.q());
        double bound = 10 * 30 * 1e5 * Math.ulp(1.0) * 1e5;
        assertTrue(maxAbsDiff(x, planted) < bound, "fullRankPseudoInverse: " + maxAbsDiff(x, planted));
        PseudoInverse viaQr = Linalg.qrPseudoInverse(a);
        assertTrue(maxAbsDiff(viaQr.inverse(), planted) < bound, "qrPseudoInverse: " + maxAbsDiff(viaQr.inverse(), planted));
        assertEquals(viaQr.reciprocalCondition(), p.reciprocalCondition(), 0.0, "the QR route was taken");
        // The wide case (Aᵀ = QR): (Aᵀ)⁺ = (A⁺)ᵀ.
        Matrix wide = Linalg.fullRankPseudoInverse(a.transpose()).inverse();
        assertTrue(maxAbsDiff(wide, planted.transpose()) < bound, "wide: " + maxAbsDiff(wide, planted.transpose()));
    }

    @Test
    void rankDeficientMatrixHasZeroOrTinyReciprocalCondition() {
        Matrix a = Matrix.fromRows(new double[][] {{1, 2, 3}, {2, 4, 6}});
        assertTrue(Linalg.fullRankPseudoInverse(a).reciprocalCondition() < 1e-12);
    }

    @Test
    void logDeterminantOfPlantedMatrices() {
        Matrix a = Matrix.fromRows(new double[][] {{2, 0, 0}, {1, -3, 0}, {5, 7, 0.5}});
        assertEquals(Math.log(3.0), Linalg.logAbsDeterminant(a), 1e-14);
        Matrix singular = Matrix.fromRows(new double[][] {{1, 2}, {2, 4}});
        assertEquals(Double.NEGATIVE_INFINITY, Linalg.logAbsDeterminant(singular));
        // A large determinant stays exact in log space: det(10·I_400) = 10^400 overflows a double.
        assertEquals(400 * Math.log(10), Linalg.logAbsDeterminant(Matrix.identity(400).scale(10)), 1e-9);
    }

    @Test
    void nonFiniteInputIsRejectedBeforeTheNativeCall() {
        Matrix a = Matrix.fromRows(new double[][] {{1, Double.NaN}});
        assertThrows(ArithmeticException.class, () -> Linalg.svd(a));
        assertThrows(ArithmeticException.class, () -> Linalg.qr(a));
    }

    @Test
    void matrixAccessorsCopyAndStackColumns() {
        Matrix a = Matrix.fromRows(new double[][] {{1, 2}, {3, 4}});
        assertArrayEquals(new double[] {1, 3, 2, 4}, a.toColumnMajor());
        assertArrayEquals(new double[] {3, 4}, a.row(1));
        Matrix s = Matrix.hstack(java.util.List.of(a, a.columnRange(1, 2)));
        assertEquals(3, s.cols());
        assertArrayEquals(new double[] {2, 4}, s.column(2));
        assertEquals(Math.sqrt(30), a.frobeniusNorm(), 1e-15);
        assertEquals(1e200 * Math.sqrt(2), Vectors.norm(new double[] {1e200, 1e200}), 1e186);
    }

    @ParameterizedTest
    @CsvSource({"1", "2", "5", "17", "64"})
    void upperTriangularInverseInvertsAndStaysTriangular(int n) {
        Matrix g = gaussian(n, n, 40 + n);
        double[] r = g.toColumnMajor();
        for (int j = 0; j < n; j++) {
            r[j + j * n] += Math.signum(r[j + j * n]) * 2 + (r[j + j * n] == 0 ? 2 : 0);
        }
        // garbage below the diagonal is ignored
        Matrix withGarbage = Matrix.wrap(n, n, r.clone());
        double[] before = withGarbage.toColumnMajor().clone();
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                r[i + j * n] = 0.0;
            }
        }
        Matrix upper = Matrix.wrap(n, n, r);
        Matrix inv = Linalg.upperTriangularInverse(withGarbage);
        Matrix product = naiveMultiply(upper, inv);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(i == j ? 1.0 : 0.0, product.get(i, j), 1e-12, "(R·R⁻¹)_" + i + "," + j);
                if (i > j) {
                    assertEquals(0.0, inv.get(i, j), 0.0);
                }
            }
        }
        assertArrayEquals(before, withGarbage.toColumnMajor(), 0.0, "the argument is not modified");
    }

    @Test
    void upperTriangularInverseOfASingularOrEmptyMatrix() {
        double[] r = {1.0, 0.0, 3.0, 0.0};
        assertEquals(null, Linalg.upperTriangularInverse(Matrix.wrap(2, 2, r)), "a zero diagonal entry");
        assertEquals(0, Linalg.upperTriangularInverse(Matrix.zeros(0, 0)).rows());
        assertThrows(IllegalArgumentException.class, () -> Linalg.upperTriangularInverse(Matrix.zeros(2, 3)));
        assertThrows(ArithmeticException.class, () -> Linalg.upperTriangularInverse(
                Matrix.wrap(1, 1, new double[] {Double.NaN})));
        Matrix two = Linalg.upperTriangularInverse(Matrix.wrap(2, 2, new double[] {2.0, 0.0, 4.0, 8.0}));
        assertArrayEquals(new double[] {0.5, 0.0, -0.25, 0.125}, two.toColumnMajor(), 0.0);
    }

    @ParameterizedTest
    @CsvSource({"1,1", "3,1", "1,4", "7,5", "300,600"})
    void multiplyUpperTriangularIgnoresTheLowerTriangle(int m, int n) {
        Matrix a = gaussian(m, n, 3);
        Matrix full = gaussian(n, n, 4);
        double[] u = full.toColumnMajor().clone();
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                u[i + j * n] = 0.0;
            }
        }
        double[] aBefore = a.toColumnMajor().clone();
        double[] fullBefore = full.toColumnMajor().clone();
        Matrix expected = naiveMultiply(a, Matrix.wrap(n, n, u));
        Matrix got = Linalg.multiplyUpperTriangular(a, full);
        assertTrue(maxAbsDiff(expected, got) < TIGHT * n, "a·U with U's lower triangle taken as zero");
        assertArrayEquals(aBefore, a.toColumnMajor(), 0.0);
        assertArrayEquals(fullBefore, full.toColumnMajor(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Linalg.multiplyUpperTriangular(a, gaussian(n + 1, n + 1,
                5)));
        assertEquals(0, Linalg.multiplyUpperTriangular(Matrix.zeros(0, n), full).rows());
    }

    @ParameterizedTest
    @CsvSource({"1,1", "4,1", "1,3", "6,9", "200,150"})
    void multiplyUpperTriangularOnTheLeftWithAndWithoutTransposition(int m, int n) {
        Matrix full = gaussian(m, m, 6);
        double[] u = full.toColumnMajor().clone();
        for (int j = 0; j < m; j++) {
            for (int i = j + 1; i < m; i++) {
                u[i + j * m] = 0.0;
            }
        }
        Matrix upper = Matrix.wrap(m, m, u);
        Matrix b = gaussian(m, n, 7);
        double[] bBefore = b.toColumnMajor().clone();
        assertTrue(maxAbsDiff(naiveMultiply(upper, b), Linalg.multiplyUpperTriangular(full, false, b)) < TIGHT * m);
        assertTrue(maxAbsDiff(naiveMultiply(upper.transpose(), b), Linalg.multiplyUpperTriangular(full, true, b))
                < TIGHT * m);
        assertArrayEquals(bBefore, b.toColumnMajor(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Linalg.multiplyUpperTriangular(full, false,
                gaussian(m + 1, n, 8)));
        assertEquals(0, Linalg.multiplyUpperTriangular(full, true, Matrix.zeros(m, 0)).cols());
    }
}
