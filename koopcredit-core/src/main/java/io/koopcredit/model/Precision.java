package io.koopcredit.model;

import io.koopcredit.base.InvalidOptionException;
import java.util.Locale;

/**
 * The floating-point format in which a block is evaluated. A trained ONNX network computes in float32;
 * its blocks can also be converted to float64 and run by ONNX Runtime in double where its CPU provider has
 * double kernels for every operation (see {@code io.koopcredit.model.onnx.DoublePrecision}).
 */
public enum Precision {
    /** IEEE 754 single precision: what the network computes. Unit roundoff 2⁻²⁴ ≈ 5.96·10⁻⁸. */
    FLOAT32("float32", 0x1p-24),
    /** IEEE 754 double precision. Unit roundoff 2⁻⁵³ ≈ 1.11·10⁻¹⁶. */
    FLOAT64("float64", 0x1p-53);

    private final String spec;
    private final double unitRoundoff;

    Precision(String spec, double unitRoundoff) {
        this.spec = spec;
        this.unitRoundoff = unitRoundoff;
    }

    /** @return the name used on the command line and in reports */
    public String spec() {
        return spec;
    }

    /**
     * The unit roundoff u: rounding a real number x to this format gives x(1 + e) with |e| ≤ u (round to
     * nearest), half the machine epsilon.
     *
     * @return u
     */
    public double unitRoundoff() {
        return unitRoundoff;
    }

    /**
     * @param value a double
     * @return the value as this format stores it (rounded to float for {@link #FLOAT32})
     */
    public double round(double value) {
        return this == FLOAT32 ? (float) value : value;
    }

    /**
     * @param text {@code float32} or {@code float64}
     * @return the precision
     * @throws InputException naming the text and the accepted values
     */
    public static Precision parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Precision p : values()) {
            if (p.spec.equals(t)) {
                return p;
            }
        }
        throw new InvalidOptionException("precision", text, "expected float32 or float64", null);
    }
}
