package io.koopcredit.credit;

import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.RankPolicy;
import java.util.Objects;

/**
 * The options of one credit analysis, shared by the command line and the library (the facade
 * {@code io.koopcredit.KoopCredit} builds them). The estimator carries its own options
 * ({@link Estimator.Faithful}, {@link Estimator.OneStep}, {@link Estimator.Pca}); these are the options
 * around it. Every value is validated at construction, once; defaults are in {@link Defaults} and
 * {@link io.koopcredit.koopman.EstimatorDefaults}.
 *
 * @param estimator which Koopman estimator, with its options
 * @param holdout held-out samples for fidelity, at least 1
 * @param seed the seed of every random draw
 * @param blocks partition spec, or null for one block per layer
 * @param keepSoftmax credit a trailing Softmax too
 * @param threads worker threads, at least 1; results do not depend on it
 * @param creditTolerance which singular values of K_i count as non-zero in the credit
 * @param formulation dense or scalable operators, or by the model's size ({@link Formulation#AUTO})
 * @param memory the memory the run may use; like {@code threads} it decides how the work is done, never
 *     the results
 */
public record AnalysisOptions(Estimator estimator, int holdout, long seed, String blocks, boolean keepSoftmax,
                              int threads, CreditTolerance creditTolerance, Formulation formulation,
                              io.koopcredit.store.MemoryLimit memory) {

    /** Validates every value. */
    public AnalysisOptions {
        Objects.requireNonNull(estimator, "estimator");
        Objects.requireNonNull(creditTolerance, "creditTolerance");
        Objects.requireNonNull(formulation, "formulation");
        Objects.requireNonNull(memory, "memory");
        if (holdout < 1) {
            throw new InvalidOptionException("holdout", "expected >= 1, found " + holdout);
        }
        if (threads < 1) {
            throw new InvalidOptionException("threads", "expected >= 1, found " + threads);
        }
        if (blocks != null && blocks.isBlank()) {
            blocks = null;
        }
    }

    /** @return the defaults: the paper's estimator with its defaults */
    public static AnalysisOptions defaults() {
        return of(Estimator.of(Defaults.ESTIMATOR));
    }

    /**
     * @param estimator the estimator kind
     * @return the defaults with that estimator and its defaults
     */
    public static AnalysisOptions forEstimator(EstimatorKind estimator) {
        return of(Estimator.of(estimator));
    }

    /**
     * @param estimator the estimator with its options
     * @return the analysis defaults around it
     */
    public static AnalysisOptions of(Estimator estimator) {
        return new AnalysisOptions(estimator, Defaults.HOLDOUT, Defaults.SEED, null, Defaults.KEEP_SOFTMAX,
                Defaults.threads(), Defaults.CREDIT_TOLERANCE, Defaults.FORMULATION,
                io.koopcredit.store.MemoryLimit.defaults());
    }

    /** @return which estimator runs */
    public EstimatorKind kind() {
        return estimator.kind();
    }

    /** @return fitting samples N (the estimator's) */
    public int samples() {
        return estimator.samples();
    }

    /** @return the DMD rank policy (the estimator's) */
    public RankPolicy rank() {
        return estimator.rank();
    }

    /** @return trials the estimator runs and averages (1 for the deterministic estimators) */
    public int trials() {
        return estimator.trials();
    }

    /** @param e the estimator with its options @return a copy with it */
    public AnalysisOptions withEstimator(Estimator e) {
        return new AnalysisOptions(e, holdout, seed, blocks, keepSoftmax, threads, creditTolerance,
                formulation, memory);
    }

    /** @param n fitting samples, for whichever estimator runs @return a copy with them */
    public AnalysisOptions withSamples(int n) {
        return withEstimator(estimator.samples(n));
    }

    /** @param r the rank policy, for whichever estimator runs @return a copy with it */
    public AnalysisOptions withRank(RankPolicy r) {
        return withEstimator(estimator.rank(r));
    }

    /** @param n held-out samples @return a copy with them */
    public AnalysisOptions withHoldout(int n) {
        return new AnalysisOptions(estimator, n, seed, blocks, keepSoftmax, threads, creditTolerance,
                formulation, memory);
    }

    /** @param s seed @return a copy with it */
    public AnalysisOptions withSeed(long s) {
        return new AnalysisOptions(estimator, holdout, s, blocks, keepSoftmax, threads, creditTolerance,
                formulation, memory);
    }

    /** @param spec partition spec or null @return a copy with it */
    public AnalysisOptions withBlocks(String spec) {
        return new AnalysisOptions(estimator, holdout, seed, spec, keepSoftmax, threads, creditTolerance,
                formulation, memory);
    }

    /** @param k keep a trailing softmax @return a copy with it */
    public AnalysisOptions withKeepSoftmax(boolean k) {
        return new AnalysisOptions(estimator, holdout, seed, blocks, k, threads, creditTolerance, formulation, memory);
    }

    /** @param t worker threads @return a copy with it */
    public AnalysisOptions withThreads(int t) {
        return new AnalysisOptions(estimator, holdout, seed, blocks, keepSoftmax, t, creditTolerance,
                formulation, memory);
    }

    /** @param c credit tolerance @return a copy with it */
    public AnalysisOptions withCreditTolerance(CreditTolerance c) {
        return new AnalysisOptions(estimator, holdout, seed, blocks, keepSoftmax, threads, c, formulation, memory);
    }

    /** @param f the formulation @return a copy with it */
    public AnalysisOptions withFormulation(Formulation f) {
        return new AnalysisOptions(estimator, holdout, seed, blocks, keepSoftmax, threads, creditTolerance, f, memory);
    }

    /** @param m the memory limit @return a copy with it */
    public AnalysisOptions withMemory(io.koopcredit.store.MemoryLimit m) {
        return new AnalysisOptions(estimator, holdout, seed, blocks, keepSoftmax, threads, creditTolerance,
                formulation, m);
    }
}
