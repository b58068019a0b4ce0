package io.koopcredit.credit;

import io.koopcredit.InputException;
import io.koopcredit.koopman.AlignmentDistribution;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.EstimatorSettings;
import io.koopcredit.koopman.RankPolicy;
import java.util.Objects;

/**
 * The options of one credit analysis, shared by the command line and the library. Build with
 * {@link #defaults()} and the {@code with…} methods; every value is validated here, once.
 *
 * @param estimator which Koopman estimator
 * @param samples fitting samples N
 * @param holdout held-out samples for fidelity
 * @param trials independent random alignments T whose operators are averaged
 * @param seed the seed of every random draw
 * @param rank the DMD rank policy
 * @param alignment distribution of the alignment matrix B
 * @param steps embedding steps; 0 means the paper's 2d
 * @param affine one-step estimator with a constant observable (offset)
 * @param blocks partition spec, or null for one block per layer
 * @param keepSoftmax credit a trailing Softmax too
 * @param shortcutCycles stop evaluating trajectories that entered a fixed point or cycle (exact)
 * @param threads worker threads; results do not depend on it
 * @param creditTolerance which singular values of K_i count as non-zero in the credit
 */
public record AnalysisOptions(EstimatorKind estimator, int samples, int holdout, int trials, long seed,
                              RankPolicy rank, AlignmentDistribution alignment, int steps, boolean affine,
                              String blocks, boolean keepSoftmax, boolean shortcutCycles, int threads,
                              CreditTolerance creditTolerance, EvaluationPrecision precision,
                              int components) {

    /** Upper bound on trials: beyond it the mean does not change visibly and the run takes hours. */
    public static final int MAX_TRIALS = 1000;

    /** Validates every value. */
    public AnalysisOptions {
        Objects.requireNonNull(estimator, "estimator");
        Objects.requireNonNull(rank, "rank");
        Objects.requireNonNull(alignment, "alignment");
        Objects.requireNonNull(creditTolerance, "creditTolerance");
        Objects.requireNonNull(precision, "precision");
        require(samples >= 1, "--samples", ">= 1", samples);
        require(holdout >= 1, "--holdout", ">= 1", holdout);
        require(trials >= 1 && trials <= MAX_TRIALS, "--trials", "1.." + MAX_TRIALS, trials);
        require(steps >= 0, "--steps", ">= 1 (or 0 for the paper's 2d)", steps);
        require(threads >= 1, "--threads", ">= 1", threads);
        require(components >= 0, "--components", ">= 1 (or 0 for the default rule)", components);
        if (estimator == EstimatorKind.PCA) {
            require(samples >= 2, "--samples", ">= 2 with --estimator pca (principal components of centred data)",
                    samples);
        }
        if (affine && estimator != EstimatorKind.ONE_STEP) {
            throw new InputException("--affine: expected with --estimator onestep only, found --estimator "
                    + estimator.spec() + (estimator == EstimatorKind.PCA ? " (its operators already have an offset)"
                    : " (the paper's operators are linear)"));
        }
        if (blocks != null && blocks.isBlank()) {
            blocks = null;
        }
    }

    /** @return the defaults of the faithful estimator */
    public static AnalysisOptions defaults() {
        return forEstimator(Defaults.ESTIMATOR);
    }

    /**
     * @param estimator the estimator
     * @return the defaults for it (its own sample count and rank policy)
     */
    public static AnalysisOptions forEstimator(EstimatorKind estimator) {
        return new AnalysisOptions(estimator, Defaults.samples(estimator), Defaults.HOLDOUT, Defaults.TRIALS,
                Defaults.SEED, Defaults.rank(estimator), Defaults.ALIGNMENT, Defaults.STEPS, Defaults.AFFINE, null,
                Defaults.KEEP_SOFTMAX, Defaults.SHORTCUT_CYCLES, Defaults.threads(), Defaults.CREDIT_TOLERANCE,
                Defaults.PRECISION, Defaults.COMPONENTS);
    }

    /** @return the settings the estimator needs */
    public EstimatorSettings estimatorSettings() {
        return new EstimatorSettings(estimator, rank, alignment, steps, affine, shortcutCycles, components);
    }

    /** @param n fitting samples @return a copy with it */
    public AnalysisOptions withSamples(int n) {
        return new AnalysisOptions(estimator, n, holdout, trials, seed, rank, alignment, steps, affine, blocks,
                keepSoftmax, shortcutCycles, threads, creditTolerance, precision, components);
    }

    /** @param n held-out samples @return a copy with it */
    public AnalysisOptions withHoldout(int n) {
        return new AnalysisOptions(estimator, samples, n, trials, seed, rank, alignment, steps, affine, blocks,
                keepSoftmax, shortcutCycles, threads, creditTolerance, precision, components);
    }

    /** @param t trials @return a copy with it */
    public AnalysisOptions withTrials(int t) {
        return new AnalysisOptions(estimator, samples, holdout, t, seed, rank, alignment, steps, affine, blocks,
                keepSoftmax, shortcutCycles, threads, creditTolerance, precision, components);
    }

    /** @param s seed @return a copy with it */
    public AnalysisOptions withSeed(long s) {
        return new AnalysisOptions(estimator, samples, holdout, trials, s, rank, alignment, steps, affine, blocks,
                keepSoftmax, shortcutCycles, threads, creditTolerance, precision, components);
    }

    /** @param r rank policy @return a copy with it */
    public AnalysisOptions withRank(RankPolicy r) {
        return new AnalysisOptions(estimator, samples, holdout, trials, seed, r, alignment, steps, affine, blocks,
                keepSoftmax, shortcutCycles, threads, creditTolerance, precision, components);
    }

    /** @param a alignment distribution @return a copy with it */
    public AnalysisOptions withAlignment(AlignmentDistribution a) {
        return new AnalysisOptions(estimator, samples, holdout, trials, seed, rank, a, steps, affine, blocks,
                keepSoftmax, shortcutCycles, threads, creditTolerance, precision, components);
    }

    /** @param s embedding steps (0: 2d) @return a copy with it */
    public AnalysisOptions withSteps(int s) {
        return new AnalysisOptions(estimator, samples, holdout, trials, seed, rank, alignment, s, affine, blocks,
                keepSoftmax, shortcutCycles, threads, creditTolerance, precision, components);
    }

    /** @param a affine one-step fit @return a copy with it */
    public AnalysisOptions withAffine(boolean a) {
        return new AnalysisOptions(estimator, samples, holdout, trials, seed, rank, alignment, steps, a, blocks,
                keepSoftmax, shortcutCycles, threads, creditTolerance, precision, components);
    }

    /** @param spec partition spec or null @return a copy with it */
    public AnalysisOptions withBlocks(String spec) {
        return new AnalysisOptions(estimator, samples, holdout, trials, seed, rank, alignment, steps, affine, spec,
                keepSoftmax, shortcutCycles, threads, creditTolerance, precision, components);
    }

    /** @param k keep a trailing softmax @return a copy with it */
    public AnalysisOptions withKeepSoftmax(boolean k) {
        return new AnalysisOptions(estimator, samples, holdout, trials, seed, rank, alignment, steps, affine, blocks,
                k, shortcutCycles, threads, creditTolerance, precision, components);
    }

    /** @param s shortcut cycles @return a copy with it */
    public AnalysisOptions withShortcutCycles(boolean s) {
        return new AnalysisOptions(estimator, samples, holdout, trials, seed, rank, alignment, steps, affine, blocks,
                keepSoftmax, s, threads, creditTolerance, precision, components);
    }

    /** @param t worker threads @return a copy with it */
    public AnalysisOptions withThreads(int t) {
        return new AnalysisOptions(estimator, samples, holdout, trials, seed, rank, alignment, steps, affine, blocks,
                keepSoftmax, shortcutCycles, t, creditTolerance, precision, components);
    }

    /** @param c credit tolerance @return a copy with it */
    public AnalysisOptions withCreditTolerance(CreditTolerance c) {
        return new AnalysisOptions(estimator, samples, holdout, trials, seed, rank, alignment, steps, affine, blocks,
                keepSoftmax, shortcutCycles, threads, c, precision, components);
    }

    /** @param p evaluation precision of the embedding @return a copy with it */
    public AnalysisOptions withPrecision(EvaluationPrecision p) {
        return new AnalysisOptions(estimator, samples, holdout, trials, seed, rank, alignment, steps, affine, blocks,
                keepSoftmax, shortcutCycles, threads, creditTolerance, p, components);
    }

    /** @param k principal components (0: the default rule) @return a copy with it */
    public AnalysisOptions withComponents(int k) {
        return new AnalysisOptions(estimator, samples, holdout, trials, seed, rank, alignment, steps, affine, blocks,
                keepSoftmax, shortcutCycles, threads, creditTolerance, precision, k);
    }

    /** @return trials the estimator actually runs (1 for the deterministic one-step estimator) */
    public int effectiveTrials() {
        return estimator.iterates() ? trials : 1;
    }

    private static void require(boolean ok, String option, String expected, long found) {
        if (!ok) {
            throw new InputException(option + ": expected " + expected + ", found " + found);
        }
    }
}
