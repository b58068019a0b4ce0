package io.koopcredit.report.chart;

import java.awt.Color;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link LineChart} draws: series of points over shared x positions, each point with an optional
 * error bar, and an optional dashed reference line.
 *
 * @param title the title line
 * @param subtitle one line under the title saying how to read the chart, or null
 * @param xLabel the x axis title
 * @param yLabel the y axis title
 * @param xTicks the x positions to label, with their labels
 * @param series the lines, drawn in order (later ones on top)
 * @param axis the y axis
 * @param reference a dashed horizontal line, or null
 */
record LineChartSpec(String title, String subtitle, String xLabel, String yLabel, List<ValueAxis.Tick> xTicks,
                     List<Series> series, LinearAxis axis, BarChartSpec.Reference reference) {

    /**
     * Validates and copies.
     *
     * @param title the title line
     * @param subtitle the how-to-read line, or null
     * @param xLabel the x axis title
     * @param yLabel the y axis title
     * @param xTicks labelled x positions (copied), at least one
     * @param series the lines (copied), at least one
     * @param axis the y axis
     * @param reference a reference line, or null
     */
    LineChartSpec {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        Objects.requireNonNull(axis, "axis");
        xTicks = List.copyOf(xTicks);
        series = List.copyOf(series);
        if (xTicks.isEmpty() || series.isEmpty()) {
            throw new IllegalArgumentException("a line chart needs x ticks and at least one series");
        }
    }

    /**
     * One line.
     *
     * @param label its legend entry
     * @param color its colour
     * @param dashed whether the line is dashed
     * @param points its points, left to right
     */
    record Series(String label, Color color, boolean dashed, List<Point> points) {
        /**
         * Validates and copies.
         *
         * @param label its legend entry
         * @param color its colour
         * @param dashed whether the line is dashed
         * @param points its points (copied), at least one
         */
        Series {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(color, "color");
            points = List.copyOf(points);
            if (points.isEmpty()) {
                throw new IllegalArgumentException("a series needs points");
            }
        }
    }

    /**
     * One point.
     *
     * @param x its x value, finite
     * @param y its y value, finite
     * @param low the lower end of its error bar, or null
     * @param high the upper end of its error bar, or null (with {@code low})
     * @param hover its hover text
     */
    record Point(double x, double y, Double low, Double high, String hover) {
        /**
         * Validates.
         *
         * @param x its x value
         * @param y its y value
         * @param low the lower end of its error bar, or null
         * @param high the upper end, or null
         * @param hover its hover text
         */
        Point {
            Objects.requireNonNull(hover, "hover");
            if (!Double.isFinite(x) || !Double.isFinite(y) || (low == null) != (high == null)
                    || (low != null && !(Double.isFinite(low) && Double.isFinite(high) && low <= high))) {
                throw new IllegalArgumentException("invalid point (" + x + ", " + y + ") [" + low + ", " + high + "]");
            }
        }
    }
}
