package io.koopcredit.validation.randomization;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.FeatureWeights;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What the randomization check compares between an original and a re-randomized network: each block's
 * log credit and the feature-weight maps.
 *
 * @param blocks block names, in order
 * @param logCredits each block's log credit, null for a block without credit
 * @param ranks the number of singular values in each credit (0 without credit): the directions the volume
 *     is measured in, used to put a change of log credit per direction
 * @param featureWeights the feature-weight maps, or null when the method has none
 */
public record CreditSnapshot(List<String> blocks, List<Double> logCredits, List<Integer> ranks,
                             FeatureWeights featureWeights) {

    /**
     * Validates that the lists line up and every credit is finite with a positive rank.
     *
     * @param blocks the record's {@code blocks} (copied; not modified)
     * @param logCredits the record's {@code logCredits} (copied; not modified)
     * @param ranks the record's {@code ranks} (copied; not modified)
     * @param featureWeights the record's {@code featureWeights}
     */
    public CreditSnapshot {
        blocks = List.copyOf(blocks);
        logCredits = Collections.unmodifiableList(new ArrayList<>(logCredits));
        ranks = List.copyOf(ranks);
        if (blocks.isEmpty() || logCredits.size() != blocks.size() || ranks.size() != blocks.size()) {
            throw new IllegalArgumentException("a snapshot needs one credit and rank per block: " + blocks.size()
                    + " blocks, " + logCredits.size() + " credits, " + ranks.size() + " ranks");
        }
        for (int i = 0; i < blocks.size(); i++) {
            Double c = logCredits.get(i);
            if (c != null && !Double.isFinite(c)) {
                throw new IllegalArgumentException("block " + blocks.get(i) + ": log credit must be finite, found " + c);
            }
            if ((c == null) != (ranks.get(i) == 0) || ranks.get(i) < 0) {
                throw new IllegalArgumentException("block " + blocks.get(i) + ": a credit needs a rank >= 1, and no"
                        + " credit rank 0");
            }
        }
    }

    /**
     * @param result an analysis; not modified
     * @return its credits and feature weights
     */
    public static CreditSnapshot of(CreditResult result) {
        Objects.requireNonNull(result, "result");
        List<String> names = new ArrayList<>();
        List<Double> credits = new ArrayList<>();
        List<Integer> ranks = new ArrayList<>();
        for (BlockResult b : result.blocks()) {
            names.add(b.name());
            credits.add(b.credit() == null ? null : b.credit().logCredit());
            ranks.add(b.credit() == null ? 0 : b.credit().rank());
        }
        return new CreditSnapshot(names, credits, ranks, result.featureWeights());
    }
}
