package io.koopcredit.report.chart;

import java.awt.Color;
import java.util.List;

/**
 * Blue–white–red scale for signed values: 0 is white, {@code +limit} the red end, {@code -limit} the blue
 * end, values beyond ±limit clamp to the ends. The stops are ColorBrewer's RdBu ramp (Brewer, colorbrewer2.org)
 * with a pure white centre; every channel falls monotonically from white towards either end, so darker
 * always means a larger magnitude, and the two hues tell the sign apart. Colours are interpolated
 * linearly in sRGB between neighbouring stops.
 *
 * <p>The limit is symmetric on purpose: with limits ±max|v|, equal magnitudes of either sign get equally
 * strong colours and white always means zero.
 *
 * @param limit the magnitude drawn at full strength; finite and {@code >= 0} (0: every value is white)
 */
public record DivergingColorScale(double limit) implements ColorScale {

    /** From white (index 0) to the red end: stops for positive values. */
    private static final List<Color> RED = List.of(new Color(0xffffff), new Color(0xfddbc7), new Color(0xf4a582),
            new Color(0xd6604d), new Color(0xb2182b));
    /** From white (index 0) to the blue end: stops for negative values. */
    private static final List<Color> BLUE = List.of(new Color(0xffffff), new Color(0xd1e5f0), new Color(0x92c5de),
            new Color(0x4393c3), new Color(0x2166ac));

    /** The colour of zero. */
    public static final Color ZERO = RED.get(0);
    /** The colour of +limit and above. */
    public static final Color RED_END = RED.get(RED.size() - 1);
    /** The colour of -limit and below. */
    public static final Color BLUE_END = BLUE.get(BLUE.size() - 1);

    /**
     * Validates the limit.
     *
     * @param limit the magnitude drawn at full strength; finite, at least 0
     */
    public DivergingColorScale {
        if (!Double.isFinite(limit) || limit < 0) {
            throw new IllegalArgumentException("colour scale limit must be finite and >= 0, found " + limit);
        }
    }

    /**
     * @param values values the scale must cover; not modified; each finite
     * @return the scale with limit max|v| over all of them (0 if there are none)
     */
    public static DivergingColorScale symmetric(double[][] values) {
        double m = 0;
        for (double[] row : values) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("non-finite value " + v + " cannot be coloured");
                }
                m = Math.max(m, Math.abs(v));
            }
        }
        return new DivergingColorScale(m);
    }

    @Override
    public Color color(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("non-finite value " + value + " cannot be coloured");
        }
        if (limit == 0 || value == 0) {
            return ZERO;
        }
        double t = Math.min(1.0, Math.abs(value) / limit);
        return ramp(value > 0 ? RED : BLUE, t);
    }

    /**
     * The scale from -limit to +limit as gradient stops, evenly spaced: the blue end, the blue stops, white
     * at the middle, the red stops, the red end. Linear interpolation between them gives {@link #color}.
     *
     * @return the stop colours, blue end first
     */
    public static List<Color> stops() {
        List<Color> out = new java.util.ArrayList<>();
        for (int i = BLUE.size() - 1; i > 0; i--) {
            out.add(BLUE.get(i));
        }
        out.addAll(RED);
        return out;
    }

    @Override
    public double min() {
        return -limit;
    }

    @Override
    public double max() {
        return limit;
    }

    private static Color ramp(List<Color> stops, double t) {
        double pos = t * (stops.size() - 1);
        int lo = Math.min((int) Math.floor(pos), stops.size() - 2);
        double f = pos - lo;
        Color a = stops.get(lo);
        Color b = stops.get(lo + 1);
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f),
                mix(a.getBlue(), b.getBlue(), f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
