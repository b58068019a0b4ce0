package io.koopcredit.koopman;

import java.util.Objects;

/**
 * Everything an estimator needs to know besides the block and its data.
 *
 * @param kind which estimator
 * @param rank how DMD truncates the snapshot matrix
 * @param alignment distribution of the alignment matrix B (faithful estimator)
 * @param steps embedding steps per trajectory; 0 means the paper's 2d (faithful estimator)
 * @param affine whether the one-step fit adds a constant observable, giving an offset (one-step only)
 * @param shortcutCycles whether embedding stops evaluating trajectories that have entered a fixed point
 *     or cycle (exact for one trajectory, equal up to rounding otherwise; off only to check or time the full
 *     computation)
 * @param components principal components per block (PCA estimator; 0 when not resolved or not used)
 */
public record EstimatorSettings(EstimatorKind kind, RankPolicy rank, AlignmentDistribution alignment, int steps,
                                boolean affine, boolean shortcutCycles, int components) {
    /** Validates the fields. */
    public EstimatorSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rank, "rank");
        Objects.requireNonNull(alignment, "alignment");
        if (components < 0) {
            throw new IllegalArgumentException("components must be >= 0, found " + components);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0 (0: the paper's 2d), found " + steps);
        }
    }

    /**
     * @param k principal components, at least 1
     * @return a copy with the number of components resolved (this record is not modified)
     */
    public EstimatorSettings withComponents(int k) {
        return new EstimatorSettings(kind, rank, alignment, steps, affine, shortcutCycles, k);
    }

    /**
     * @param smallestWidth the block's d
     * @return the number of embedding steps: the override, or 2d
     */
    public int stepsFor(int smallestWidth) {
        return steps > 0 ? steps : 2 * smallestWidth;
    }
}
