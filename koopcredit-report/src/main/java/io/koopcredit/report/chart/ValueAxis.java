package io.koopcredit.report.chart;

import java.util.List;

/** The value axis of a bar chart: where a value sits and which ticks to label. */
sealed interface ValueAxis permits LinearAxis, LogAxis {

    /**
     * @param value a finite value
     * @return its height as a fraction of the axis, 0 at the bottom and 1 at the top (clamped to that range)
     */
    double fraction(double value);

    /** @return the fraction where bars start (the zero line of a linear axis, the bottom of a log axis) */
    double baseline();

    /** @return the labelled ticks, bottom to top */
    List<Tick> ticks();

    /**
     * A labelled tick.
     *
     * @param value the value at the tick
     * @param label its label
     */
    record Tick(double value, String label) {
    }
}
