package io.koopcredit.validation.stats;

import io.koopcredit.stats.Statistics;
import java.util.OptionalDouble;

/**
 * How two orderings of the same items agree: Spearman's ρ and Kendall's τ-b (both in [-1, 1]; +1 for the
 * same order, -1 for the reverse order, ties handled), over the items both orderings define.
 *
 * @param items the number of items compared
 * @param spearman Spearman's ρ (Pearson correlation of average ranks), or null when undefined
 * @param kendall Kendall's τ-b, or null when undefined
 * @param note why a coefficient is undefined (fewer than two items, or one ordering ties every item),
 *     null exactly when both are present
 */
public record RankCorrelation(int items, Double spearman, Double kendall, String note) {

    /**
     * Validates that the coefficients are finite and in range and that a note explains every gap.
     *
     * @param items the record's {@code items}
     * @param spearman the record's {@code spearman}
     * @param kendall the record's {@code kendall}
     * @param note the record's {@code note}
     */
    public RankCorrelation {
        if (items < 0) {
            throw new IllegalArgumentException("items must be >= 0, found " + items);
        }
        requireCoefficient("spearman", spearman);
        requireCoefficient("kendall", kendall);
        if ((spearman != null && kendall != null) != (note == null)) {
            throw new IllegalArgumentException("a rank correlation has a note exactly when a coefficient is missing");
        }
    }

    /**
     * Both rank coefficients of two orderings, with a note when they are undefined.
     *
     * @param x finite values; not modified
     * @param y finite values, as many as {@code x}; not modified
     * @return ρ and τ-b over the n items ({@link Statistics} for the tie conventions)
     */
    public static RankCorrelation of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired lists differ in length: " + x.length + " and " + y.length);
        }
        int n = x.length;
        if (n < 2) {
            return undefined(n, "fewer than two items to order (" + n + ")");
        }
        OptionalDouble rho = Statistics.spearman(x, y);
        OptionalDouble tau = Statistics.kendallTauB(x, y);
        if (rho.isEmpty() || tau.isEmpty()) {
            String which = Statistics.constant(x) ? "the first ordering" : "the second ordering";
            return undefined(n, which + " ties all " + n + " items: no order to compare");
        }
        return new RankCorrelation(n, rho.getAsDouble(), tau.getAsDouble(), null);
    }

    /**
     * @param items the number of items
     * @param why why no coefficient can be computed
     * @return a correlation without coefficients
     */
    public static RankCorrelation undefined(int items, String why) {
        return new RankCorrelation(items, null, null, why);
    }

    /** @return true if both coefficients are present */
    public boolean defined() {
        return spearman != null && kendall != null;
    }

    private static void requireCoefficient(String name, Double v) {
        // Statistics clamps its coefficients to [-1, 1], so rounding cannot push them out.
        if (v != null && !(Double.isFinite(v) && Math.abs(v) <= 1.0)) {
            throw new IllegalArgumentException(name + " must be finite and in [-1, 1], found " + v);
        }
    }
}
