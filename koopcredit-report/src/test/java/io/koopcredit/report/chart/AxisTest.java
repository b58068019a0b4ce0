package io.koopcredit.report.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTest {
    @Test
    void linearAxisHoldsZeroAndEveryValueOnNiceTicks() {
        LinearAxis a = LinearAxis.covering(Arrays.asList(257.6, -1924.0, null, 4.2));
        assertTrue(a.min() <= -1924 && a.max() >= 257.6, a.toString());
        assertEquals(500.0, a.step());
        assertEquals(-2000.0, a.min());
        assertEquals(500.0, a.max());
        assertEquals(List.of("-2000", "-1500", "-1000", "-500", "0", "500"),
                a.ticks().stream().map(ValueAxis.Tick::label).toList());
        assertEquals(0.8, a.baseline(), 1e-12, "0 sits 4/5 up");
    }

    @Test
    void linearAxisWithoutValuesIsUnit() {
        LinearAxis a = LinearAxis.covering(Arrays.asList(null, 0.0));
        assertEquals(-1.0, a.min());
        assertEquals(1.0, a.max());
    }

    @Test
    void logAxisSpansTheDecadesAndPutsZeroOnTheFloor() {
        LogAxis a = LogAxis.covering(Arrays.asList(0.002, 10.7, 0.0, null), 1);
        assertEquals(-3, a.minExp());
        assertEquals(2, a.maxExp());
        assertEquals(0.0, a.fraction(0.0), "0 has no logarithm: bottom edge");
        assertEquals(0.6, a.fraction(1), 1e-12);
        assertEquals(List.of("0.001", "0.01", "0.1", "1", "10", "100"),
                a.ticks().stream().map(ValueAxis.Tick::label).toList());
    }

    @Test
    void shortLogAxisLabelsTwoAndFiveToo() {
        LogAxis a = LogAxis.covering(List.of(0.72, 10.7), 1);
        assertEquals(List.of("0.1", "0.2", "0.5", "1", "2", "5", "10", "20", "50", "100"),
                a.ticks().stream().map(ValueAxis.Tick::label).toList());
    }

    @Test
    void logAxisNeverReachesBelowItsFloor() {
        LogAxis a = LogAxis.covering(List.of(1e-300), 1);
        assertEquals(LogAxis.FLOOR_EXP, a.minExp());
    }
}
