package io.koopcredit.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the linear algebra refuses before a native call (non-finite entries, mismatched shapes), its
 * empty and exactly singular cases, and the small helpers' edges (argmax ties, non-finite values).
 */
class LinalgContractsTest {

    @Test
    void everyNativeOperationRefusesNonFiniteEntriesBeforeCallingLapack() {
        List<Function<Matrix, Object>> ops = List.of(Linalg::svd, Linalg::singularValues, Linalg::qr,
                Linalg::fullRankPseudoInverse, Linalg::logAbsDeterminant, Linalg::eigenvalueModuli);
        List<String> names = List.of("SVD", "SVD", "QR", "pseudo-inverse", "determinant", "eigenvalues");
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Matrix a = Matrix.fromRows(new double[][] {{1, 2}, {bad, 4}});
            assertFalse(a.isFinite());
            for (int i = 0; i < ops.size(); i++) {
                Function<Matrix, Object> op = ops.get(i);
                ArithmeticException e = assertThrows(ArithmeticException.class, () -> op.apply(a));
                assertTrue(e.getMessage().startsWith(names.get(i) + " of "), "the operation is named: " + e.getMessage());
                assertTrue(e.getMessage().endsWith("with non-finite entries"), e.getMessage());
                assertFalse(e.getMessage().contains("LAPACK"), "refused before the native call: " + e.getMessage());
            }
        }
        assertTrue(Matrix.identity(2).isFinite());
    }

    @Test
    void emptyProductsAreZeroMatricesOfTheRightShape() {
        Matrix p = Linalg.multiply(Matrix.zeros(3, 0), Matrix.zeros(0, 2));
        assertEquals(3, p.rows());
        assertEquals(2, p.cols());
        assertArrayEquals(new double[6], p.toColumnMajor());
        assertEquals(0, Linalg.multiply(Matrix.identity(3), Matrix.zeros(3, 0)).cols());
        assertEquals(0, Linalg.multiply(Matrix.zeros(0, 3), Matrix.identity(3)).rows());
        assertThrows(IllegalArgumentException.class, () -> Linalg.multiply(Matrix.identity(2), Matrix.identity(3)));
        assertEquals(0.0, Linalg.logAbsDeterminant(Matrix.zeros(0, 0)));
        assertEquals(0, Linalg.svd(Matrix.zeros(4, 0)).s().length);
        assertEquals(0, Linalg.fullRankPseudoInverse(Matrix.zeros(0, 3)).inverse().cols());
    }

    @Test
    void anExactlySingularMatrixHasReciprocalConditionZeroAndNoInverse() {
        // A zero column: R has an exact zero on its diagonal, so no inverse is attempted.
        Matrix a = Matrix.fromRows(new double[][] {{1, 0}, {2, 0}, {3, 0}});
        PseudoInverse p = Linalg.fullRankPseudoInverse(a);
        assertEquals(0.0, p.reciprocalCondition());
        assertArrayEquals(new double[6], p.inverse().toColumnMajor());
        assertEquals(2, p.inverse().rows());
        assertEquals(Double.NEGATIVE_INFINITY, Linalg.logAbsDeterminant(Matrix.fromRows(new double[][] {{1, 0}, {2, 0}})));
        // One pivot negative, none zero: log |det| of [[0, 2], [3, 0]] is log 6 (a row swap).
        assertEquals(Math.log(6), Linalg.logAbsDeterminant(Matrix.fromRows(new double[][] {{0, 2}, {3, 0}})), 1e-15);
    }

    @Test
    void matrixSumsNeedEqualShapes() {
        Matrix a = Matrix.identity(2);
        Matrix b = Matrix.zeros(2, 3);
        assertThrows(IllegalArgumentException.class, () -> a.plus(b));
        assertThrows(IllegalArgumentException.class, () -> a.minus(b));
        assertThrows(IllegalArgumentException.class, () -> b.minus(a));
        assertTrue(a.toString().contains("2") && a.toString().contains("x"), a.toString());
    }

    @Test
    void argmaxTakesTheFirstOfTiesFromTheOffsetAndRefusesNonFiniteValues() {
        double[] v = {9, 1, 5, 5, 2, 7};
        assertEquals(1, Vectors.argmax(v, 1, 4), "5 at offsets 1 and 2: the first");
        assertEquals(0, Vectors.argmax(v, 0, 6));
        assertEquals(2, Vectors.argmax(v, 3, 3), "7 is the third value from index 3");
        assertEquals(0, Vectors.argmax(new double[] {3, 3, 3}, 0, 3));
        assertEquals(-1, Vectors.argmax(new double[] {1, Double.NaN, 3}, 0, 3));
        assertEquals(-1, Vectors.argmax(new double[] {Double.POSITIVE_INFINITY, 1}, 0, 2));
        assertEquals(0, Vectors.argmax(new double[] {Double.NaN, 4, 1}, 1, 2), "the NaN lies before the range");
    }

    /** Zero rows (in every column; -0.0 is zero) are dropped in order; a matrix without any is returned as is. */
    @Test
    void withoutZeroRowsKeepsTheOtherRowsInOrder() {
        Matrix none = Matrix.fromRows(new double[][] {{1, 0}, {0, 2}});
        assertSame(none, none.withoutZeroRows());
        Matrix m = Matrix.fromRows(new double[][] {{0, 0, 0}, {1, 2, 3}, {0, -0.0, 0}, {0, 0, 7}, {0, 0, 0}});
        Matrix kept = m.withoutZeroRows();
        assertEquals(2, kept.rows());
        assertEquals(3, kept.cols());
        assertArrayEquals(new double[] {1, 2, 3}, kept.row(0));
        assertArrayEquals(new double[] {0, 0, 7}, kept.row(1), "a row non-zero only in its last column is kept");
        Matrix zero = Matrix.zeros(3, 2).withoutZeroRows();
        assertEquals(0, zero.rows());
        assertEquals(2, zero.cols());
        assertEquals(0, Matrix.zeros(0, 4).withoutZeroRows().rows());
        assertArrayEquals(new double[] {Double.NaN}, Matrix.fromRows(new double[][] {{Double.NaN}, {0}})
                .withoutZeroRows().row(0), "NaN is not zero");
    }
}
