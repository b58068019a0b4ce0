package io.koopcredit.koopman;

import io.koopcredit.base.InvalidOptionException;
import java.util.Objects;

/**
 * Which Koopman estimator to run, with the options that estimator has: {@link Faithful} (the paper's),
 * {@link OneStep} or {@link Pca}. Each record validates its own values; the factories {@link #faithful()},
 * {@link #onestep()} and {@link #pca()} give the defaults, whose sources are documented at the constants of
 * {@link EstimatorDefaults}. Records are immutable: the one-argument methods ({@code samples(2000)},
 * {@code trials(5)}, ...) return a modified copy.
 */
public sealed interface Estimator permits Estimator.Faithful, Estimator.OneStep, Estimator.Pca {

    /** @return which estimator */
    EstimatorKind kind();

    /** @return fitting samples N */
    int samples();

    /** @return the DMD rank policy */
    RankPolicy rank();

    /**
     * @param n fitting samples
     * @return a copy with them
     */
    Estimator samples(int n);

    /**
     * @param policy the DMD rank policy
     * @return a copy with it
     */
    Estimator rank(RankPolicy policy);

    /** @return trials run and averaged (1 for the deterministic estimators) */
    default int trials() {
        return 1;
    }

    /** @return the paper's estimator with its defaults */
    static Faithful faithful() {
        return new Faithful(EstimatorDefaults.FAITHFUL_SAMPLES, EstimatorDefaults.TRIALS, EstimatorDefaults.FAITHFUL_RANK,
                EstimatorDefaults.ALIGNMENT, EstimatorDefaults.STEPS, EstimatorDefaults.PRECISION,
                EstimatorDefaults.SHORTCUT);
    }

    /** @return the one-step estimator with its defaults */
    static OneStep onestep() {
        return new OneStep(EstimatorDefaults.ONE_STEP_SAMPLES, EstimatorDefaults.ONE_STEP_RANK, false);
    }

    /** @return the PCA estimator with its defaults */
    static Pca pca() {
        return new Pca(EstimatorDefaults.PCA_SAMPLES, EstimatorDefaults.PCA_RANK, EstimatorDefaults.COMPONENTS);
    }

    /**
     * @param kind an estimator kind
     * @return that estimator with its defaults
     */
    static Estimator of(EstimatorKind kind) {
        return switch (kind) {
            case FAITHFUL -> faithful();
            case ONE_STEP -> onestep();
            case PCA -> pca();
        };
    }

    /**
     * The paper's estimator (Sections III.B–C): per trial a random alignment B (A = B⁺), step-delay
     * embedding of the aligned block from each real input, DMD over all snapshot pairs, K_i = B·K̃; the
     * mean over trials.
     *
     * @param samples fitting samples N (the paper illustrates with one), at least 1
     * @param trials random alignments averaged (paper: 10), 1 to {@link EstimatorDefaults#MAX_TRIALS}
     * @param rank the DMD rank policy
     * @param alignment the distribution of B
     * @param steps embedding steps per trajectory; 0 means the paper's 2d
     * @param precision the format the blocks are evaluated in while they are iterated
     * @param shortcutCycles stop evaluating a trajectory that repeats or has converged within the noise floor
     */
    record Faithful(int samples, int trials, RankPolicy rank, AlignmentDistribution alignment, int steps,
                    EvaluationPrecision precision, boolean shortcutCycles) implements Estimator {
        /** Validates the values. */
        public Faithful {
            requireSamples(samples, 1);
            Objects.requireNonNull(rank, "rank");
            Objects.requireNonNull(alignment, "alignment");
            Objects.requireNonNull(precision, "precision");
            if (trials < 1 || trials > EstimatorDefaults.MAX_TRIALS) {
                throw new InvalidOptionException("trials", "expected 1.." + EstimatorDefaults.MAX_TRIALS + ", found "
                        + trials);
            }
            if (steps < 0) {
                throw new InvalidOptionException("steps", "expected >= 1 (or 0 for the paper's 2d), found " + steps);
            }
        }

        @Override
        public EstimatorKind kind() {
            return EstimatorKind.FAITHFUL;
        }

        @Override
        public Faithful samples(int n) {
            return new Faithful(n, trials, rank, alignment, steps, precision, shortcutCycles);
        }

        @Override
        public Faithful rank(RankPolicy policy) {
            return new Faithful(samples, trials, policy, alignment, steps, precision, shortcutCycles);
        }

        /** @param t random alignments averaged @return a copy with them */
        public Faithful trials(int t) {
            return new Faithful(samples, t, rank, alignment, steps, precision, shortcutCycles);
        }

        /** @param a the distribution of B @return a copy with it */
        public Faithful alignment(AlignmentDistribution a) {
            return new Faithful(samples, trials, rank, a, steps, precision, shortcutCycles);
        }

        /** @param s embedding steps (0: the paper's 2d) @return a copy with them */
        public Faithful steps(int s) {
            return new Faithful(samples, trials, rank, alignment, s, precision, shortcutCycles);
        }

        /** @param p the evaluation precision @return a copy with it */
        public Faithful precision(EvaluationPrecision p) {
            return new Faithful(samples, trials, rank, alignment, steps, p, shortcutCycles);
        }

        /** @param s whether to stop trajectories that repeat or converge @return a copy with it */
        public Faithful shortcutCycles(boolean s) {
            return new Faithful(samples, trials, rank, alignment, steps, precision, s);
        }

        /**
         * @param smallestWidth the block's d
         * @return the number of embedding steps: the override, or 2d
         */
        public int stepsFor(int smallestWidth) {
            return steps > 0 ? steps : 2 * smallestWidth;
        }
    }

    /**
     * One-step DMD on real input/output pairs, {@code K_i = F·X⁺} (not in the paper), optionally with a
     * constant observable for an offset.
     *
     * @param samples fitting samples N, at least 1
     * @param rank the DMD rank policy
     * @param affine whether to add a constant observable (fits an offset)
     */
    record OneStep(int samples, RankPolicy rank, boolean affine) implements Estimator {
        /** Validates the values. */
        public OneStep {
            requireSamples(samples, 1);
            Objects.requireNonNull(rank, "rank");
        }

        @Override
        public EstimatorKind kind() {
            return EstimatorKind.ONE_STEP;
        }

        @Override
        public OneStep samples(int n) {
            return new OneStep(n, rank, affine);
        }

        @Override
        public OneStep rank(RankPolicy policy) {
            return new OneStep(samples, policy, affine);
        }

        /** @param a whether to fit an offset @return a copy with it */
        public OneStep affine(boolean a) {
            return new OneStep(samples, rank, a);
        }
    }

    /**
     * The paper's quick variant (Section III.D, Remark): k principal components of each block's inputs and
     * outputs, a square k × k operator between them, credit = product of its non-zero eigenvalues.
     *
     * @param samples fitting samples N, at least 2 (principal components of centred data)
     * @param rank the DMD rank policy of the reduced fit
     * @param components k; 0 means the rule of {@code credit.Defaults#pcaComponents}
     */
    record Pca(int samples, RankPolicy rank, int components) implements Estimator {
        /** Validates the values. */
        public Pca {
            requireSamples(samples, 2);
            Objects.requireNonNull(rank, "rank");
            if (components < 0) {
                throw new InvalidOptionException("components", "expected >= 1 (or 0 for the default rule), found "
                        + components);
            }
        }

        @Override
        public EstimatorKind kind() {
            return EstimatorKind.PCA;
        }

        @Override
        public Pca samples(int n) {
            return new Pca(n, rank, components);
        }

        @Override
        public Pca rank(RankPolicy policy) {
            return new Pca(samples, policy, components);
        }

        /** @param k principal components (0: the default rule) @return a copy with them */
        public Pca components(int k) {
            return new Pca(samples, rank, k);
        }
    }

    private static void requireSamples(int samples, int min) {
        if (samples < min) {
            throw new InvalidOptionException("samples", "expected >= " + min + (min > 1
                    ? " with the PCA estimator (principal components of centred data)" : "") + ", found " + samples);
        }
    }
}
