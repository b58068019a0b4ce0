package io.koopcredit.spark;

import io.koopcredit.koopman.AlignmentDistribution;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.koopman.EvaluationPrecision;
import io.koopcredit.koopman.RankPolicy;
import java.io.Serializable;

/**
 * An {@link Estimator} as it travels to the executors: the core's option records are not
 * {@link Serializable}, so their values are carried here (the rank policy as its text form, which
 * {@link RankPolicy#parse} reads back exactly) and the record is rebuilt on arrival.
 *
 * @param kind which estimator
 * @param samples fitting samples
 * @param trials trials (faithful; 1 for the others)
 * @param rank the rank policy's {@link RankPolicy#spec()}
 * @param alignment faithful: the distribution of B (null for the others)
 * @param steps faithful: embedding steps (0 = 2d)
 * @param precision faithful: the evaluation precision (null for the others)
 * @param shortcut faithful: the cycle shortcut
 * @param affine onestep: the constant observable
 * @param components pca: components per block (0 = the rule)
 */
record EstimatorSpec(EstimatorKind kind, int samples, int trials, String rank, AlignmentDistribution alignment,
                     int steps, EvaluationPrecision precision, boolean shortcut, boolean affine, int components)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * @param e the estimator; not modified
     * @return its values
     */
    static EstimatorSpec of(Estimator e) {
        if (e instanceof Estimator.Faithful f) {
            return new EstimatorSpec(EstimatorKind.FAITHFUL, f.samples(), f.trials(), f.rank().spec(), f.alignment(),
                    f.steps(), f.precision(), f.shortcutCycles(), false, 0);
        }
        if (e instanceof Estimator.OneStep o) {
            return new EstimatorSpec(EstimatorKind.ONE_STEP, o.samples(), 1, o.rank().spec(), null, 0, null, false,
                    o.affine(), 0);
        }
        Estimator.Pca p = (Estimator.Pca) e;
        return new EstimatorSpec(EstimatorKind.PCA, p.samples(), 1, p.rank().spec(), null, 0, null, false, false,
                p.components());
    }

    /** @return the estimator these values describe */
    Estimator estimator() {
        RankPolicy policy = RankPolicy.parse(rank);
        return switch (kind) {
            case FAITHFUL -> new Estimator.Faithful(samples, trials, policy, alignment, steps, precision, shortcut);
            case ONE_STEP -> new Estimator.OneStep(samples, policy, affine);
            case PCA -> new Estimator.Pca(samples, policy, components);
        };
    }
}
