package io.koopcredit.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rank agreement the checks report, and the tie snapping of the ablation damages. */
class RankCorrelationTest {

    private static final double EXACT = 1e-12;

    @Test
    void bothCoefficientsTogether() {
        // x = 1..5, y = [2, 1, 4, 3, 5]: ρ = 0.8, τ = 0.6 (worked out in StatisticsTest).
        RankCorrelation c = RankCorrelation.of(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5});
        assertEquals(5, c.items());
        assertEquals(0.8, c.spearman(), EXACT);
        assertEquals(0.6, c.kendall(), EXACT);
        assertNull(c.note());
    }

    @Test
    void undefinedCasesSayWhy() {
        RankCorrelation one = RankCorrelation.of(new double[] {1}, new double[] {2});
        assertFalse(one.defined());
        assertTrue(one.note().contains("fewer than two"), one.note());
        RankCorrelation flat = RankCorrelation.of(new double[] {1, 2, 3}, new double[] {4, 4, 4});
        assertFalse(flat.defined());
        assertTrue(flat.note().contains("second ordering ties all 3"), flat.note());
        RankCorrelation first = RankCorrelation.of(new double[] {0.0, -0.0}, new double[] {1, 2});
        assertTrue(first.note().contains("first ordering ties all 2"), first.note());
    }

    @Test
    void snapTiesJoinsRoundingNeighboursOnly() {
        // 1.0 and 1.0 + 1e-13 differ by rounding; 2.0 is a different value.
        double[] snapped = AblationCheck.snapTies(new double[] {2.0, 1.0 + 1e-13, 1.0}, 1e-9, 0.0);
        assertArrayEquals(new double[] {2.0, 1.0, 1.0}, snapped, 0.0);
        // Absolute tolerance for values near zero.
        assertArrayEquals(new double[] {0.0, 0.0, 0.5},
                AblationCheck.snapTies(new double[] {0.0, 1e-15, 0.5}, 0.0, 1e-12), 0.0);
        // Without tolerance nothing moves.
        double[] v = {3, 1, 2};
        assertArrayEquals(v, AblationCheck.snapTies(v, 0, 0), 0.0);
    }
}
