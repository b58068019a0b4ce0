package io.koopcredit.koopman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.Seeds;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.testing.TestMatrices;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomRotationsTest {
    private static final double EPS = Math.ulp(1.0);

    /**
     * Each layer rotates disjoint pairs; a rotation of (a, b) rounds with relative error at most about 3ε of
     * ‖(a, b)‖ (two products and a sum per output), so Q·e_j is off by at most ~3ε per layer, and an entry of
     * QᵀQ − I by twice that: 6ε·layers, doubled for safety.
     */
    private static double tolerance(RandomRotations q) {
        return 12 * EPS * Math.max(1, q.layers());
    }

    private static Matrix dense(RandomRotations q) {
        return Matrix.wrap(q.rows(), q.cols(), q.apply(Matrix.identity(q.cols()).toColumnMajor(), q.cols()));
    }

    @Test
    void columnsAreOrthonormalOnShapesThatAreAndAreNotPowersOfTwo() {
        int[][] shapes = {{1, 1}, {2, 1}, {2, 2}, {3, 2}, {5, 5}, {7, 3}, {8, 8}, {12, 5}, {17, 16}, {31, 1},
            {64, 40}, {100, 37}, {255, 255}, {784, 120}, {1176, 1176}};
        for (int[] s : shapes) {
            RandomRotations q = RandomRotations.draw(s[0], s[1], Seeds.generator(3, s[0], s[1]));
            assertEquals(s[0], q.rows());
            assertEquals(s[1], q.cols());
            assertEquals(2 * RandomRotations.levels(s[0]), q.layers());
            Matrix d = dense(q);
            double off = TestMatrices.maxAbsDiff(Matrix.identity(s[1]), Linalg.multiplyTransposeA(d, d));
            assertTrue(off <= tolerance(q), s[0] + "x" + s[1] + ": |QtQ - I| = " + off);
            // Full rank: every singular value is 1.
            for (double sv : Linalg.singularValues(d)) {
                assertEquals(1.0, sv, tolerance(q), s[0] + "x" + s[1]);
            }
        }
    }

    @Test
    void everyOutputDependsOnEveryInputForEveryWidth() {
        // The return pass reaches the coordinates above the largest power of two: T has no zero entry.
        for (int n = 1; n <= 70; n++) {
            Matrix t = dense(RandomRotations.draw(n, n, new SplittableRandom(n)));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertTrue(Math.abs(t.get(i, j)) > 1e-12, "n = " + n + ": T[" + i + "," + j + "] = " + t.get(i, j));
                }
            }
        }
        // A width above a power of two by a power of two, as ResNet-20's 3072 is (here 96 = 64 + 32): also mixed.
        Matrix t = dense(RandomRotations.draw(96, 96, new SplittableRandom(96)));
        double smallest = Double.POSITIVE_INFINITY;
        for (double v : t.toColumnMajor()) {
            smallest = Math.min(smallest, Math.abs(v));
        }
        assertTrue(smallest > 0, "96: smallest |T_ij| " + smallest);
    }

    @Test
    void theTransposeIsTheAdjoint() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int[] s : new int[][] {{9, 4}, {300, 299}, {4096, 100}, {3072, 1000}}) {
            RandomRotations q = RandomRotations.draw(s[0], s[1], rng);
            int count = 3;
            double[] v = new double[s[1] * count];
            double[] w = new double[s[0] * count];
            Seeds.fillGaussian(rng, v);
            Seeds.fillGaussian(rng, w);
            double[] qv = q.apply(v, count);
            double[] qtw = q.applyTranspose(w, count);
            for (int c = 0; c < count; c++) {
                double left = 0;
                double right = 0;
                double scale = 0;
                for (int i = 0; i < s[0]; i++) {
                    left += qv[c * s[0] + i] * w[c * s[0] + i];
                    scale += Math.abs(qv[c * s[0] + i] * w[c * s[0] + i]);
                }
                for (int j = 0; j < s[1]; j++) {
                    right += v[c * s[1] + j] * qtw[c * s[1] + j];
                }
                assertEquals(left, right, 10 * tolerance(q) * scale, s[0] + "x" + s[1]);
            }
            // Qᵀ·Q·v = v: the transpose undoes the rotations.
            assertArrayEquals(v, q.applyTranspose(qv, count), 4 * tolerance(q) * 10);
            // Norms are kept.
            assertEquals(norm(v), norm(qv), tolerance(q) * norm(v) * 4);
        }
    }

    @Test
    void theSameGeneratorGivesTheSameTransformAndAnotherADifferentOne() {
        RandomRotations a = RandomRotations.draw(50, 20, Seeds.generator(9, 1, 2));
        RandomRotations b = RandomRotations.draw(50, 20, Seeds.generator(9, 1, 2));
        RandomRotations c = RandomRotations.draw(50, 20, Seeds.generator(9, 1, 3));
        assertEquals(0.0, TestMatrices.maxAbsDiff(dense(a), dense(b)));
        assertTrue(TestMatrices.maxAbsDiff(dense(a), dense(c)) > 0.1);
    }

    @Test
    void anglesAreUniformOnTheCircle() {
        // n = 2: T is the rotation by the sum of two uniform angles, itself uniform; T[0,0] = cos θ is negative
        // half of the time. Over 400 seeds the fraction has standard error 0.025; 5 of them.
        int negative = 0;
        for (int seed = 0; seed < 400; seed++) {
            if (dense(RandomRotations.draw(2, 2, new SplittableRandom(seed))).get(0, 0) < 0) {
                negative++;
            }
        }
        assertEquals(0.5, negative / 400.0, 0.125);
        // No vectors in, none out.
        RandomRotations q = RandomRotations.draw(5, 3, new SplittableRandom(1));
        assertEquals(0, q.apply(new double[0], 0).length);
        assertEquals(0, q.applyTranspose(new double[0], 0).length);
        assertThrows(IllegalArgumentException.class, () -> q.apply(new double[0], -1));
    }

    @Test
    void pairCountsAndLevelsMatchACount() {
        assertEquals(0, RandomRotations.levels(1));
        assertEquals(1, RandomRotations.levels(2));
        assertEquals(2, RandomRotations.levels(3));
        assertEquals(2, RandomRotations.levels(4));
        assertEquals(3, RandomRotations.levels(5));
        assertEquals(14, RandomRotations.levels(16384));
        assertEquals(12, RandomRotations.levels(3072));
        for (int n = 1; n <= 40; n++) {
            for (int bit = 1; bit < 64; bit *= 2) {
                int brute = 0;
                for (int i = 0; i < n; i++) {
                    if ((i & bit) == 0 && i + bit < n) {
                        brute++;
                    }
                }
                assertEquals(brute, RandomRotations.pairs(n, bit), "n = " + n + ", bit = " + bit);
            }
        }
    }

    @Test
    void badShapesAndLengthsAreRefused() {
        SplittableRandom rng = new SplittableRandom(1);
        assertThrows(IllegalArgumentException.class, () -> RandomRotations.draw(3, 4, rng));
        assertThrows(IllegalArgumentException.class, () -> RandomRotations.draw(3, 0, rng));
        assertThrows(IllegalArgumentException.class, () -> RandomRotations.draw(0, 0, rng));
        RandomRotations q = RandomRotations.draw(6, 4, rng);
        assertThrows(IllegalArgumentException.class, () -> q.apply(new double[6], 1));
        assertThrows(IllegalArgumentException.class, () -> q.applyTranspose(new double[4], 1));
        assertThrows(IllegalArgumentException.class, () -> q.apply(new double[8], 1));
        assertEquals(12, q.apply(new double[8], 2).length);
        assertEquals(8, q.applyTranspose(new double[12], 2).length);
        assertNotEquals(0, q.layers());
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
