package io.koopcredit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What every statistic refuses (no values, non-finite values, unpaired lists) with a message naming it,
 * and the edges of the defined ones: two values are enough for a correlation, one is not, and a constant
 * list has none.
 */
class StatisticsContractTest {
    private static final double[] NAN = {1, Double.NaN, 3};
    private static final double[] INF = {1, 2, Double.POSITIVE_INFINITY};

    @Test
    void emptyAndNonFiniteInputsAreRefusedWithTheirReason() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Statistics.mean(new double[0]));
        assertEquals("a statistic of no values is undefined", empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Statistics.median(new double[0]));
        for (double[] bad : new double[][] {NAN, INF}) {
            for (Runnable r : new Runnable[] {() -> Statistics.mean(bad), () -> Statistics.quantile(bad, 0.5),
                () -> Statistics.averageRanks(bad), () -> Statistics.pearson(bad, new double[] {1, 2, 3}),
                () -> Statistics.pearson(new double[] {1, 2, 3}, bad), () -> Statistics.spearman(bad, new double[] {1, 2, 3}),
                () -> Statistics.kendallTauB(new double[] {1, 2, 3}, bad)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
                assertTrue(e.getMessage().startsWith("statistics need finite values, found "), e.getMessage());
            }
        }
    }

    @Test
    void pairedStatisticsRefuseListsOfDifferentLengths() {
        double[] three = {1, 2, 3};
        double[] two = {1, 2};
        for (Runnable r : new Runnable[] {() -> Statistics.pearson(three, two), () -> Statistics.spearman(three, two),
            () -> Statistics.kendallTauB(two, three)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertTrue(e.getMessage().startsWith("paired lists differ in length"), e.getMessage());
        }
    }

    @Test
    void correlationsNeedTwoValuesThatVary() {
        assertEquals(1.0, Statistics.pearson(new double[] {1, 2}, new double[] {3, 5}).orElseThrow(), 1e-15);
        assertEquals(-1.0, Statistics.kendallTauB(new double[] {1, 2}, new double[] {5, 3}).orElseThrow(), 1e-15);
        assertFalse(Statistics.pearson(new double[] {1}, new double[] {2}).isPresent());
        assertFalse(Statistics.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3}).isPresent());
        assertFalse(Statistics.pearson(new double[] {1, 2, 3}, new double[] {4, 4, 4}).isPresent());
        assertFalse(Statistics.spearman(new double[] {1, 2, 3}, new double[] {4, 4, 4}).isPresent());
        assertTrue(Statistics.constant(new double[] {2, 2, 2}));
        assertFalse(Statistics.constant(new double[] {2, 2, 3}));
        assertFalse(Statistics.constant(new double[] {3, 2, 2}));
        assertTrue(Statistics.constant(new double[] {0.0, -0.0}), "0 = -0");
    }

    @Test
    void quantileLevelsOutsideZeroToOneAreRefusedAndLevelZeroIsTheMinimum() {
        double[] v = {3, 1, 2};
        assertEquals(1.0, Statistics.quantile(v, 0), 0.0);
        assertEquals(3.0, Statistics.quantile(v, 1), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Statistics.quantile(v, -0.01));
        assertThrows(IllegalArgumentException.class, () -> Statistics.quantile(v, 1.01));
        assertThrows(IllegalArgumentException.class, () -> Statistics.quantile(v, Double.NaN));
    }
}
