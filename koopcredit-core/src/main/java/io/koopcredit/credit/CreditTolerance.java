package io.koopcredit.credit;

import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.model.Precision;
import java.util.Locale;

/**
 * Which singular values of K_i count as "non-zero" in the block credit (the paper: "we use the product of
 * non-zero eigenvalues").
 *
 * <p>An operator fitted to float32 data carries float32 resolution, not double: directions whose singular
 * values lie below {@code ε_float32 · σ_max} are indistinguishable from rounding in the data. Measured on
 * LeNet-5 (README, "Choices"): the faithful estimator's dense1 operator fitted to float32 snapshots has a
 * clean spectrum down to 3·10⁻³ and then a tail of 30 values between 10⁻⁷ and 10⁻¹⁰ that change by orders
 * of magnitude between two mathematically equal computations; at the double-precision tolerance that tail
 * moved log BC by 75 nats, at the float32 one it is excluded. An operator fitted to snapshots computed in
 * float64 is resolved to double precision. The default, {@link #DATA}, follows the data.
 */
public enum CreditTolerance {
    /**
     * The resolution of the data the operator was fitted to: {@link #FLOAT32} for snapshots computed in
     * float32 (and the one-step estimator's float32 activations), {@link #DOUBLE} for snapshots computed in
     * float64. Resolved per block with {@link #resolve}.
     */
    DATA("data"),
    /** Singular values above {@code ε_float32 · σ_max} (ε_float32 = 2⁻²³): the resolution of the data. */
    FLOAT32("float32"),
    /**
     * Singular values above {@code max(nOut, nIn) · ε_double · σ_max}: every value that is non-zero to
     * double working precision (LAPACK's and NumPy's matrix_rank), including rounding noise of the data.
     */
    DOUBLE("double");

    private final String spec;

    CreditTolerance(String spec) {
        this.spec = spec;
    }

    /** @return the CLI name */
    public String spec() {
        return spec;
    }

    /**
     * @param data the format the operator's data was computed in
     * @return this tolerance for such an operator: {@link #DATA} becomes {@link #FLOAT32} or
     *     {@link #DOUBLE}; the others stay as they are
     */
    public CreditTolerance resolve(Precision data) {
        if (this != DATA) {
            return this;
        }
        return data == Precision.FLOAT32 ? FLOAT32 : DOUBLE;
    }

    /**
     * @param sigmaMax the largest singular value
     * @param rows rows of the matrix
     * @param cols columns of the matrix
     * @return the threshold: singular values strictly above it count
     * @throws IllegalStateException for {@link #DATA}, which must be {@linkplain #resolve resolved} first
     */
    public double threshold(double sigmaMax, int rows, int cols) {
        return switch (this) {
            case FLOAT32 -> Math.ulp(1.0f) * sigmaMax;
            case DOUBLE -> Math.max(rows, cols) * Math.ulp(1.0) * sigmaMax;
            case DATA -> throw new IllegalStateException("the data tolerance must be resolved for a precision first");
        };
    }

    /**
     * @param text {@code float32} or {@code double}
     * @return the tolerance
     */
    public static CreditTolerance parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (CreditTolerance c : values()) {
            if (c.spec.equals(t)) {
                return c;
            }
        }
        throw new InvalidOptionException("creditTolerance", text, "expected data, float32 or double", null);
    }
}
