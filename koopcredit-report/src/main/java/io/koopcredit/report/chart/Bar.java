package io.koopcredit.report.chart;

import java.awt.Color;
import java.util.Objects;

/**
 * One bar of a {@link BarChart}.
 *
 * @param label the category under the bar (free text; cut to fit)
 * @param value the bar's value, or null to draw {@code missing} instead of a bar
 * @param valueLabel the text at the bar's end (or the missing-value text)
 * @param annotation a second line under the label (e.g. a credit rank "#1"), or null
 * @param color the bar's fill
 * @param low lower end of a whisker, or null for none
 * @param high upper end of a whisker, or null for none (present exactly when {@code low} is)
 * @param marker a value marked with a dash across the slot (e.g. an upper bound), or null
 * @param markerLabel the dash's label, or null
 */
public record Bar(String label, Double value, String valueLabel, String annotation, Color color, Double low,
                  Double high, Double marker, String markerLabel) {

    /**
     * Validates that present values are finite and that whiskers come in pairs.
     *
     * @param label the category under the bar
     * @param value the bar's value, or null
     * @param valueLabel the text at the bar's end
     * @param annotation a second line under the label, or null
     * @param color the bar's fill
     * @param low lower end of a whisker, or null
     * @param high upper end of a whisker, or null
     * @param marker a marked value, or null
     * @param markerLabel the marker's label, or null
     */
    public Bar {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(valueLabel, "valueLabel");
        Objects.requireNonNull(color, "color");
        requireFinite(value, "value");
        requireFinite(low, "low");
        requireFinite(high, "high");
        requireFinite(marker, "marker");
        if ((low == null) != (high == null) || (low != null && low > high)) {
            throw new IllegalArgumentException("a whisker needs low <= high, found " + low + ", " + high);
        }
    }

    /**
     * @param label the category
     * @param value the value, or null for a missing one
     * @param color the fill
     * @return a bar labelled with its formatted value, or "n/a" when missing
     */
    public static Bar of(String label, Double value, Color color) {
        return new Bar(label, value, Numbers.formatOrMissing(value), null, color, null, null, null, null);
    }

    /**
     * @param text the second line under the label, or null
     * @return a copy with it
     */
    public Bar withAnnotation(String text) {
        return new Bar(label, value, valueLabel, text, color, low, high, marker, markerLabel);
    }

    /**
     * @param text the text at the bar's end
     * @return a copy with it
     */
    public Bar withValueLabel(String text) {
        return new Bar(label, value, text, annotation, color, low, high, marker, markerLabel);
    }

    /**
     * @param lo whisker bottom
     * @param hi whisker top, at least {@code lo}
     * @return a copy with the whisker
     */
    public Bar withWhisker(double lo, double hi) {
        return new Bar(label, value, valueLabel, annotation, color, lo, hi, marker, markerLabel);
    }

    /**
     * @param v the marked value
     * @param text its label
     * @return a copy with the marker
     */
    public Bar withMarker(double v, String text) {
        return new Bar(label, value, valueLabel, annotation, color, low, high, v, text);
    }

    /** @return the hover text on the page: label, value (and whisker, marker) in words */
    public String hover() {
        StringBuilder sb = new StringBuilder(label).append(": ").append(valueLabel);
        if (low != null && !valueLabel.contains("(")) {
            sb.append(" (whisker ").append(Numbers.format(low)).append(" to ").append(Numbers.format(high)).append(')');
        }
        if (markerLabel != null) {
            sb.append("; ").append(markerLabel);
        }
        if (annotation != null) {
            sb.append("; ").append(annotation);
        }
        return sb.toString();
    }

    private static void requireFinite(Double v, String what) {
        if (v != null && !Double.isFinite(v)) {
            throw new IllegalArgumentException("bar " + what + " must be finite, found " + v);
        }
    }
}
