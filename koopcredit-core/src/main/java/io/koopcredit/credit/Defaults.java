package io.koopcredit.credit;

import io.koopcredit.koopman.EstimatorKind;

/**
 * The defaults of the analysis, each with where it comes from; those of the estimators themselves are in
 * {@link io.koopcredit.koopman.EstimatorDefaults}.
 */
public final class Defaults {
    private Defaults() {
    }

    /** The paper's method is the default; the one-step and PCA estimators are opt-in alternatives. */
    public static final EstimatorKind ESTIMATOR = EstimatorKind.FAITHFUL;

    /** An arbitrary fixed seed, so that a run without --seed is reproducible. */
    public static final long SEED = 20221202L;

    /** Held-out samples for fidelity; issue #4 asks for at least 500. */
    public static final int HOLDOUT = 1000;

    /** The resolution of the data the operators are fitted to (see {@link CreditTolerance}). */
    public static final CreditTolerance CREDIT_TOLERANCE = CreditTolerance.DATA;

    /** The operators' form follows the model's size (dense unless it has a large block, see {@link Scale}). */
    public static final Formulation FORMULATION = Formulation.AUTO;

    /** A trailing Softmax is not part of what the network computes for classification (argmax). */
    public static final boolean KEEP_SOFTMAX = false;

    /** @return the number of worker threads: one per available processor */
    public static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The PCA estimator's default number of principal components: one k for every block, so that every
     * credit is a sum over the same number of eigenvalues and the blocks can be compared (the paper's "with
     * the same dimension"); it cannot exceed the narrowest block boundary, nor N − 1 (the rank of N centred
     * samples): {@code k = min(min_i min(nIn_i, nOut_i), N − 1)}. On the bundled models the narrowest
     * boundary is the 10 logits, so k = 10.
     *
     * @param partition the blocks
     * @param samples fitting samples N
     * @return k, at least 1 when N ≥ 2
     */
    public static int pcaComponents(io.koopcredit.model.BlockPartition partition, int samples) {
        int k = samples - 1;
        for (io.koopcredit.model.Block b : partition.blocks()) {
            k = Math.min(k, Math.min(b.nIn(), b.nOut()));
        }
        return k;
    }
}
