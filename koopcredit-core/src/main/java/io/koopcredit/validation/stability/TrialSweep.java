package io.koopcredit.validation.stability;

import io.koopcredit.validation.stats.RankCorrelation;
import java.util.List;
import java.util.Objects;

/**
 * How many trials a stable ranking needs. Each seed's run with T trials is the first T of its T_max
 * trials (the generators are seeded by seed, block and trial alone), so every T of the sweep is exactly
 * what an analysis with {@code --trials T --seed s} reports.
 *
 * <p>The reference is the T_max ranking across seeds: blocks ordered by their mean log credit over the
 * seeds at T = T_max. A T is stable when every seed's T-trial ranking has Kendall τ-b at least
 * {@code threshold} with it. Beside it, {@code pooledVsReference} compares the reference with the ranking
 * of the mean operator over all K·T_max trials pooled: a coefficient below 1 says the ranking still moves
 * when more trials are averaged, i.e. T_max trials do not give the ranking of T → ∞.
 *
 * @param points one per T of the sweep, increasing
 * @param threshold the Kendall τ a ranking must reach to count as stable
 * @param trialsNeeded the smallest T at which every seed's ranking reaches the threshold against the
 *     reference, or null when no T of the sweep does
 * @param pooledVsReference the reference against the pooled K·T_max-trial ranking
 * @param note how {@code trialsNeeded} was decided, or why it is missing
 */
public record TrialSweep(List<TrialPoint> points, double threshold, Integer trialsNeeded,
                         RankCorrelation pooledVsReference, String note) {
    /**
     * Validates and copies.
     *
     * @param points the record's {@code points} (copied; not modified)
     * @param threshold the record's {@code threshold}
     * @param trialsNeeded the record's {@code trialsNeeded}
     * @param pooledVsReference the record's {@code pooledVsReference}
     * @param note the record's {@code note}
     */
    public TrialSweep {
        points = List.copyOf(points);
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(pooledVsReference, "pooledVsReference");
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a trial sweep needs points");
        }
        if (trialsNeeded != null && points.stream().noneMatch(p -> p.trials() == trialsNeeded)) {
            throw new IllegalArgumentException("trials needed " + trialsNeeded + " is not a point of the sweep");
        }
    }
}
