package io.koopcredit.koopman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InvalidOptionException;
import org.junit.jupiter.api.Test;

/**
 * Each rank policy on spectra planted so that the documented cut-off, and no nearby formula, gives the
 * answer: values exactly at a threshold (kept only when strictly above), energies that are exact in binary,
 * and Gavish–Donoho's ω(β) at β = 1/2, where its terms differ (at β = 1 every power of β is 1).
 */
class RankPolicyPlantedTest {

    private static RankPolicy.Spectrum spectrum(long rows, long cols, double... s) {
        return new RankPolicy.Spectrum(s, rows, cols, 0.0);
    }

    @Test
    void relativeKeepsValuesStrictlyAboveTheToleranceTimesTheLargest() {
        RankPolicy.Spectrum s = spectrum(4, 4, 8, 2, 1, 0.5);
        assertEquals(2, new RankPolicy.Relative(0.125).rank(s), "1 = 0.125·8 is not above it");
        assertEquals(3, new RankPolicy.Relative(0.1).rank(s));
        assertEquals(1, new RankPolicy.Relative(0.25).rank(s), "2 = 0.25·8 is not above it");
        for (double bad : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            assertThrows(InvalidOptionException.class, () -> new RankPolicy.Relative(bad), "relative:" + bad);
        }
        assertEquals(0.999, new RankPolicy.Relative(0.999).tolerance());
    }

    @Test
    void fixedKeepsAtMostItsRankAndNeverBelowTheMachineThreshold() {
        RankPolicy.Spectrum s = spectrum(3, 3, 4, 2, 1e-20);
        assertEquals(1, new RankPolicy.Fixed(1).rank(s));
        assertEquals(2, new RankPolicy.Fixed(3).rank(s), "1e-20 is zero to working precision");
        assertThrows(InvalidOptionException.class, () -> new RankPolicy.Fixed(0));
        assertThrows(InvalidOptionException.class, () -> new RankPolicy.Fixed(-1));
    }

    @Test
    void energyKeepsTheFewestLeadingValuesHoldingTheFraction() {
        // Squares 4, 1, 1, 1, 1: total 8, all exact in binary.
        RankPolicy.Spectrum s = spectrum(5, 5, 2, 1, 1, 1, 1);
        assertEquals(1, new RankPolicy.Energy(0.5).rank(s), "4 of 8 is exactly half: enough");
        assertEquals(2, new RankPolicy.Energy(0.5625).rank(s));
        assertEquals(2, new RankPolicy.Energy(0.625).rank(s), "5 of 8 exactly");
        assertEquals(4, new RankPolicy.Energy(0.875).rank(s), "7 of 8 exactly");
        assertEquals(5, new RankPolicy.Energy(1.0).rank(s), "all of it");
        assertEquals(0, new RankPolicy.Energy(0.5).rank(spectrum(3, 3, 0, 0, 0)), "no energy, no rank");
        // Values below the machine threshold carry no energy: 1e-20 is not counted.
        assertEquals(2, new RankPolicy.Energy(1.0).rank(spectrum(3, 3, 2, 1, 1e-20)));
        for (double bad : new double[] {0, -0.5, 1.0000001, Double.NaN}) {
            assertThrows(InvalidOptionException.class, () -> new RankPolicy.Energy(bad), "energy:" + bad);
        }
    }

    /**
     * β = 4/8: ω = 0.56/8 − 0.95/4 + 1.82/2 + 1.43 = 2.1725. With median 1 the cut-off is 2.1725: 2.3 stays
     * and 2.0 goes. A term of ω changed (a power of β dropped: ω = 2.3825; the β² term's power dropped:
     * 1.46; the linear one: 4.9025; its sign: 2.6475) moves the cut-off past one of them.
     */
    @Test
    void optimalHardThresholdUsesOmegaOfBetaTimesTheMedian() {
        double omega = 0.56 * 0.125 - 0.95 * 0.25 + 1.82 * 0.5 + 1.43;
        assertEquals(2.1725, omega, 1e-12);
        RankPolicy optimal = new RankPolicy.OptimalHardThreshold();
        // 8 × 16: k = 8 values, median of the 4th and 5th = 1.
        assertEquals(1, optimal.rank(spectrum(8, 16, 2.3, 2.0, 1, 1, 1, 1, 1, 1)));
        assertEquals(1, optimal.rank(spectrum(16, 8, 2.3, 2.0, 1, 1, 1, 1, 1, 1)), "β is symmetric");
        assertEquals(2, optimal.rank(spectrum(8, 16, 2.3, 2.18, 1, 1, 1, 1, 1, 1)));
    }

    /**
     * The median runs over all k = min(rows, cols) nominal values, the ones not computed being zero: for
     * 5 × 10 and values {10, 3, 2} the list is {10, 3, 2, 0, 0}, median 2, cut-off 2.1725·2 = 4.345, rank 1;
     * a median taken from the wrong positions (1 or 0) would keep 3 as well.
     */
    @Test
    void optimalHardThresholdTakesTheMedianOverTheNominalValuesIncludingZeros() {
        RankPolicy optimal = new RankPolicy.OptimalHardThreshold();
        assertEquals(1, optimal.rank(spectrum(5, 10, 10, 3, 2)));
        // Even k = 4, values {10, 4, 3, 1}: median (4 + 3) / 2 = 3.5, cut-off 7.60: only 10.
        assertEquals(1, optimal.rank(spectrum(4, 8, 10, 4, 3, 1)));
        // Two values and k = 5: the median is a zero, the cut-off 0, both values stay.
        assertEquals(2, optimal.rank(spectrum(5, 10, 10, 3)));
        assertEquals(0, optimal.rank(spectrum(5, 10)));
        // Square: ω(1) = 2.86; {10, 3, 2.9, 1, 1}: median 2.9, cut-off 8.29: only 10.
        assertEquals(1, optimal.rank(spectrum(5, 5, 10, 3, 2.9, 1, 1)));
        assertTrue(new RankPolicy.OptimalHardThreshold().spec().equals("optimal"));
    }

    @Test
    void parseNamesTheValueAndTheRangeAndRejectsArgumentsWhereNoneIsTaken() {
        assertEquals(new RankPolicy.Fixed(7), RankPolicy.parse("fixed:7"));
        assertEquals(new RankPolicy.Relative(0.5), RankPolicy.parse(" Relative:0.5 "));
        assertEquals(new RankPolicy.Energy(1.0), RankPolicy.parse("energy:1"));
        assertEquals(new RankPolicy.Fixed(Integer.MAX_VALUE), RankPolicy.parse("fixed:" + Integer.MAX_VALUE));
        for (String noArg : new String[] {"precision:1", "machine:2", "optimal:3"}) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> RankPolicy.parse(noArg));
            assertTrue(e.getMessage().contains("takes no value after ':'"), e.getMessage());
        }
        InvalidOptionException big = assertThrows(InvalidOptionException.class,
                () -> RankPolicy.parse("fixed:2147483648"));
        assertTrue(big.getMessage().contains("expected a rank from 1 to 2147483647, found 2147483648"),
                big.getMessage());
        InvalidOptionException empty = assertThrows(InvalidOptionException.class, () -> RankPolicy.parse("fixed:"));
        assertTrue(empty.getMessage().contains("expected a value after ':'"), empty.getMessage());
        InvalidOptionException relative = assertThrows(InvalidOptionException.class,
                () -> RankPolicy.parse("relative:2"));
        // Named as written (relative:2, not the parsed relative:2.0), with the range and the parsed value.
        assertEquals("rank 'relative:2': expected a tolerance in (0, 1), found 2.0", relative.getMessage());
    }
}
