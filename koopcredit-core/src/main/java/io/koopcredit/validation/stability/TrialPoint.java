package io.koopcredit.validation.stability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rankings with T trials against the T_max ranking across seeds (see {@link TrialSweep}).
 *
 * @param trials T
 * @param tauPerSeed Kendall τ-b between each seed's T-trial ranking and the reference, in seed order; null
 *     where undefined
 * @param meanTau mean over the seeds with a defined τ, null if none
 * @param minTau the smallest over all seeds, null if any is undefined (an undefined τ is not stable)
 * @param meanLogCredits per block, the mean log credit over the seeds that gave one with T trials (null if
 *     none did): how the credit itself drifts with T
 */
public record TrialPoint(int trials, List<Double> tauPerSeed, Double meanTau, Double minTau,
                         List<Double> meanLogCredits) {
    /**
     * Validates and copies.
     *
     * @param trials the record's {@code trials}
     * @param tauPerSeed the record's {@code tauPerSeed} (copied; not modified)
     * @param meanTau the record's {@code meanTau}
     * @param minTau the record's {@code minTau}
     * @param meanLogCredits the record's {@code meanLogCredits} (copied; not modified)
     */
    public TrialPoint {
        tauPerSeed = Collections.unmodifiableList(new ArrayList<>(tauPerSeed));
        meanLogCredits = Collections.unmodifiableList(new ArrayList<>(meanLogCredits));
        for (Double v : meanLogCredits) {
            if (v != null && !Double.isFinite(v)) {
                throw new IllegalArgumentException("mean log credits must be finite, found " + v);
            }
        }
        if (trials < 1 || tauPerSeed.isEmpty()) {
            throw new IllegalArgumentException("a trial point needs T >= 1 and one tau per seed");
        }
        for (Double v : tauPerSeed) {
            check(v);
        }
        check(meanTau);
        check(minTau);
    }

    private static void check(Double v) {
        if (v != null && !(Double.isFinite(v) && Math.abs(v) <= 1)) {
            throw new IllegalArgumentException("tau must be in [-1, 1], found " + v);
        }
    }
}
