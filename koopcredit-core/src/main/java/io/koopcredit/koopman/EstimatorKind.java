package io.koopcredit.koopman;

import io.koopcredit.InputException;
import java.util.Locale;

/** The ways this tool can estimate a block's Koopman operator. */
public enum EstimatorKind {
    /**
     * The paper's method, faithfully: minimal linear dimension alignment, step-delay embedding of 2d steps
     * from each real input, DMD over all snapshot pairs, linear decomposition K_i = B·K̃, mean over T random
     * alignments.
     */
    FAITHFUL("faithful", "the paper's: alignment, step-delay embedding, DMD, K = B·K̃"),
    /**
     * Not in the paper: one-step DMD on real data, K_i = F·X⁺ over N real input/output pairs of the block
     * (no alignment, no iteration), optionally with a constant observable for the bias.
     */
    ONE_STEP("onestep", "one-step DMD on real input/output pairs, K = F·X⁺ (not in the paper)");

    private final String spec;
    private final String description;

    EstimatorKind(String spec, String description) {
        this.spec = spec;
        this.description = description;
    }

    /** @return the CLI name */
    public String spec() {
        return spec;
    }

    /** @return one line saying what the estimator does */
    public String description() {
        return description;
    }

    /**
     * @param text {@code faithful} or {@code onestep}
     * @return the estimator kind
     */
    public static EstimatorKind parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (EstimatorKind k : values()) {
            if (k.spec.equals(t)) {
                return k;
            }
        }
        throw new InputException("--estimator '" + text + "': expected faithful (the paper's) or onestep");
    }
}
