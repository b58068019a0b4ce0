package io.koopcredit.koopman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.testing.RandomMatrices;
import io.koopcredit.testing.TestMatrices;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Operators kept as compact SVDs behave as the dense matrices they stand for, over random shapes, ranks
 * and trial counts: the mean of T low-rank operators (the paper's mean over random alignments) is the
 * dense mean, its compact SVD is that of the dense mean, and composition is the matrix product.
 *
 * <p>Tolerance. Entries are O(1) (singular values at most 2, at most 8 × 8): every product and SVD is
 * backward stable to a few n·ε ≈ 2·10⁻¹⁵; {@link #TOLERANCE} = 10⁻¹² leaves a wide margin and is still far
 * below any error a wrong formula would make (at least 1/T of an entry).
 */
class OperatorPropertiesTest {
    private static final double TOLERANCE = 1e-12;

    private static KoopmanOperator random(int m, int n, int rank, long seed, boolean offset) {
        double[] s = RandomMatrices.logSpaced(rank, 2.0, 10);
        Matrix k = RandomMatrices.withSingularValues(m, n, s, seed);
        double[] b = offset ? TestMatrices.gaussian(m, 1, seed + 5).toColumnMajor() : null;
        return rank == 0 ? KoopmanOperator.zero(m, n, b) : KoopmanOperator.fromDense(k, b);
    }

    @Property(tries = 150, seed = "20221206")
    void theMeanOfLowRankOperatorsIsTheDenseMean(@ForAll @IntRange(min = 1, max = 8) int m,
                                                 @ForAll @IntRange(min = 1, max = 8) int n,
                                                 @ForAll @IntRange(min = 1, max = 5) int trials,
                                                 @ForAll @IntRange(min = 0, max = 8) int maxRank,
                                                 @ForAll boolean offsets, @ForAll long seed) {
        List<KoopmanOperator> ops = new ArrayList<>();
        Matrix sum = Matrix.zeros(m, n);
        double[] offsetSum = new double[m];
        for (int t = 0; t < trials; t++) {
            int rank = Math.min(Math.floorMod(seed + t, maxRank + 1), Math.min(m, n));
            KoopmanOperator k = random(m, n, rank, seed + 31L * t, offsets);
            ops.add(k);
            sum = sum.plus(k.dense());
            if (offsets) {
                for (int i = 0; i < m; i++) {
                    offsetSum[i] += k.offset()[i];
                }
            }
        }
        Matrix dense = sum.scale(1.0 / trials);
        KoopmanOperator mean = KoopmanOperator.mean(ops);
        assertEquals(m, mean.nOut());
        assertEquals(n, mean.nIn());
        assertTrue(TestMatrices.maxAbsDiff(dense, mean.dense()) <= TOLERANCE);
        if (offsets) {
            for (int i = 0; i < m; i++) {
                assertEquals(offsetSum[i] / trials, mean.offset()[i], TOLERANCE);
            }
        } else {
            assertNull(mean.offset());
        }
        // The compact SVD is the dense mean's: the same singular values (the kept ones exactly non-zero,
        // the rest at rounding level), orthonormal singular vectors.
        double[] expected = Linalg.singularValues(dense);
        double[] kept = mean.singularValues();
        assertTrue(kept.length <= expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], i < kept.length ? kept[i] : 0.0, TOLERANCE);
        }
        assertOrthonormalColumns(mean.u());
        assertOrthonormalColumns(mean.v());
    }

    @Property(tries = 150, seed = "20221207")
    void compositionIsTheMatrixProduct(@ForAll @IntRange(min = 1, max = 8) int a, @ForAll @IntRange(min = 1, max = 8) int b,
                                       @ForAll @IntRange(min = 1, max = 8) int c, @ForAll @IntRange(min = 0, max = 8) int r1,
                                       @ForAll @IntRange(min = 0, max = 8) int r2, @ForAll boolean offsets,
                                       @ForAll long seed) {
        KoopmanOperator inner = random(b, a, Math.min(r1, Math.min(a, b)), seed, offsets);
        KoopmanOperator outer = random(c, b, Math.min(r2, Math.min(b, c)), seed + 99, offsets);
        KoopmanOperator both = outer.compose(inner);
        assertTrue(TestMatrices.maxAbsDiff(Linalg.multiply(outer.dense(), inner.dense()), both.dense()) <= TOLERANCE);
        double[] x = TestMatrices.gaussian(a, 3, seed + 3).toColumnMajor();
        assertArrayEquals(outer.apply(inner.apply(x, 3), 3), both.apply(x, 3), TOLERANCE);
    }

    private static void assertOrthonormalColumns(Matrix q) {
        Matrix gram = Linalg.multiplyTransposeA(q, q);
        assertTrue(TestMatrices.maxAbsDiff(Matrix.identity(q.cols()), gram) <= TOLERANCE, "orthonormal columns");
    }
}
