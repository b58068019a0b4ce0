package io.koopcredit.koopman;

import io.koopcredit.model.BlockFunction;
import java.util.SplittableRandom;

/**
 * Estimates the Koopman operator K_i of one block in independent trials; the operator of the block is the
 * mean over trials (the paper averages 10).
 */
public interface KoopmanEstimator {

    /** @return which estimator this is */
    EstimatorKind kind();

    /** @return whether {@link #fit} reads the block's real outputs (the faithful estimator iterates instead) */
    default boolean usesOutputs() {
        return true;
    }

    /**
     * One trial.
     *
     * @param f the block
     * @param data the block's real inputs and outputs on the fitting samples; not modified
     * @param trial trial index, from 0
     * @param rng this trial's generator (seeded from seed, block and trial alone); advanced
     * @return the trial's operator and diagnostics
     */
    TrialFit fit(BlockFunction f, FitData data, int trial, SplittableRandom rng);

    /**
     * @param estimator which estimator, with its options
     * @return the estimator
     */
    static KoopmanEstimator of(Estimator estimator) {
        return of(estimator, null);
    }

    /**
     * @param estimator which estimator, with its options
     * @param snapshots where the faithful estimator keeps its states (its scalable form), or null for the heap;
     *     unused by the other estimators
     * @return the estimator
     */
    static KoopmanEstimator of(Estimator estimator, SnapshotSpace snapshots) {
        if (estimator instanceof Estimator.Faithful f) {
            return new FaithfulEstimator(f, snapshots);
        }
        if (estimator instanceof Estimator.OneStep o) {
            return new OneStepEstimator(o);
        }
        return new PcaEstimator((Estimator.Pca) estimator);
    }
}
