package io.koopcredit.credit;

import io.koopcredit.InputException;
import java.util.Locale;

/**
 * Which singular values of K_i count as "non-zero" in the block credit (the paper: "we use the product of
 * non-zero eigenvalues").
 *
 * <p>The operators are fitted to activations a float32 network computed, so their entries carry float32
 * resolution, not double: directions whose singular values lie below {@code ε_float32 · σ_max} are
 * indistinguishable from rounding in the data. Measured on LeNet-5 (README, "Choices"): the faithful
 * estimator's dense1 operator has a clean spectrum down to 3·10⁻³ and then a tail of 30 values between
 * 10⁻⁷ and 10⁻¹⁰ that change by orders of magnitude between two mathematically equal computations; at the
 * double-precision tolerance that tail moved log BC by 75 nats, at the float32 one it is excluded.
 */
public enum CreditTolerance {
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
     * @param sigmaMax the largest singular value
     * @param rows rows of the matrix
     * @param cols columns of the matrix
     * @return the threshold: singular values strictly above it count
     */
    public double threshold(double sigmaMax, int rows, int cols) {
        return switch (this) {
            case FLOAT32 -> Math.ulp(1.0f) * sigmaMax;
            case DOUBLE -> Math.max(rows, cols) * Math.ulp(1.0) * sigmaMax;
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
        throw new InputException("--credit-tolerance '" + text + "': expected float32 or double");
    }
}
