package io.koopcredit.report.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void fourSignificantDigitsPlainInTheReadableRange() {
        assertEquals("257.6", Numbers.format(257.6149));
        assertEquals("-1924", Numbers.format(-1923.8));
        assertEquals("0.8257", Numbers.format(0.825712));
        assertEquals("-159", Numbers.format(-159.0));
        assertEquals("0", Numbers.format(0.0));
        assertEquals("0", Numbers.format(-0.0));
        assertEquals("0.001", Numbers.format(0.001));
        assertEquals("12350", Numbers.format(12345.0));
    }

    @Test
    void scientificOutsideIt() {
        assertEquals("1.7e+12", Numbers.format(1.7e12));
        assertEquals("2.346e-05", Numbers.format(2.3456e-5));
        assertEquals("-1e+05", Numbers.format(-99999.9));
    }

    @Test
    void missingAndPercent() {
        assertEquals("n/a", Numbers.formatOrMissing(null));
        assertEquals("96.8%", Numbers.percent(0.968));
    }

    @Test
    void nonFiniteNumbersNeverBecomeText() {
        assertThrows(IllegalArgumentException.class, () -> Numbers.format(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Numbers.format(Double.NEGATIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Numbers.percent(Double.NaN));
    }
}
