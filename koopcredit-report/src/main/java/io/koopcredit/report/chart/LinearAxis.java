package io.koopcredit.report.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear axis from {@code min} to {@code max} with ticks every {@code step}, always containing 0 so that
 * signed bars start at the zero line.
 *
 * @param min bottom value, a multiple of step, {@code <= 0}
 * @param max top value, a multiple of step, {@code >= 0}, {@code > min}
 * @param step tick spacing, {@code > 0}
 */
record LinearAxis(double min, double max, double step) implements ValueAxis {

    /** Ticks aimed for: enough to read values off, few enough to keep the labels apart. */
    static final int TARGET_TICKS = 6;

    /**
     * Validates the range.
     *
     * @param min bottom value, at most 0
     * @param max top value, at least 0, above {@code min}
     * @param step tick spacing, positive
     */
    LinearAxis {
        if (!(Double.isFinite(min) && Double.isFinite(max) && Double.isFinite(step)) || min > 0 || max < 0
                || !(max > min) || !(step > 0)) {
            throw new IllegalArgumentException("invalid linear axis " + min + ".." + max + " step " + step);
        }
    }

    /**
     * @param values the values to show (nulls are skipped); not modified
     * @return an axis from a "nice" multiple below min(0, values) to one above max(0, values); [-1, 1] if
     *     every value is 0 or there is none
     */
    static LinearAxis covering(List<Double> values) {
        double lo = 0;
        double hi = 0;
        for (Double v : values) {
            if (v != null) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo == 0 && hi == 0) {
            return new LinearAxis(-1, 1, 0.5);
        }
        double step = niceStep((hi - lo) / TARGET_TICKS);
        return new LinearAxis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step);
    }

    /**
     * @param raw a positive spacing
     * @return the smallest of 1, 2, 2.5 or 5 times a power of ten that is at least {@code raw}
     */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= raw * (1 - 1e-12)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    @Override
    public double fraction(double value) {
        double f = (value - min) / (max - min);
        return Math.max(0, Math.min(1, f));
    }

    @Override
    public double baseline() {
        return fraction(0);
    }

    @Override
    public List<Tick> ticks() {
        List<Tick> out = new ArrayList<>();
        long first = Math.round(min / step);
        long last = Math.round(max / step);
        for (long i = first; i <= last; i++) {
            double v = i * step;
            out.add(new Tick(v, Numbers.format(v)));
        }
        return out;
    }
}
