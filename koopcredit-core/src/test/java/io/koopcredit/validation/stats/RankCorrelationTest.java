package io.koopcredit.validation.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rank agreement the checks report. */
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
}
