package io.koopcredit.validation.stability;

import java.util.List;
import java.util.Objects;

/**
 * Credits and their ranking across seeds: each seed draws its own T random alignments per block.
 *
 * @param seeds the seeds, the analysis seed first
 * @param trials T, the trials of every seed's run
 * @param blocks per block: the credit of each seed, mean, spread, bootstrap interval
 * @param pairs pairs of seeds compared
 * @param definedPairs pairs whose Kendall τ is defined (at least two common blocks, not all tied)
 * @param meanPairwiseTau mean Kendall τ-b between the rankings of two seeds, null if no pair is defined
 * @param minPairwiseTau the smallest, null with the mean
 * @param bootstrapResamplesRequested the bootstrap resamples asked for (blocks may use fewer, see their note)
 * @param reproductionError largest |difference| between the first seed's recomputed log credits and the
 *     analysis's (the trials are recomputed independently; 0 means the validation saw exactly the credits
 *     being validated), null if no block has both
 */
public record SeedStability(List<Long> seeds, int trials, List<BlockStability> blocks, int pairs, int definedPairs,
                            Double meanPairwiseTau, Double minPairwiseTau, int bootstrapResamplesRequested,
                            Double reproductionError) {

    /**
     * Validates and copies.
     *
     * @param seeds the record's {@code seeds} (copied; not modified)
     * @param trials the record's {@code trials}
     * @param blocks the record's {@code blocks} (copied; not modified)
     * @param pairs the record's {@code pairs}
     * @param definedPairs the record's {@code definedPairs}
     * @param meanPairwiseTau the record's {@code meanPairwiseTau}
     * @param minPairwiseTau the record's {@code minPairwiseTau}
     * @param bootstrapResamplesRequested the record's {@code bootstrapResamplesRequested}
     * @param reproductionError the record's {@code reproductionError}
     */
    public SeedStability {
        seeds = List.copyOf(seeds);
        blocks = List.copyOf(blocks);
        if (seeds.size() < 2 || trials < 1 || pairs != seeds.size() * (seeds.size() - 1) / 2
                || definedPairs < 0 || definedPairs > pairs) {
            throw new IllegalArgumentException("seed stability: " + seeds.size() + " seeds, " + pairs + " pairs, "
                    + definedPairs + " defined");
        }
        if ((meanPairwiseTau == null) != (definedPairs == 0) || (minPairwiseTau == null) != (definedPairs == 0)) {
            throw new IllegalArgumentException("pairwise tau is present exactly when a pair is defined");
        }
        for (Double v : new Double[] {meanPairwiseTau, minPairwiseTau, reproductionError}) {
            if (v != null && !Double.isFinite(v)) {
                throw new IllegalArgumentException("seed stability values must be finite, found " + v);
            }
        }
        Objects.requireNonNull(blocks, "blocks");
    }
}
