package io.koopcredit.validation.pruning;

import java.util.List;

/**
 * The network with one fraction of its candidate kernels pruned by one criterion, on the held-out samples.
 * For the random criterion the values are means over the random prunings, with the standard deviation of
 * the score and each pruning's score.
 *
 * @param fraction the fraction asked for
 * @param pruned kernels zeroed (the fraction of the candidates, rounded: globally, or per convolution)
 * @param score the pruned network's score (accuracy, or agreement with the intact network)
 * @param scoreSd the sample standard deviation of the score over the random prunings (null otherwise)
 * @param scoreDrop the intact score minus {@code score}
 * @param outputChange the mean relative change of the outputs {@code ‖z′ − z‖ / ‖z‖}, or null when undefined
 * @param seedScores each random pruning's score (empty otherwise)
 */
public record PruningPoint(double fraction, int pruned, double score, Double scoreSd, double scoreDrop,
                           Double outputChange, List<Double> seedScores) {
    /**
     * Validates and copies.
     *
     * @param fraction the record's {@code fraction}
     * @param pruned the record's {@code pruned}
     * @param score the record's {@code score}
     * @param scoreSd the record's {@code scoreSd}
     * @param scoreDrop the record's {@code scoreDrop}
     * @param outputChange the record's {@code outputChange}
     * @param seedScores the record's {@code seedScores} (copied; not modified)
     */
    public PruningPoint {
        seedScores = List.copyOf(seedScores);
        if (!(fraction > 0 && fraction < 1) || pruned < 0 || !(score >= 0 && score <= 1)
                || !(Math.abs(scoreDrop) <= 1) || (scoreSd != null && !(scoreSd >= 0 && Double.isFinite(scoreSd)))
                || (outputChange != null && !(outputChange >= 0 && Double.isFinite(outputChange)))) {
            throw new IllegalArgumentException("invalid pruning point: fraction " + fraction + ", " + pruned
                    + " pruned, score " + score + " +- " + scoreSd + ", drop " + scoreDrop + ", change " + outputChange);
        }
        if ((scoreSd == null) != seedScores.isEmpty()) {
            throw new IllegalArgumentException("a standard deviation comes exactly with the random prunings' scores");
        }
    }
}
