package io.koopcredit.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rank statistics against values computed by hand (and confirmed with SciPy's spearmanr / kendalltau). */
class RankStatisticsTest {

    private static final double EXACT = 1e-12;

    @Test
    void averageRanksShareTheMeanOfTiedPositions() {
        // 20 occupies positions 2 and 3: both get 2.5; 30 and 40 follow.
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, RankStatistics.averageRanks(new double[] {10, 20, 20, 30}),
                EXACT);
        // Input order is kept: the ranks belong to the values where they stand.
        assertArrayEquals(new double[] {3, 1, 2}, RankStatistics.averageRanks(new double[] {9, -1, 0}), EXACT);
        // Three-way tie at positions 1..3 -> rank 2.
        assertArrayEquals(new double[] {2, 2, 4, 2}, RankStatistics.averageRanks(new double[] {5, 5, 7, 5}), EXACT);
    }

    @Test
    void noTies() {
        // x = 1..5, y = [2, 1, 4, 3, 5]: rank differences d = [-1, 1, -1, 1, 0], Σd² = 4,
        // ρ = 1 − 6·4 / (5·(25 − 1)) = 0.8. Of the 10 pairs, (1,2) and (3,4) are discordant: τ = (8 − 2)/10 = 0.6.
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 1, 4, 3, 5};
        assertEquals(0.8, RankStatistics.spearman(x, y).getAsDouble(), EXACT);
        assertEquals(0.6, RankStatistics.kendallTauB(x, y).getAsDouble(), EXACT);
        RankCorrelation c = RankStatistics.correlate(x, y);
        assertEquals(5, c.items());
        assertEquals(0.8, c.spearman(), EXACT);
        assertEquals(0.6, c.kendall(), EXACT);
        assertNull(c.note());
    }

    @Test
    void tiesInBothLists() {
        // x = [1, 2, 2, 3] has ranks [1, 2.5, 2.5, 4]; y = [1, 3, 2, 2] has ranks [1, 4, 2.5, 2.5].
        // Centered: dx = [-1.5, 0, 0, 1.5], dy = [-1.5, 1.5, 0, 0]: ρ = 2.25 / √(4.5 · 4.5) = 0.5.
        // Pairs: (1,2) C, (1,3) C, (1,4) C, (2,3) tied in x, (2,4) D, (3,4) tied in y:
        // τ-b = (3 − 1) / √((6 − 1)(6 − 1)) = 0.4.
        double[] x = {1, 2, 2, 3};
        double[] y = {1, 3, 2, 2};
        assertEquals(0.5, RankStatistics.spearman(x, y).getAsDouble(), EXACT);
        assertEquals(0.4, RankStatistics.kendallTauB(x, y).getAsDouble(), EXACT);
    }

    @Test
    void reversedOrderIsMinusOneAndSignedZerosTie() {
        double[] x = {1, 2, 3};
        double[] y = {30, 20, 10};
        assertEquals(-1.0, RankStatistics.spearman(x, y).getAsDouble(), EXACT);
        assertEquals(-1.0, RankStatistics.kendallTauB(x, y).getAsDouble(), EXACT);
        // 0.0 and -0.0 are one value: a tie, so the pair is neither concordant nor discordant.
        double[] z = {0.0, -0.0, 1.0};
        double[] w = {1.0, 2.0, 3.0};
        // Pairs: (1,2) tied in z, (1,3) C, (2,3) C: τ-b = 2 / √((3 − 1)·3) = 2/√6.
        assertEquals(2 / Math.sqrt(6), RankStatistics.kendallTauB(z, w).getAsDouble(), EXACT);
    }

    @Test
    void pearsonByHand() {
        // x = [1, 2, 3], y = [2, 4, 7]: dx = [-1, 0, 1], dy = [-7/3, -1/3, 8/3]; Σdxdy = 5, Σdx² = 2,
        // Σdy² = 114/9: r = 5 / √(228/9) = 15/√228.
        assertEquals(15 / Math.sqrt(228), RankStatistics.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 7})
                .getAsDouble(), EXACT);
    }

    @Test
    void undefinedCasesSayWhy() {
        RankCorrelation one = RankStatistics.correlate(new double[] {1}, new double[] {2});
        assertFalse(one.defined());
        assertTrue(one.note().contains("fewer than two"), one.note());
        RankCorrelation flat = RankStatistics.correlate(new double[] {1, 2, 3}, new double[] {4, 4, 4});
        assertFalse(flat.defined());
        assertTrue(flat.note().contains("second ordering ties all 3"), flat.note());
        assertTrue(RankStatistics.pearson(new double[] {1, 1}, new double[] {1, 2}).isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> RankStatistics.spearman(new double[] {1, Double.NaN}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> RankStatistics.kendallTauB(new double[] {1, 2}, new double[] {1}));
    }

    @Test
    void snapTiesJoinsRoundingNeighboursOnly() {
        // 1.0 and 1.0 + 1e-13 differ by rounding; 2.0 is a different value.
        double[] snapped = RankStatistics.snapTies(new double[] {2.0, 1.0 + 1e-13, 1.0}, 1e-9, 0.0);
        assertArrayEquals(new double[] {2.0, 1.0, 1.0}, snapped, 0.0);
        // Absolute tolerance for values near zero.
        assertArrayEquals(new double[] {0.0, 0.0, 0.5},
                RankStatistics.snapTies(new double[] {0.0, 1e-15, 0.5}, 0.0, 1e-12), 0.0);
        // Without tolerance nothing moves.
        double[] v = {3, 1, 2};
        assertArrayEquals(v, RankStatistics.snapTies(v, 0, 0), 0.0);
    }
}
