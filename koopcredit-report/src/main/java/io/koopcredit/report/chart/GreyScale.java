package io.koopcredit.report.chart;

import java.awt.Color;

/**
 * Ink on paper for input images: {@code min} is white, {@code max} black, linear in between. An MNIST
 * digit (background 0, strokes 1) thus shows as a dark digit on white, like handwriting on the page.
 * A constant image ({@code min == max}) is drawn mid-grey.
 *
 * @param min the value drawn white; finite
 * @param max the value drawn black; finite and {@code >= min}
 */
public record GreyScale(double min, double max) implements ColorScale {

    /** Grey level of a constant image: neither paper nor ink. */
    private static final int CONSTANT_LEVEL = 128;

    /**
     * Validates the range.
     *
     * @param min the value drawn white; finite
     * @param max the value drawn black; finite, at least {@code min}
     */
    public GreyScale {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("grey scale needs finite min <= max, found " + min + ", " + max);
        }
    }

    /**
     * @param values the image; not modified; each finite
     * @return the scale spanning its smallest to its largest value
     */
    public static GreyScale spanning(double[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (values.length == 0) {
            return new GreyScale(0, 0);
        }
        return new GreyScale(lo, hi);
    }

    @Override
    public Color color(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("non-finite value " + value + " cannot be coloured");
        }
        if (max == min) {
            return new Color(CONSTANT_LEVEL, CONSTANT_LEVEL, CONSTANT_LEVEL);
        }
        double t = Math.max(0, Math.min(1, (value - min) / (max - min)));
        int level = (int) Math.round(255 * (1 - t));
        return new Color(level, level, level);
    }
}
