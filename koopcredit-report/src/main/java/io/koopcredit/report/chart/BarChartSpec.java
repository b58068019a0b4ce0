package io.koopcredit.report.chart;

import java.awt.Color;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link BarChart} draws.
 *
 * @param title the title line
 * @param subtitle one line under the title saying how to read the chart, or null
 * @param valueLabel the value axis title
 * @param categoryLabel the category axis title, or null
 * @param bars the bars, left to right (at least one)
 * @param axis the value axis
 * @param reference a dashed horizontal line, or null; its label goes into the legend line
 * @param legend colour keys drawn under the subtitle (may be empty)
 */
record BarChartSpec(String title, String subtitle, String valueLabel, String categoryLabel, List<Bar> bars,
                    ValueAxis axis, Reference reference, List<LegendEntry> legend) {

    /**
     * Validates and copies the lists.
     *
     * @param title the title line
     * @param subtitle the how-to-read line, or null
     * @param valueLabel the value axis title
     * @param categoryLabel the category axis title, or null
     * @param bars the bars (copied), at least one
     * @param axis the value axis
     * @param reference a reference line, or null
     * @param legend colour keys (copied)
     */
    BarChartSpec {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(valueLabel, "valueLabel");
        Objects.requireNonNull(axis, "axis");
        bars = List.copyOf(bars);
        legend = List.copyOf(legend);
        if (bars.isEmpty()) {
            throw new IllegalArgumentException("a bar chart needs at least one bar");
        }
    }

    /**
     * A reference line.
     *
     * @param value where, finite
     * @param label what it means
     * @param color its colour
     */
    record Reference(double value, String label, Color color) {
        /**
         * Validates the value.
         *
         * @param value where, finite
         * @param label what it means
         * @param color its colour
         */
        Reference {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("reference value must be finite, found " + value);
            }
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(color, "color");
        }
    }

    /**
     * A colour key.
     *
     * @param color the swatch
     * @param label what it stands for
     */
    record LegendEntry(Color color, String label) {
        /**
         * Validates the fields.
         *
         * @param color the swatch
         * @param label what it stands for
         */
        LegendEntry {
            Objects.requireNonNull(color, "color");
            Objects.requireNonNull(label, "label");
        }
    }
}
