package io.koopcredit.credit;

import io.koopcredit.koopman.TrajectoryStats;
import java.util.List;

/**
 * Step-delay embedding of one block, summed or averaged over its trials: did the iterated aligned block
 * collapse to a fixed point, cycle, or explode?
 *
 * @param steps nominal steps per trajectory (2d, or the override)
 * @param trajectories trajectories over all trials
 * @param stopped trajectories cut because they left the finite range
 * @param firstStopStep earliest cut step over all trials, or -1
 * @param cycled trajectories that reached a fixed point or cycle
 * @param medianCycleStep median over trials of each trial's median repeat step, or -1
 * @param maxPeriod longest cycle period seen (1: fixed point), 0 if none
 * @param computedSteps block evaluations actually run, over all trials
 * @param meanNormFirst mean ‖y(0)‖
 * @param meanNormLast mean ‖y(steps)‖ (last finite state for cut trajectories)
 */
public record EmbeddingSummary(int steps, int trajectories, int stopped, int firstStopStep, int cycled,
                               int medianCycleStep, int maxPeriod, long computedSteps, double meanNormFirst,
                               double meanNormLast) {

    /** Validates the norms: every state kept is finite, so their means are. */
    public EmbeddingSummary {
        if (!Double.isFinite(meanNormFirst) || !Double.isFinite(meanNormLast)) {
            throw new IllegalArgumentException("embedding norms must be finite, found " + meanNormFirst + " and "
                    + meanNormLast);
        }
    }

    /**
     * @param perTrial statistics of each trial, all with the same number of steps
     * @return the summary
     */
    public static EmbeddingSummary of(List<TrajectoryStats> perTrial) {
        int trajectories = 0;
        int stopped = 0;
        int firstStop = -1;
        int cycled = 0;
        int maxPeriod = 0;
        long computed = 0;
        double first = 0;
        double last = 0;
        int[] medians = perTrial.stream().mapToInt(TrajectoryStats::medianCycleStep).filter(m -> m >= 0).sorted().toArray();
        for (TrajectoryStats s : perTrial) {
            trajectories += s.samples();
            stopped += s.stopped();
            if (s.firstStopStep() >= 0) {
                firstStop = firstStop < 0 ? s.firstStopStep() : Math.min(firstStop, s.firstStopStep());
            }
            cycled += s.cycled();
            maxPeriod = Math.max(maxPeriod, s.maxPeriod());
            computed += s.computedSteps();
            first += s.meanNormFirst() * s.samples();
            last += s.meanNormLast() * s.samples();
        }
        int median = medians.length == 0 ? -1 : medians[(medians.length - 1) / 2];
        return new EmbeddingSummary(perTrial.get(0).steps(), trajectories, stopped, firstStop, cycled, median,
                maxPeriod, computed, first / trajectories, last / trajectories);
    }
}
