package io.koopcredit.koopman;

import io.koopcredit.base.InvalidOptionException;
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
    ONE_STEP("onestep", "one-step DMD on real input/output pairs, K = F·X⁺ (not in the paper)"),
    /**
     * The paper's quick variant (Section III.D, Remark): k principal components of each block's real inputs
     * and outputs, a square k × k operator fitted between them, credit = product of its non-zero
     * eigenvalues' magnitudes. No alignment, no iteration; deterministic.
     */
    PCA("pca", "the paper's quick variant: k principal components in and out, a square k x k operator, credit = "
            + "product of its non-zero eigenvalues");

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

    /** @return true for the estimator that draws alignments and iterates blocks (the paper's) */
    public boolean iterates() {
        return this == FAITHFUL;
    }

    /**
     * @param text {@code faithful}, {@code onestep} or {@code pca}
     * @return the estimator kind
     */
    public static EstimatorKind parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (EstimatorKind k : values()) {
            if (k.spec.equals(t)) {
                return k;
            }
        }
        throw new InvalidOptionException("estimator", text, "expected faithful (the paper's), onestep or pca", null);
    }
}
