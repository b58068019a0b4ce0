package io.koopcredit.credit;

import java.util.List;

/**
 * The credits of the single trials of one block, before averaging. The paper averages the trials'
 * operators and credits the mean; trials with different random alignments give operators with different
 * ranges, so the mean operator's rank, and with it its credit, grows with T. This spread shows how the
 * per-trial credits compare.
 *
 * @param trials trials with a credit
 * @param mean mean of their log credits
 * @param std sample standard deviation (0 for one trial)
 * @param min smallest log credit
 * @param max largest log credit
 * @param meanRank mean number of singular values in a trial's credit
 */
public record TrialSpread(int trials, double mean, double std, double min, double max, double meanRank) {

    /** Validates the values. */
    public TrialSpread {
        if (trials < 1 || !Double.isFinite(mean) || !Double.isFinite(std) || !Double.isFinite(min)
                || !Double.isFinite(max) || !Double.isFinite(meanRank)) {
            throw new IllegalArgumentException("trial spread needs >= 1 trial and finite values");
        }
    }

    /**
     * @param credits the trials' credits (absent ones already left out)
     * @return the spread, or null if the list is empty
     */
    public static TrialSpread of(List<BlockCredit> credits) {
        if (credits.isEmpty()) {
            return null;
        }
        int n = credits.size();
        double mean = credits.stream().mapToDouble(BlockCredit::logCredit).average().orElseThrow();
        double ss = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (BlockCredit c : credits) {
            ss += (c.logCredit() - mean) * (c.logCredit() - mean);
            min = Math.min(min, c.logCredit());
            max = Math.max(max, c.logCredit());
        }
        double rank = credits.stream().mapToInt(BlockCredit::rank).average().orElseThrow();
        return new TrialSpread(n, mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0, min, max, rank);
    }
}
