package io.koopcredit.report.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class DivergingColorScaleTest {
    private static final DivergingColorScale SCALE = new DivergingColorScale(2.5);

    @Test
    void zeroIsWhiteAndTheLimitsAreTheEnds() {
        assertEquals(Color.WHITE, SCALE.color(0));
        assertEquals(Color.WHITE, SCALE.color(-0.0));
        assertEquals(DivergingColorScale.RED_END, SCALE.color(2.5));
        assertEquals(DivergingColorScale.BLUE_END, SCALE.color(-2.5));
        assertTrue(DivergingColorScale.RED_END.getRed() > DivergingColorScale.RED_END.getBlue(), "the + end is red");
        assertTrue(DivergingColorScale.BLUE_END.getBlue() > DivergingColorScale.BLUE_END.getRed(), "the - end is blue");
    }

    @Test
    void valuesBeyondTheLimitsClamp() {
        assertEquals(DivergingColorScale.RED_END, SCALE.color(1e9));
        assertEquals(DivergingColorScale.BLUE_END, SCALE.color(-1e9));
    }

    @Test
    void colourDarkensMonotonicallyWithMagnitudeAndKeepsItsHue() {
        int steps = 500;
        for (int sign : new int[] {1, -1}) {
            Color prev = SCALE.color(0);
            for (int i = 1; i <= steps; i++) {
                Color c = SCALE.color(sign * 2.5 * i / steps);
                assertTrue(c.getRed() <= prev.getRed() && c.getGreen() <= prev.getGreen()
                        && c.getBlue() <= prev.getBlue(), "every channel falls away from white: " + prev + " -> " + c);
                assertTrue(luminance(c) <= luminance(prev), "never lighter at step " + i + " (sign " + sign + ")");
                if (sign > 0) {
                    assertTrue(c.getRed() >= c.getBlue(), "positive values are never bluish: " + c);
                } else {
                    assertTrue(c.getBlue() >= c.getRed(), "negative values are never reddish: " + c);
                }
                if (i >= steps / 100) {
                    assertTrue(sign > 0 ? c.getRed() > c.getBlue() : c.getBlue() > c.getRed(),
                            "from 1% of the limit on, the hue shows: " + c);
                }
                prev = c;
            }
        }
    }

    @Test
    void visiblyDarkerEveryTwentiethOfTheRange() {
        for (int sign : new int[] {1, -1}) {
            for (int i = 1; i <= 20; i++) {
                double a = luminance(SCALE.color(sign * 2.5 * (i - 1) / 20));
                double b = luminance(SCALE.color(sign * 2.5 * i / 20));
                assertTrue(b < a - 1, "step " + i + " of 20 (sign " + sign + "): " + a + " -> " + b);
            }
        }
    }

    @Test
    void symmetricLimitIsTheLargestMagnitudeOverAllRows() {
        assertEquals(7.0, DivergingColorScale.symmetric(new double[][] {{1, -2}, {3, -7}, {0.5}}).limit());
        assertEquals(0.0, DivergingColorScale.symmetric(new double[][] {{0, 0}}).limit());
        assertEquals(Color.WHITE, DivergingColorScale.symmetric(new double[][] {{0}}).color(0));
    }

    @Test
    void nonFiniteValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SCALE.color(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new DivergingColorScale(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class,
                () -> DivergingColorScale.symmetric(new double[][] {{Double.NaN}}));
    }

    @Test
    void greyScaleIsInkOnPaper() {
        GreyScale g = new GreyScale(0, 1);
        assertEquals(Color.WHITE, g.color(0));
        assertEquals(Color.BLACK, g.color(1));
        assertEquals(new Color(128, 128, 128), new GreyScale(3, 3).color(3), "a constant image is mid-grey");
    }

    private static double luminance(Color c) {
        return 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
    }
}
