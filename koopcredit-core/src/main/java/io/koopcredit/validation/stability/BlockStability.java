package io.koopcredit.validation.stability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One block's log credit across seeds (different random alignments, the analysis's T each).
 *
 * @param block the block's name
 * @param perSeed the log credit for each seed, in seed order; null where that seed's run gave no credit
 * @param seedsWithCredit how many seeds gave a credit
 * @param mean mean log credit over those seeds, null if none
 * @param std sample standard deviation (n − 1) over those seeds, null if fewer than two
 * @param pooled log credit of the mean operator over every trial of every seed (K·T trials), the
 *     reference of the T sweep; null without credit
 * @param bootstrap bootstrap interval over the first seed's trials, null when not computed
 * @param note what is missing and why, or how the bootstrap was reduced (null when there is nothing to say)
 */
public record BlockStability(String block, List<Double> perSeed, int seedsWithCredit, Double mean, Double std,
                             Double pooled, BootstrapInterval bootstrap, String note) {

    /**
     * Validates that present values are finite and the counts agree.
     *
     * @param block the record's {@code block}
     * @param perSeed the record's {@code perSeed} (copied; not modified)
     * @param seedsWithCredit the record's {@code seedsWithCredit}
     * @param mean the record's {@code mean}
     * @param std the record's {@code std}
     * @param pooled the record's {@code pooled}
     * @param bootstrap the record's {@code bootstrap}
     * @param note the record's {@code note}
     */
    public BlockStability {
        Objects.requireNonNull(block, "block");
        perSeed = Collections.unmodifiableList(new ArrayList<>(perSeed));
        long present = perSeed.stream().filter(Objects::nonNull).count();
        if (present != seedsWithCredit) {
            throw new IllegalArgumentException("block " + block + ": " + present + " credits but seedsWithCredit "
                    + seedsWithCredit);
        }
        for (Double v : perSeed) {
            finite(block, v);
        }
        finite(block, mean);
        finite(block, std);
        finite(block, pooled);
        if ((mean == null) != (seedsWithCredit == 0) || (std == null) != (seedsWithCredit < 2)) {
            throw new IllegalArgumentException("block " + block + ": mean needs one credit, std two");
        }
    }

    private static void finite(String block, Double v) {
        if (v != null && !Double.isFinite(v)) {
            throw new IllegalArgumentException("block " + block + ": values must be finite, found " + v);
        }
    }
}
