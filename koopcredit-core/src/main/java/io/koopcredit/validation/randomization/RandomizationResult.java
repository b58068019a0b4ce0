package io.koopcredit.validation.randomization;

import java.util.List;
import java.util.Objects;

/**
 * The randomization sanity check (after Adebayo et al. 2018): cascading re-randomization of the
 * weight-bearing layers from the top down, and whether the credits and the feature-weight maps noticed.
 *
 * @param cascade the weight-bearing layers, top first: step k re-randomizes the first k
 * @param seed the seed of the random weights (the analysis seed)
 * @param minChangePerDirection the tolerance a re-randomized block's credit must move by, per direction
 * @param rankThreshold Spearman's ρ at or above which the ranking counts as unchanged after every layer
 *     is re-randomized
 * @param mapThreshold mean |r| of the maps at or above which the maps count as unchanged
 * @param steps the steps run, in order
 * @param credits all credit verdicts combined ({@link Verdict#all})
 * @param maps all map verdicts combined
 * @param note why no step ran (null when steps ran)
 */
public record RandomizationResult(List<String> cascade, long seed, double minChangePerDirection,
                                  double rankThreshold, double mapThreshold, List<RandomizationStep> steps,
                                  Verdict credits, Verdict maps, String note) {

    /**
     * Validates and copies.
     *
     * @param cascade the record's {@code cascade} (copied; not modified)
     * @param seed the record's {@code seed}
     * @param minChangePerDirection the record's {@code minChangePerDirection}
     * @param rankThreshold the record's {@code rankThreshold}
     * @param mapThreshold the record's {@code mapThreshold}
     * @param steps the record's {@code steps} (copied; not modified)
     * @param credits the record's {@code credits}
     * @param maps the record's {@code maps}
     * @param note the record's {@code note}
     */
    public RandomizationResult {
        cascade = List.copyOf(cascade);
        steps = List.copyOf(steps);
        Objects.requireNonNull(credits, "credits");
        Objects.requireNonNull(maps, "maps");
        if (steps.isEmpty() != (note != null)) {
            throw new IllegalArgumentException("a note is given exactly when no step ran");
        }
    }
}
