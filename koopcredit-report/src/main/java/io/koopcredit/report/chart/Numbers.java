package io.koopcredit.report.chart;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Number labels for charts and the HTML page: short, locale-independent, and never "NaN" or "Infinity"
 * (a non-finite value is a bug upstream and is refused).
 */
public final class Numbers {
    /** Significant digits of a label: enough to tell credits like 257.6 and 257.1 apart, short enough for a bar. */
    public static final int DIGITS = 4;
    /** Below this magnitude labels switch to scientific notation (0.001 still reads as a plain number). */
    static final double PLAIN_MIN = 1e-3;
    /** From this magnitude on labels switch to scientific notation (five digits before the point read badly). */
    static final double PLAIN_MAX = 1e5;
    /** The label of a missing value, in charts and tables alike. */
    public static final String MISSING = "n/a";

    private Numbers() {
    }

    /**
     * @param v a finite number
     * @return {@value #DIGITS} significant digits, trailing zeros dropped: {@code 257.6}, {@code -1924},
     *     {@code 0.8257}, {@code 1.7e+12}, {@code 0}
     * @throws IllegalArgumentException if v is NaN or infinite
     */
    public static String format(double v) {
        return format(v, DIGITS);
    }

    /**
     * @param v a finite number
     * @param digits significant digits, at least 1
     * @return the label, plain between {@value #PLAIN_MIN} and {@value #PLAIN_MAX} in magnitude, else
     *     scientific with a two-digit exponent
     */
    public static String format(double v, int digits) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("non-finite numbers never reach a report, found " + v);
        }
        if (digits < 1) {
            throw new IllegalArgumentException("digits must be >= 1, found " + digits);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_UP));
        double a = Math.abs(rounded.doubleValue());
        if (a >= PLAIN_MIN && a < PLAIN_MAX) {
            return rounded.stripTrailingZeros().toPlainString();
        }
        BigDecimal unscaled = rounded.stripTrailingZeros();
        int exponent = unscaled.precision() - unscaled.scale() - 1;
        BigDecimal mantissa = unscaled.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+")
                + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }

    /**
     * @param v a nullable number
     * @return {@link #format(double)} of it, or {@value #MISSING}
     */
    public static String formatOrMissing(Double v) {
        return v == null ? MISSING : format(v);
    }

    /**
     * @param fraction a finite fraction, e.g. 0.968
     * @return a percentage with one decimal, e.g. {@code 96.8%}
     */
    public static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            throw new IllegalArgumentException("non-finite numbers never reach a report, found " + fraction);
        }
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}
