package io.koopcredit.koopman;

import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.model.Precision;
import java.util.Locale;

/**
 * Which format the faithful estimator evaluates the blocks in while it iterates them (step-delay
 * embedding). The real inputs always come from the network's own float32 pass.
 */
public enum EvaluationPrecision {
    /**
     * float64 for every block ONNX Runtime can run in double (after the rewrites of
     * {@code io.koopcredit.model.onnx.DoublePrecision}), float32 for the others, each block saying which and
     * why. The default: measured on the bundled models, float64 evaluation reproduces an independent float64
     * implementation of the paper (README, "Choices"; EXPERIMENTS.md).
     */
    AUTO("auto", Precision.FLOAT64, true),
    /** float32, as the network computes. */
    FLOAT32("float32", Precision.FLOAT32, false),
    /** float64 for every block; an error naming the operation and block if one cannot run in double. */
    FLOAT64("float64", Precision.FLOAT64, false);

    private final String spec;
    private final Precision requested;
    private final boolean fallBack;

    EvaluationPrecision(String spec, Precision requested, boolean fallBack) {
        this.spec = spec;
        this.requested = requested;
        this.fallBack = fallBack;
    }

    /** @return the CLI name */
    public String spec() {
        return spec;
    }

    /** @return the precision asked of every block */
    public Precision requested() {
        return requested;
    }

    /** @return whether a block that cannot run in the requested precision computes in float32 instead */
    public boolean fallBack() {
        return fallBack;
    }

    /**
     * @param text {@code auto}, {@code float32} or {@code float64}
     * @return the choice
     */
    public static EvaluationPrecision parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (EvaluationPrecision p : values()) {
            if (p.spec.equals(t)) {
                return p;
            }
        }
        throw new InvalidOptionException("precision", text, "expected auto, float32 or float64", null);
    }
}
