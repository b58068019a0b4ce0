package io.koopcredit.validation;

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
        // RankStatistics clamps its coefficients to [-1, 1], so rounding cannot push them out.
        if (v != null && !(Double.isFinite(v) && Math.abs(v) <= 1.0)) {
            throw new IllegalArgumentException(name + " must be finite and in [-1, 1], found " + v);
        }
    }
}
