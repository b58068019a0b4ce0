package io.koopcredit.credit;

import io.koopcredit.base.InvalidOptionException;
import java.util.Locale;

/**
 * How the operators are represented and computed (the {@code formulation} option). The two forms give
 * the same credits, ranks, fidelities and feature weights up to rounding (a test holds them to 1e-8
 * relative on the bundled models); they differ in what they hold in memory.
 */
public enum Formulation {
    /**
     * Dense where the model is small, scalable where it has a large block ({@link Scale#isLarge}): decided by
     * the model alone, never by the machine or the memory budget.
     */
    AUTO("auto"),
    /** Today's dense path: snapshot and activation matrices as dense arrays, operators as compact SVDs. */
    DENSE("dense"),
    /**
     * The form that scales with the rank, not the dimension: the one-step estimator by the method of
     * snapshots (N × N factors of the activations; {@code ScalableOneStep}); the faithful estimator with its
     * operators as compact SVDs (as in the dense form) and each E2E block, whose T trials are equal, fitted
     * once ({@code CompactFaithful}). The PCA estimator has no such form and refuses it (see README, "Scale").
     */
    SCALABLE("scalable");

    private final String spec;

    Formulation(String spec) {
        this.spec = spec;
    }

    /** @return the name on the command line and in reports */
    public String spec() {
        return spec;
    }

    /**
     * @param text auto, dense or scalable
     * @return the formulation
     */
    public static Formulation parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Formulation f : values()) {
            if (f.spec.equals(t)) {
                return f;
            }
        }
        throw new InvalidOptionException("formulation", text, "expected auto, dense or scalable", null);
    }
}
