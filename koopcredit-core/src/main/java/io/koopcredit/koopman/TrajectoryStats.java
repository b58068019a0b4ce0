package io.koopcredit.koopman;

/**
 * What happened to the iterated trajectories of one step-delay embedding.
 *
 * @param samples number of trajectories (one per initial state)
 * @param steps nominal number of steps per trajectory (2d, or the user's override)
 * @param stopped trajectories that left the finite range (a non-finite state, or a norm above
 *     {@link StepDelayEmbedding#DIVERGENCE_NORM}) and were cut there
 * @param firstStopStep the earliest step at which a trajectory was cut, or -1 if none was
 * @param cycled trajectories that reached a fixed point or cycle (their float32 state repeated), after
 *     which every further state is known exactly without running the block
 * @param medianCycleStep median step at which the repeat was seen among the cycled trajectories, or -1
 * @param maxPeriod the longest cycle period seen (1 for a fixed point), or 0 if none
 * @param converged trajectories that converged within the noise floor without repeating exactly, after
 *     which their state stands for the fixed point (see {@link StepDelayEmbedding})
 * @param medianConvergedStep median step at which they converged, or -1
 * @param computedSteps block evaluations actually run, summed over trajectories
 * @param meanNormFirst mean Euclidean norm of the initial states y(0)
 * @param meanNormLast mean norm of the last state y(steps) (the last finite state for cut trajectories)
 */
public record TrajectoryStats(int samples, int steps, int stopped, int firstStopStep, int cycled,
                              int medianCycleStep, int maxPeriod, int converged, int medianConvergedStep,
                              long computedSteps, double meanNormFirst, double meanNormLast) {
}
