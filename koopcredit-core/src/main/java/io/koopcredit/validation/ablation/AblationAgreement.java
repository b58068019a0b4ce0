package io.koopcredit.validation.ablation;

import io.koopcredit.validation.stats.DamageMeasure;
import io.koopcredit.validation.stats.RankCorrelation;
import java.util.List;
import java.util.Objects;

/**
 * How the credit order agrees with the damage order of one kind of ablation, by one damage measure.
 * The two orders are correlated over the blocks that have both a credit and a damage; a positive
 * coefficient means that more credit goes with more damage (see {@link AblationKind#direction()} for
 * what that means for each kind).
 *
 * @param kind the ablation
 * @param measure the damage measure
 * @param blocks the blocks compared, in network order
 * @param excluded the blocks left out, with the reason
 * @param correlation Spearman's ρ and Kendall's τ-b between log credit and damage (damages equal up to
 *     rounding count as ties)
 * @param damageSpread {@code (max − min) / max} of the compared damages: near 0, the damage order rests on
 *     small differences (in a chain every knockout removes the whole signal); null when no damage is
 *     positive
 */
public record AblationAgreement(AblationKind kind, DamageMeasure measure, List<String> blocks,
                                List<ExcludedBlock> excluded, RankCorrelation correlation, Double damageSpread) {

    /**
     * Validates and copies.
     *
     * @param kind the record's {@code kind}
     * @param measure the record's {@code measure}
     * @param blocks the record's {@code blocks} (copied; not modified)
     * @param excluded the record's {@code excluded} (copied; not modified)
     * @param correlation the record's {@code correlation}
     * @param damageSpread the record's {@code damageSpread}
     */
    public AblationAgreement {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(correlation, "correlation");
        blocks = List.copyOf(blocks);
        excluded = List.copyOf(excluded);
        if (damageSpread != null && !(damageSpread >= 0 && damageSpread <= 1)) {
            throw new IllegalArgumentException("damage spread must be in [0, 1], found " + damageSpread);
        }
        if (correlation.items() != blocks.size()) {
            throw new IllegalArgumentException("the correlation covers " + correlation.items() + " blocks, the list "
                    + blocks.size());
        }
    }
}
