package io.koopcredit.data;

import io.koopcredit.base.InputException;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Normalization of scaled values: {@code x -> (x - mean) / std}, computed in float.
 *
 * @param mean the value subtracted; finite ({@code -0.0} is stored as {@code 0.0})
 * @param std the divisor; finite and greater than 0
 */
public record Normalization(float mean, float std) {

    /** A plain decimal number: optional sign, digits with an optional point, optional exponent. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /** What {@link #parse(String)} accepts, for messages. */
    static final String FORMAT = "MEAN,STD as two decimal numbers with STD > 0, e.g. 0.1307,0.3081";

    /**
     * Validates the values.
     *
     * @param mean the value subtracted, finite
     * @param std the divisor, finite and greater than 0
     * @throws InputException if the mean is not finite or the standard deviation is not finite and positive
     */
    public Normalization {
        if (!Float.isFinite(mean)) {
            throw new InputException("normalization mean: expected a finite number, found " + mean);
        }
        if (!Float.isFinite(std) || std <= 0) {
            throw new InputException("normalization std: expected a finite number > 0, found " + std);
        }
        mean += 0.0f; // turns -0.0 into 0.0, so that equal specs compare equal
    }

    /**
     * Parses {@code MEAN,STD}, e.g. {@code 0.1307,0.3081} (the value of {@code --normalize}).
     *
     * @param text the two numbers separated by a comma (not modified)
     * @return the normalization
     * @throws InputException naming the text and the accepted format if it is malformed or out of range
     */
    public static Normalization parse(String text) {
        return parse(text, "normalization '" + Messages.printable(text) + "'");
    }

    /**
     * @param text the two numbers separated by a comma
     * @param context what to name in messages, e.g. {@code normalization '0.1'}
     */
    static Normalization parse(String text, String context) {
        String[] parts = text.split(",", -1);
        if (parts.length != 2) {
            throw new InputException(context + ": expected " + FORMAT + ", found " + parts.length
                    + (parts.length == 1 ? " value" : " values"));
        }
        float mean = number(parts[0].trim(), "MEAN", context);
        float std = number(parts[1].trim(), "STD", context);
        if (std <= 0) {
            throw new InputException(context + ": expected STD > 0, found " + parts[1].trim());
        }
        return new Normalization(mean, std);
    }

    private static float number(String s, String name, String context) {
        if (!DECIMAL.matcher(s).matches()) {
            throw new InputException(context + ": expected " + FORMAT + ", found " + name + " '" + Messages.printable(s)
                    + "'");
        }
        float f = Float.parseFloat(s);
        if (!Float.isFinite(f)) {
            throw new InputException(context + ": expected " + name + " within the float range, found " + s);
        }
        return f;
    }

    /** @return the canonical text {@code MEAN,STD}, e.g. {@code 0.1307,0.3081}, that {@link #parse} reads back */
    @Override
    public String toString() {
        return decimal(mean) + "," + decimal(std);
    }

    /** The shortest decimal that reads back as the same float, without exponent or trailing zeros. */
    private static String decimal(float f) {
        return new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
    }
}
