package io.koopcredit.validation.lesion;

import io.koopcredit.validation.stats.CorrelationInterval;
import io.koopcredit.validation.stats.Criterion;
import io.koopcredit.validation.stats.DamageMeasure;
import io.koopcredit.validation.stats.RankCorrelation;
import io.koopcredit.validation.stats.RankingScope;
import java.util.Objects;

/**
 * How one criterion's order agrees with the damage order of one kind of lesion: positive means that the
 * items the criterion ranks higher do more damage when lesioned. Every criterion of a target and measure is
 * compared over the same items: those with a credit and a defined damage.
 *
 * @param target units or kernels
 * @param measure the damage measure
 * @param criterion what ranks the items (credit, L1 norm, activation)
 * @param scope global: one ranking of all items; per layer (kernels): the mean over convolutions of the
 *     within-convolution coefficients, which leaves out what differs between layers
 * @param groups the convolutions averaged (those with a defined coefficient; 1 for global when defined)
 * @param excluded lesions left out (no credit, or no defined damage; see each lesion's notes)
 * @param correlation Spearman's ρ and Kendall's τ-b over all held-out samples
 * @param interval their bootstrap intervals over the held-out samples
 */
public record LesionAgreement(LesionTarget target, DamageMeasure measure, Criterion criterion, RankingScope scope,
                              int groups, int excluded, RankCorrelation correlation, CorrelationInterval interval) {
    /**
     * Validates.
     *
     * @param target the record's {@code target}
     * @param measure the record's {@code measure}
     * @param criterion the record's {@code criterion}
     * @param scope the record's {@code scope}
     * @param groups the record's {@code groups}
     * @param excluded the record's {@code excluded}
     * @param correlation the record's {@code correlation}
     * @param interval the record's {@code interval}
     */
    public LesionAgreement {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(correlation, "correlation");
        if (groups < 0 || (target == LesionTarget.UNITS && scope != RankingScope.GLOBAL)) {
            throw new IllegalArgumentException("unit lesions are ranked globally, over " + groups + " groups");
        }
        Objects.requireNonNull(interval, "interval");
        if (criterion == Criterion.RANDOM || excluded < 0) {
            throw new IllegalArgumentException("a lesion agreement is of a ranked criterion, found " + criterion
                    + " with " + excluded + " excluded");
        }
    }
}
