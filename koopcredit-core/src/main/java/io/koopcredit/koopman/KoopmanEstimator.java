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

    /**
     * @param requested the trials the user asked for
     * @return how many trials this estimator runs (1 for a deterministic estimator)
     */
    int trials(int requested);

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
     * @param settings the estimator's settings
     * @return the estimator of that kind
     */
    static KoopmanEstimator of(EstimatorSettings settings) {
        return switch (settings.kind()) {
            case FAITHFUL -> new StepDelayEstimator(settings);
            case ONE_STEP -> new OneStepEstimator(settings);
            case PCA -> new PcaEstimator(settings);
        };
    }
}
