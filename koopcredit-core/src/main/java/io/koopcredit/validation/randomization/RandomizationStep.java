package io.koopcredit.validation.randomization;

import io.koopcredit.validation.stats.RankCorrelation;
import java.util.List;
import java.util.Objects;

/**
 * One step of the cascading re-randomization: the top {@code step} weight-bearing layers re-randomized,
 * the credits recomputed with the same options and seed, and how far they moved.
 *
 * @param step how many top layers are re-randomized (1 = the last layer only)
 * @param layers the re-randomized layers, top first
 * @param allLayers whether every weight-bearing layer is re-randomized at this step
 * @param blocks every block's change, in network order
 * @param ranking Spearman's ρ and Kendall's τ-b between the original and the re-randomized log credits,
 *     over the blocks with a credit in both
 * @param maps similarity of the original and re-randomized feature-weight maps, null when either is missing
 * @param mapsNote why {@code maps} is missing (null when present)
 * @param credits whether the credits noticed (see {@link RandomizationCheck} for the criterion)
 * @param creditReasons why the credit verdict is not PASS, or how it passed (never empty)
 * @param mapsVerdict whether the feature-weight maps noticed
 * @param mapsReason why
 */
public record RandomizationStep(int step, List<String> layers, boolean allLayers, List<BlockCreditChange> blocks,
                                RankCorrelation ranking, MapSimilarity maps, String mapsNote, Verdict credits,
                                List<String> creditReasons, Verdict mapsVerdict, String mapsReason) {

    /**
     * Validates and copies.
     *
     * @param step the record's {@code step}
     * @param layers the record's {@code layers} (copied; not modified)
     * @param allLayers the record's {@code allLayers}
     * @param blocks the record's {@code blocks} (copied; not modified)
     * @param ranking the record's {@code ranking}
     * @param maps the record's {@code maps}
     * @param mapsNote the record's {@code mapsNote}
     * @param credits the record's {@code credits}
     * @param creditReasons the record's {@code creditReasons} (copied; not modified)
     * @param mapsVerdict the record's {@code mapsVerdict}
     * @param mapsReason the record's {@code mapsReason}
     */
    public RandomizationStep {
        layers = List.copyOf(layers);
        blocks = List.copyOf(blocks);
        creditReasons = List.copyOf(creditReasons);
        Objects.requireNonNull(ranking, "ranking");
        Objects.requireNonNull(credits, "credits");
        Objects.requireNonNull(mapsVerdict, "mapsVerdict");
        Objects.requireNonNull(mapsReason, "mapsReason");
        if (step < 1 || layers.size() != step) {
            throw new IllegalArgumentException("step " + step + " re-randomizes " + layers.size() + " layers");
        }
        if ((maps == null) == (mapsNote == null)) {
            throw new IllegalArgumentException("step " + step + ": maps or a note saying why not");
        }
        if (creditReasons.isEmpty()) {
            throw new IllegalArgumentException("step " + step + ": the verdict needs a reason");
        }
    }
}
