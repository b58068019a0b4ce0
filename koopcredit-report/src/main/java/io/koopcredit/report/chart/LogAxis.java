package io.koopcredit.report.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * A base-10 logarithmic axis from {@code 10^minExp} to {@code 10^maxExp}, ticks at the powers of ten, for
 * positive values that span decades (fidelity errors, snapshot ranks). Values at or below the bottom
 * (including 0, which has no logarithm) sit on the bottom edge; their value labels still say what they are.
 *
 * @param minExp exponent of the bottom
 * @param maxExp exponent of the top, {@code > minExp}
 */
record LogAxis(int minExp, int maxExp) implements ValueAxis {

    /**
     * Lowest exponent an axis reaches: a relative error of 1e-12 is already exact to the eye, and going
     * lower would squeeze every meaningful decade into a sliver.
     */
    static final int FLOOR_EXP = -12;
    /** Most labelled powers of ten; beyond it every other (or third...) power is labelled. */
    static final int MAX_LABELS = 8;
    /** Up to this many decades, 2 and 5 times each power are labelled too (else a short axis has two ticks). */
    static final int FINE_DECADES = 3;

    /**
     * Validates the range.
     *
     * @param minExp exponent of the bottom
     * @param maxExp exponent of the top, above {@code minExp}
     */
    LogAxis {
        if (maxExp <= minExp) {
            throw new IllegalArgumentException("log axis needs maxExp > minExp, found " + minExp + ".." + maxExp);
        }
    }

    /**
     * @param values values to show (nulls and values {@code <= 0} do not set the range); not modified
     * @param mustInclude a positive value the axis must contain (e.g. the reference line at 1)
     * @return the tightest powers-of-ten range holding the positive values and {@code mustInclude}, at least
     *     one decade, not below {@link #FLOOR_EXP}
     */
    static LogAxis covering(List<Double> values, double mustInclude) {
        if (!(mustInclude > 0) || !Double.isFinite(mustInclude)) {
            throw new IllegalArgumentException("a log axis can only include a positive value, found " + mustInclude);
        }
        double lo = mustInclude;
        double hi = mustInclude;
        for (Double v : values) {
            if (v != null && v > 0) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        int minExp = Math.max(FLOOR_EXP, (int) Math.floor(Math.log10(lo)));
        int maxExp = (int) Math.ceil(Math.log10(hi));
        if (maxExp <= minExp) {
            maxExp = minExp + 1;
        }
        return new LogAxis(minExp, maxExp);
    }

    @Override
    public double fraction(double value) {
        if (!(value > 0)) {
            return 0;
        }
        double f = (Math.log10(value) - minExp) / (maxExp - minExp);
        return Math.max(0, Math.min(1, f));
    }

    @Override
    public double baseline() {
        return 0;
    }

    @Override
    public List<Tick> ticks() {
        int every = (maxExp - minExp + MAX_LABELS - 1) / MAX_LABELS;
        boolean fine = maxExp - minExp <= FINE_DECADES;
        List<Tick> out = new ArrayList<>();
        for (int e = minExp; e <= maxExp; e += every) {
            out.add(new Tick(Math.pow(10, e), power(e)));
            if (fine && e < maxExp) {
                for (int m : new int[] {2, 5}) {
                    double v = m * Math.pow(10, e);
                    out.add(new Tick(v, Numbers.format(v)));
                }
            }
        }
        return out;
    }

    /**
     * @param e an exponent
     * @return 10^e as a short label: 0.001 .. 10000 plainly, 1e-05 / 1e+05 beyond
     */
    static String power(int e) {
        return Numbers.format(Math.pow(10, e));
    }
}
