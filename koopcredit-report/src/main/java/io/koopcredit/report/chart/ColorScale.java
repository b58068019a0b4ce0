package io.koopcredit.report.chart;

import java.awt.Color;

/** Maps a value to a colour. */
public interface ColorScale {
    /**
     * @param value a finite value (values beyond the scale's range get its end colours)
     * @return its colour
     */
    Color color(double value);

    /** @return the smallest value with a distinct colour */
    double min();

    /** @return the largest value with a distinct colour */
    double max();
}
