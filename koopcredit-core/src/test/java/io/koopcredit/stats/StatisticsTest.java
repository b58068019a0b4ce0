package io.koopcredit.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The conventions the README and the validation rely on, pinned: average ranks for ties, Kendall's τ-b,
 * the type-7 quantile, signed zeros as ties, and Pearson's r to full precision for weak correlations.
 * Expected values are worked out by hand (and agree with SciPy's spearmanr / kendalltau and NumPy's
 * default quantile) or computed from the definitions in the test.
 */
class StatisticsTest {

    private static final double EXACT = 1e-12;

    @Test
    void averageRanksShareTheMeanOfTiedPositions() {
        // 20 occupies positions 2 and 3: both get 2.5; 30 follows.
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Statistics.averageRanks(new double[] {10, 20, 20, 30}), 0);
        // Input order is kept: the ranks belong to the values where they stand.
        assertArrayEquals(new double[] {3, 1, 2}, Statistics.averageRanks(new double[] {9, -1, 0}), 0);
        // Three-way tie at positions 1..3 -> rank 2; signed zeros are one value.
        assertArrayEquals(new double[] {2, 2, 4, 2}, Statistics.averageRanks(new double[] {5, 5, 7, 5}), 0);
        assertArrayEquals(new double[] {1.5, 1.5, 3}, Statistics.averageRanks(new double[] {0.0, -0.0, 1}), 0);
    }

    @Test
    void noTies() {
        // x = 1..5, y = [2, 1, 4, 3, 5]: rank differences d = [-1, 1, -1, 1, 0], Σd² = 4,
        // ρ = 1 − 6·4 / (5·(25 − 1)) = 0.8. Of the 10 pairs, (1,2) and (3,4) are discordant: τ = (8 − 2)/10 = 0.6.
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 1, 4, 3, 5};
        assertEquals(0.8, Statistics.spearman(x, y).getAsDouble(), EXACT);
        assertEquals(0.6, Statistics.kendallTauB(x, y).getAsDouble(), EXACT);
    }

    @Test
    void tiesInBothLists() {
        // x = [1, 2, 2, 3] has ranks [1, 2.5, 2.5, 4]; y = [1, 3, 2, 2] has ranks [1, 4, 2.5, 2.5].
        // Centered: dx = [-1.5, 0, 0, 1.5], dy = [-1.5, 1.5, 0, 0]: ρ = 2.25 / √(4.5 · 4.5) = 0.5.
        // Pairs: (1,2) C, (1,3) C, (1,4) C, (2,3) tied in x, (2,4) D, (3,4) tied in y:
        // τ-b = (3 − 1) / √((6 − 1)(6 − 1)) = 0.4 (τ-a would be 2/6).
        double[] x = {1, 2, 2, 3};
        double[] y = {1, 3, 2, 2};
        assertEquals(0.5, Statistics.spearman(x, y).getAsDouble(), EXACT);
        assertEquals(0.4, Statistics.kendallTauB(x, y).getAsDouble(), EXACT);
    }

    @Test
    void reversedOrderIsMinusOneAndSignedZerosTie() {
        double[] x = {1, 2, 3};
        double[] y = {30, 20, 10};
        assertEquals(-1.0, Statistics.spearman(x, y).getAsDouble(), EXACT);
        assertEquals(-1.0, Statistics.kendallTauB(x, y).getAsDouble(), EXACT);
        // 0.0 and -0.0 are one value: a tie, so the pair is neither concordant nor discordant.
        // Pairs: (1,2) tied in z, (1,3) C, (2,3) C: τ-b = 2 / √((3 − 1)·3) = 2/√6.
        double[] z = {0.0, -0.0, 1.0};
        double[] w = {1.0, 2.0, 3.0};
        assertEquals(2 / Math.sqrt(6), Statistics.kendallTauB(z, w).getAsDouble(), EXACT);
        assertEquals(2 / Math.sqrt(6), Statistics.kendallTauB(new double[] {-0.0, 0.0, 1.0}, w).getAsDouble(), EXACT);
    }

    @Test
    void kendallTauBMatchesItsDefinitionOnTieHeavyLists() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int n = 2; n <= 40; n += 3) {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextInt(4);
                y[i] = rng.nextInt(5) - 2;
            }
            if (Statistics.constant(x) || Statistics.constant(y)) {
                assertTrue(Statistics.kendallTauB(x, y).isEmpty());
                continue;
            }
            assertEquals(tauBByDefinition(x, y), Statistics.kendallTauB(x, y).getAsDouble(), EXACT, "n = " + n);
        }
    }

    @Test
    void spearmanIsPearsonOfAverageRanks() {
        SplittableRandom rng = new SplittableRandom(9);
        double[] x = new double[30];
        double[] y = new double[30];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(6);
            y[i] = x[i] + rng.nextInt(3);
        }
        assertEquals(Statistics.pearson(Statistics.averageRanks(x), Statistics.averageRanks(y)).getAsDouble(),
                Statistics.spearman(x, y).getAsDouble(), 0.0);
    }

    @Test
    void pearsonByHand() {
        // x = [1, 2, 3], y = [2, 4, 7]: dx = [-1, 0, 1], dy = [-7/3, -1/3, 8/3]; Σdxdy = 5, Σdx² = 2,
        // Σdy² = 114/9: r = 5 / √(228/9) = 15/√228.
        assertEquals(15 / Math.sqrt(228), Statistics.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 7})
                .getAsDouble(), EXACT);
    }

    @Test
    void pearsonKeepsFullPrecisionForWeakCorrelations() {
        // Re-randomized feature maps are nearly uncorrelated: r ≈ 1e-4 must still carry ~14 correct digits.
        SplittableRandom rng = new SplittableRandom(3);
        int n = 784;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.3 + 0.01 * gaussian(rng);
            y[i] = 1e-4 * x[i] + 0.01 * gaussian(rng);
        }
        double reference = pearsonExact(x, y);
        double r = Statistics.pearson(x, y).getAsDouble();
        assertTrue(Math.abs(reference) < 0.1, "a weak correlation: " + reference);
        assertEquals(reference, r, 1e-12 * Math.abs(reference));
    }

    @Test
    void quantilesAreType7() {
        // n = 5 sorted [1, 2, 4, 8, 16]: h = 4q; q = 0.9 -> h = 3.6 -> 8 + 0.6·8 = 12.8; q = 0.5 -> 4.
        double[] v = {16, 1, 8, 2, 4};
        assertEquals(12.8, Statistics.quantile(v, 0.9), EXACT);
        assertEquals(4.0, Statistics.median(v), 0.0);
        assertEquals(1.0, Statistics.quantile(v, 0), 0.0);
        assertEquals(16.0, Statistics.quantile(v, 1), 0.0);
        // Even count: the mean of the two middle values; one value: itself.
        assertEquals(2.5, Statistics.median(new double[] {4, 1, 2, 3}), 0.0);
        assertEquals(7.0, Statistics.quantile(new double[] {7}, 0.9), 0.0);
        // The bootstrap's 2.5% and 97.5% levels on 1..41: h = 40·0.025 = 1 -> 2; h = 39 -> 40.
        double[] ramp = new double[41];
        for (int i = 0; i < ramp.length; i++) {
            ramp[ramp.length - 1 - i] = i + 1;
        }
        assertEquals(2.0, Statistics.quantile(ramp, 0.025), EXACT);
        assertEquals(40.0, Statistics.quantile(ramp, 0.975), EXACT);
        assertArrayEquals(new double[] {16, 1, 8, 2, 4}, v, 0.0, "input not modified");
    }

    @Test
    void quantilesMatchTheType7FormulaForEverySizeAndTheLevelsUsed() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int n = 1; n <= 60; n++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextDouble() * 100 - 50;
            }
            double[] sorted = v.clone();
            java.util.Arrays.sort(sorted);
            for (double q : new double[] {0.025, 0.5, 0.9, 0.975}) {
                double h = (n - 1) * q;
                int lo = (int) Math.floor(h);
                int hi = Math.min(lo + 1, n - 1);
                double expected = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
                assertEquals(expected, Statistics.quantile(v, q), 1e-12 * 50, "n = " + n + ", q = " + q);
            }
        }
    }

    @Test
    void undefinedAndInvalidInputs() {
        assertTrue(Statistics.pearson(new double[] {1, 1}, new double[] {1, 2}).isEmpty(), "constant list");
        assertTrue(Statistics.spearman(new double[] {1}, new double[] {2}).isEmpty(), "one item");
        assertTrue(Statistics.kendallTauB(new double[] {3, 3, 3}, new double[] {1, 2, 3}).isEmpty(), "all tied");
        assertThrows(IllegalArgumentException.class,
                () -> Statistics.spearman(new double[] {1, Double.NaN}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> Statistics.kendallTauB(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Statistics.median(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Statistics.quantile(new double[] {1}, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Statistics.mean(new double[] {1, Double.POSITIVE_INFINITY}));
    }

    private static double tauBByDefinition(double[] x, double[] y) {
        long c = 0;
        long d = 0;
        long tx = 0;
        long ty = 0;
        int n = x.length;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int sx = Double.compare(x[i] + 0.0, x[j] + 0.0);
                int sy = Double.compare(y[i] + 0.0, y[j] + 0.0);
                tx += sx == 0 ? 1 : 0;
                ty += sy == 0 ? 1 : 0;
                if (sx != 0 && sy != 0) {
                    if (sx == sy) {
                        c++;
                    } else {
                        d++;
                    }
                }
            }
        }
        long n0 = (long) n * (n - 1) / 2;
        return (c - d) / Math.sqrt((double) (n0 - tx) * (n0 - ty));
    }

    private static double pearsonExact(double[] x, double[] y) {
        MathContext mc = new MathContext(50);
        BigDecimal n = BigDecimal.valueOf(x.length);
        BigDecimal mx = BigDecimal.ZERO;
        BigDecimal my = BigDecimal.ZERO;
        for (int i = 0; i < x.length; i++) {
            mx = mx.add(new BigDecimal(x[i]));
            my = my.add(new BigDecimal(y[i]));
        }
        mx = mx.divide(n, mc);
        my = my.divide(n, mc);
        BigDecimal sxy = BigDecimal.ZERO;
        BigDecimal sxx = BigDecimal.ZERO;
        BigDecimal syy = BigDecimal.ZERO;
        for (int i = 0; i < x.length; i++) {
            BigDecimal dx = new BigDecimal(x[i]).subtract(mx);
            BigDecimal dy = new BigDecimal(y[i]).subtract(my);
            sxy = sxy.add(dx.multiply(dy));
            sxx = sxx.add(dx.multiply(dx));
            syy = syy.add(dy.multiply(dy));
        }
        return sxy.divide(sxx.multiply(syy).sqrt(mc), mc).doubleValue();
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller: enough for test data.
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
