package io.koopcredit.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Linalg.ProvedLogDeterminant;
import io.koopcredit.linalg.Linalg.ProvedLogDeterminant.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Linalg#provedLogPseudoDeterminant}: planted singular values in every shape (wide, tall, square;
 * with and without the triangular factor; a triangular B), each proof on both sides of what it can prove,
 * against the closed form Σ log s_i.
 */
class ProvedLogDeterminantTest {
    /** The Gram proof's shift as the analysis uses it: 1.01·(10⁻³)². */
    private static final double SHIFT = 1.01e-6;

    /** ε_float32, the data tolerance of float32 activations. */
    private static final double FLOAT32 = Math.ulp(1.0f);

    /**
     * Planted condition numbers up to 10⁵: a sum of at most 12 logarithms of values each exact for a matrix
     * within a few l·q·ε·‖P‖ of P carries an error of about κ·10⁻¹⁵ per term, so 10⁻⁹ absolute.
     */
    private static final double CLOSE = 1e-9;

    private static double logSum(double[] s) {
        double sum = 0;
        for (double v : s) {
            sum += Math.log(Math.abs(v));
        }
        return sum;
    }

    @ParameterizedTest(name = "{0} x {1}, condition {2}: {3}")
    @CsvSource({
        "5, 9, 10, GRAM", "9, 5, 10, GRAM", "7, 7, 10, GRAM",
        "5, 9, 1e5, FACTOR", "9, 5, 1e5, FACTOR", "7, 7, 1e5, FACTOR", "12, 40, 1e4, FACTOR",
        "5, 9, 1e9, REFUTED", "9, 5, 1e9, REFUTED", "7, 7, 1e9, REFUTED"})
    void eachProofHoldsWhereItCanAndTheValueIsThePlantedOne(int m, int n, double condition, Route route) {
        double[] s = GramLogDeterminantTest.spread(Math.min(m, n), 2.0, 2.0 / condition);
        Matrix p = GramLogDeterminantTest.planted(m, n, s, 41);
        ProvedLogDeterminant got = Linalg.provedLogPseudoDeterminant(p, null, false, SHIFT, FLOAT32);
        assertEquals(route, got.route());
        assertEquals(route != Route.REFUTED, got.proved());
        if (got.proved()) {
            assertEquals(logSum(s), got.value(), CLOSE);
        } else {
            assertTrue(Double.isNaN(got.value()));
        }
    }

    @Test
    void theTriangularFactorIsAppliedInPlaceOfTheProduct() {
        // P = B·U with U upper triangular: the same answer as the product formed first
        double[] s = GramLogDeterminantTest.spread(6, 3.0, 3e-4);
        Matrix b = GramLogDeterminantTest.planted(4, 6, GramLogDeterminantTest.spread(4, 1.0, 0.2), 3);
        Matrix u = GramLogDeterminantTest.triangle(s, 5, 0.0);
        Matrix p = Linalg.multiplyUpperTriangular(b, u);
        ProvedLogDeterminant fused = Linalg.provedLogPseudoDeterminant(b, u, false, SHIFT, FLOAT32);
        ProvedLogDeterminant formed = Linalg.provedLogPseudoDeterminant(p, null, false, SHIFT, FLOAT32);
        assertEquals(formed.route(), fused.route());
        assertEquals(formed.value(), fused.value(), CLOSE);
        double[] sv = Linalg.singularValues(p);
        assertEquals(logSum(sv), fused.value(), CLOSE);
    }

    @Test
    void aTriangularProductIsProvedFromItsOwnDiagonalWithoutAGramMatrix() {
        double[] db = {2.0, -1.5, 0.7, 1e-2, 3.0};
        double[] du = {0.5, 2.0, -1.0, 1e-2, 0.25};
        Matrix b = GramLogDeterminantTest.triangle(db, 11, 0.0);
        Matrix u = GramLogDeterminantTest.triangle(du, 13, 0.0);
        ProvedLogDeterminant got = Linalg.provedLogPseudoDeterminant(b, u, true, SHIFT, FLOAT32);
        assertEquals(Route.FACTOR, got.route(), "a triangular P skips the Gram proof");
        assertEquals(logSum(db) + logSum(du), got.value(), CLOSE);
        assertEquals(logSum(Linalg.singularValues(Linalg.multiplyUpperTriangular(b, u))), got.value(), CLOSE);
        // B alone
        assertEquals(logSum(db), Linalg.provedLogPseudoDeterminant(b, null, true, SHIFT, FLOAT32).value(), CLOSE);
        // an exactly singular triangle: no value, and not inverted
        double[] zero = {1.0, 0.0, 2.0};
        assertEquals(Route.SINGULAR, Linalg.provedLogPseudoDeterminant(GramLogDeterminantTest.triangle(zero, 2, 0.0),
                null, true, SHIFT, FLOAT32).route());
        // a product whose LQ factor has an exact zero on its diagonal (a zero first row)
        double[] rows = GramLogDeterminantTest.planted(3, 5, new double[] {1, 1, 1}, 3).toColumnMajor();
        for (int j = 0; j < 5; j++) {
            rows[j * 3] = 0;
        }
        assertEquals(Route.SINGULAR, Linalg.provedLogPseudoDeterminant(Matrix.wrap(3, 5, rows), null, false, SHIFT,
                FLOAT32).route());
        // a B said to be triangular that is not
        Matrix notTriangular = GramLogDeterminantTest.triangle(db, 11, 0.5);
        assertFalse(Linalg.isUpperTriangular(notTriangular));
        assertTrue(Linalg.isUpperTriangular(b));
        assertFalse(Linalg.isUpperTriangular(Matrix.zeros(2, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> Linalg.provedLogPseudoDeterminant(notTriangular, null, true, SHIFT, FLOAT32));
    }

    @Test
    void theFactorProofIsOnTheSafeSideOfTheTolerance() {
        // s = {1, 0.5, 0.3, x} with the tolerance 10⁻⁴: the bound 1/‖T⁻¹‖_F ≈ x must clear 1.01·10⁻⁴·‖P‖_F
        // (‖P‖_F ≈ 1.158): x = 2·10⁻⁴ is proved, x = 1.1·10⁻⁴ (above t·σ_max but not above the bound) and
        // x = 0.9·10⁻⁴ (below the tolerance) are not
        double t = 1e-4;
        for (double[] c : new double[][] {{2e-4, 1}, {1.1e-4, 0}, {0.9e-4, 0}}) {
            double[] s = {1.0, 0.5, 0.3, c[0]};
            Matrix p = GramLogDeterminantTest.planted(4, 7, s, 19);
            ProvedLogDeterminant got = Linalg.provedLogPseudoDeterminant(p, null, false, SHIFT, t);
            assertEquals(c[1] == 1 ? Route.FACTOR : Route.REFUTED, got.route(), "smallest " + c[0]);
            if (got.proved()) {
                assertEquals(logSum(s), got.value(), CLOSE);
            }
        }
    }

    @Test
    void theGramProofIsNotTakenForAToleranceItCannotShow() {
        // σ_min/σ_max = 0.005: the Gram proof shows every value above 10⁻³·σ_max, which says nothing about a
        // tolerance of 0.01; the factor's proof refutes, as an SVD would drop the smallest value
        double[] s = {1.0, 0.4, 0.005};
        Matrix p = GramLogDeterminantTest.planted(3, 6, s, 29);
        assertEquals(Route.GRAM, Linalg.provedLogPseudoDeterminant(p, null, false, SHIFT, FLOAT32).route());
        assertEquals(Route.REFUTED, Linalg.provedLogPseudoDeterminant(p, null, false, SHIFT, 0.01).route());
        ProvedLogDeterminant below = Linalg.provedLogPseudoDeterminant(p, null, false, SHIFT, 0.002);
        assertEquals(Route.FACTOR, below.route(), "0.005 clears 0.002 by the factor's bound");
        assertEquals(logSum(s), below.value(), CLOSE);
    }

    @Test
    void aGramMatrixThatOverflowsIsRefused() {
        double[] huge = {1e200, 1e200, 1e200, 1e200, 1e200, 1e200};
        assertThrows(ArithmeticException.class, () -> Linalg.gramEigenvalues(Matrix.wrap(3, 2, huge), null));
        assertThrows(ArithmeticException.class, () -> Linalg.gramEigenvalues(Matrix.wrap(3, 2, new double[] {1, 2,
            Double.NaN, 4, 5, 6}), null));
        assertThrows(IllegalArgumentException.class, () -> Linalg.gramEigenvalues(Matrix.zeros(3, 2),
                Matrix.zeros(3, 3)));
        assertEquals(0, Linalg.gramEigenvalues(Matrix.zeros(0, 2), null).length);
        // the same values as the Gram matrix formed in Java: to the bit for a tall P (the same calls), to
        // rounding for a wide one (dsyrk without the transposed copy)
        Matrix b = GramLogDeterminantTest.planted(4, 7, new double[] {3, 2, 1, 0.5}, 31);
        Matrix u = GramLogDeterminantTest.triangle(new double[] {1, 2, 3, 4, 5, 6, 7}, 37, 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(Linalg.symmetricEigen(Linalg.gram(
                Linalg.multiplyUpperTriangular(b, u).transpose()), false).values(), Linalg.gramEigenvalues(b, u),
                1e-12 * 4 * 49);
        org.junit.jupiter.api.Assertions.assertArrayEquals(Linalg.symmetricEigen(Linalg.gram(b.transpose()), false)
                .values(), Linalg.gramEigenvalues(b, null), 1e-12 * 9);
        Matrix tall = b.transpose();
        Matrix square = GramLogDeterminantTest.triangle(new double[] {2, 1, 0.5, 3}, 41, 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(Linalg.symmetricEigen(Linalg.gram(
                Linalg.multiplyUpperTriangular(tall, square)), false).values(), Linalg.gramEigenvalues(tall, square));
    }

    @Test
    void emptyZeroAndNonFiniteMatricesProveNothing() {
        assertEquals(Route.NONE, Linalg.provedLogPseudoDeterminant(Matrix.zeros(0, 3), null, false, SHIFT, FLOAT32)
                .route());
        assertEquals(Route.NONE, Linalg.provedLogPseudoDeterminant(Matrix.zeros(3, 0), null, false, SHIFT, FLOAT32)
                .route());
        assertEquals(Route.NONE, Linalg.provedLogPseudoDeterminant(Matrix.zeros(3, 5), null, false, SHIFT, FLOAT32)
                .route());
        assertEquals(Route.NONE, Linalg.provedLogPseudoDeterminant(Matrix.zeros(3, 3), null, true, SHIFT, FLOAT32)
                .route());
        double[] nan = new double[12];
        nan[4] = Double.NaN;
        assertEquals(Route.NONE, Linalg.provedLogPseudoDeterminant(Matrix.wrap(4, 3, nan), null, false, SHIFT,
                FLOAT32).route());
        double[] inf = {1, 0, 0, Double.POSITIVE_INFINITY};
        assertEquals(Route.NONE, Linalg.provedLogPseudoDeterminant(Matrix.wrap(2, 2, inf), null, true, SHIFT,
                FLOAT32).route());
    }

    @Test
    void badArgumentsAndInconsistentResultsAreRefused() {
        Matrix b = GramLogDeterminantTest.planted(3, 4, new double[] {1, 1, 1}, 1);
        assertThrows(IllegalArgumentException.class,
                () -> Linalg.provedLogPseudoDeterminant(b, Matrix.zeros(3, 3), false, SHIFT, FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> Linalg.provedLogPseudoDeterminant(b, null, true, SHIFT,
                FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> Linalg.provedLogPseudoDeterminant(b, null, false, -1e-9,
                FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> Linalg.provedLogPseudoDeterminant(b, null, false,
                Double.NaN, FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> Linalg.provedLogPseudoDeterminant(b, null, false, SHIFT,
                -1e-9));
        assertThrows(IllegalArgumentException.class, () -> Linalg.provedLogPseudoDeterminant(b, null, false, SHIFT,
                Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new ProvedLogDeterminant(Route.FACTOR, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ProvedLogDeterminant(Route.GRAM,
                Double.NEGATIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new ProvedLogDeterminant(Route.REFUTED, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new ProvedLogDeterminant(Route.NONE, 0.0));
        assertThrows(NullPointerException.class, () -> new ProvedLogDeterminant(null, Double.NaN));
    }

    @Test
    void largeOrdersTakeTheTwoStageEigenvaluesWithThePlantedSpectrum() {
        // at the threshold the values come from dsyevd_2stage; the planted spectrum to a few ε·λ_max
        int n = Linalg.TWO_STAGE_FROM;
        Matrix q = Linalg.qr(LinalgTest.gaussian(n, n, 23)).q();
        double[] lambda = GramLogDeterminantTest.spread(n, 4.0, 4e-6);
        Matrix g = Linalg.multiplyTransposeB(q.scaleColumns(lambda), q);
        double[] got = Linalg.symmetricEigen(g, false).values();
        assertEquals(n, got.length);
        for (int i = 0; i < n; i++) {
            assertEquals(lambda[i], got[i], 1e-11 * lambda[0], "eigenvalue " + i);
        }
    }
}
