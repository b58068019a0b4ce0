package io.koopcredit.koopman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;
import io.koopcredit.base.InvalidOptionException;
import org.junit.jupiter.api.Test;

class RankPolicyTest {
    private static RankPolicy.Spectrum spectrum(double[] s, long rows, long cols, double floor) {
        return new RankPolicy.Spectrum(s, rows, cols, floor);
    }

    private static final double[] S = {10, 5, 1, 1e-4, 1e-13, 1e-17};

    @Test
    void machinePrecisionDropsValuesBelowMaxDimTimesEpsilon() {
        // tol = max(6, 100) * 2.2e-16 * 10 = 2.2e-13: keeps 1e-4, drops 1e-13 and 1e-17.
        assertEquals(4, new RankPolicy.MachinePrecision().rank(spectrum(S, 6, 100, 0)));
        // With a much larger nominal matrix the tolerance rises above 1e-13? 1e4 * 2.2e-16 * 10 = 2.2e-11.
        assertEquals(4, new RankPolicy.MachinePrecision().rank(spectrum(S, 6, 10_000, 0)));
        assertEquals(5, new RankPolicy.MachinePrecision().rank(spectrum(S, 6, 6, 0)));
    }

    @Test
    void relativeFixedEnergy() {
        assertEquals(3, new RankPolicy.Relative(1e-3).rank(spectrum(S, 6, 6, 0)));
        assertEquals(2, new RankPolicy.Fixed(2).rank(spectrum(S, 6, 6, 0)));
        assertEquals(5, new RankPolicy.Fixed(50).rank(spectrum(S, 6, 6, 0)), "capped at the numerical rank");
        // energies: 100, 25, 1 -> 100/126 = 0.794, 125/126 = 0.992
        assertEquals(1, new RankPolicy.Energy(0.79).rank(spectrum(S, 6, 6, 0)));
        assertEquals(2, new RankPolicy.Energy(0.99).rank(spectrum(S, 6, 6, 0)));
        assertEquals(3, new RankPolicy.Energy(0.999).rank(spectrum(S, 6, 6, 0)));
    }

    @Test
    void optimalHardThresholdOnPlantedSignalPlusNoise() {
        // Square case: omega(1) = 0.56 - 0.95 + 1.82 + 1.43 = 2.86. Median of 100 noise values ~ 1.
        double[] s = new double[100];
        s[0] = 50;
        s[1] = 40;
        s[2] = 30;
        for (int i = 3; i < 100; i++) {
            s[i] = 2.0 - i / 100.0; // 1.97 .. 1.01, median ~1.5: threshold ~4.3
        }
        assertEquals(3, new RankPolicy.OptimalHardThreshold().rank(spectrum(s, 100, 100, 0)));
    }

    @Test
    void dataPrecisionDropsValuesAtTheNoiseFloorAndBelowTheSvdAccuracy() {
        // Floor 1e-3 (absolute): keeps 10, 5, 1; machine keeps 1e-4 and 1e-13 too.
        assertEquals(3, new RankPolicy.DataPrecision().rank(spectrum(S, 6, 6, 1e-3)));
        assertEquals(5, new RankPolicy.MachinePrecision().rank(spectrum(S, 6, 6, 1e-3)));
        // A floor below the SVD's accuracy (6 * 2.2e-16 * 10 = 1.3e-14) does not let 1e-17 in.
        assertEquals(5, new RankPolicy.DataPrecision().rank(spectrum(S, 6, 6, 1e-20)));
        // A value exactly at the floor is noise.
        assertEquals(2, new RankPolicy.DataPrecision().rank(spectrum(S, 6, 6, 1.0)));
    }

    @Test
    void zeroMatrixHasRankZeroUnderEveryPolicy() {
        double[] zeros = {0, 0, 0};
        for (RankPolicy p : new RankPolicy[] {new RankPolicy.DataPrecision(), new RankPolicy.MachinePrecision(),
            new RankPolicy.Relative(0.1),
            new RankPolicy.Fixed(2), new RankPolicy.Energy(0.5), new RankPolicy.OptimalHardThreshold()}) {
            assertEquals(0, p.rank(spectrum(zeros, 3, 3, 0)), p.spec());
        }
    }

    @Test
    void parseRoundTripsAndRejectsNonsense() {
        for (String spec : new String[] {"precision", "machine", "relative:0.001", "fixed:20", "energy:0.999", "optimal"}) {
            assertEquals(spec, RankPolicy.parse(spec).spec());
        }
        for (String bad : new String[] {"", "mach", "relative", "relative:abc", "relative:2", "fixed:0",
            "energy:0", "machine:3", "precision:1"}) {
            InputException e = assertThrows(InputException.class, () -> RankPolicy.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("rank '"), e.getMessage());
            assertEquals("rank", assertInstanceOf(InvalidOptionException.class, e).option());
        }
    }
}
