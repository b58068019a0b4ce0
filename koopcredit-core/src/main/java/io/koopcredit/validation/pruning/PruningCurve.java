package io.koopcredit.validation.pruning;

import io.koopcredit.validation.stats.Criterion;
import io.koopcredit.validation.stats.RankingScope;
import java.util.List;
import java.util.Objects;

/**
 * Held-out score against the fraction of kernels pruned, for one criterion and one scope.
 *
 * @param scope global or per-layer ranking
 * @param criterion what the kernels are ranked by (the lowest are pruned), or random
 * @param points one per fraction, in order
 */
public record PruningCurve(RankingScope scope, Criterion criterion, List<PruningPoint> points) {
    /**
     * Validates and copies.
     *
     * @param scope the record's {@code scope}
     * @param criterion the record's {@code criterion}
     * @param points the record's {@code points} (copied; not modified)
     */
    public PruningCurve {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(criterion, "criterion");
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a pruning curve needs points");
        }
    }
}
