package io.koopcredit.validation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * Rank statistics for short lists (blocks of one network, classes of one map): average ranks with ties,
 * Spearman's ρ, Kendall's τ-b and Pearson's r. Methods take their arrays read-only and reject non-finite
 * values (callers leave undefined items out first).
 *
 * <p>Ties are exact equalities; {@link #snapTies} first makes values that differ only by rounding equal.
 */
public final class RankStatistics {
    private RankStatistics() {
    }

    /**
     * Average ranks, 1-based: tied values share the mean of the ranks they occupy (the convention of
     * Spearman's ρ with ties, e.g. {@code [10, 20, 20, 30] → [1, 2.5, 2.5, 4]}).
     *
     * @param values finite values; not modified
     * @return the rank of each value, in the input order
     */
    public static double[] averageRanks(double[] values) {
        requireFinite(values);
        int n = values.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            // Positions i..j (0-based) hold one value: ranks i+1..j+1, mean (i+j)/2 + 1.
            double rank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }

    /**
     * Pearson's correlation coefficient.
     *
     * @param x finite values; not modified
     * @param y finite values, as many as {@code x}; not modified
     * @return r in [-1, 1], or empty if there are fewer than two values or either list is constant
     */
    public static OptionalDouble pearson(double[] x, double[] y) {
        requirePaired(x, y);
        int n = x.length;
        if (n < 2) {
            return OptionalDouble.empty();
        }
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return OptionalDouble.empty();
        }
        double r = sxy / Math.sqrt(sxx * syy);
        if (!Double.isFinite(r)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(clamp(r));
    }

    /**
     * Spearman's ρ: Pearson's r of the average ranks (correct with ties).
     *
     * @param x finite values; not modified
     * @param y finite values, as many as {@code x}; not modified
     * @return ρ in [-1, 1], or empty if there are fewer than two values or either list ties every item
     */
    public static OptionalDouble spearman(double[] x, double[] y) {
        requirePaired(x, y);
        return pearson(averageRanks(x), averageRanks(y));
    }

    /**
     * Kendall's τ-b: {@code (C − D) / √((n₀ − n₁)(n₀ − n₂))} with C concordant and D discordant pairs,
     * {@code n₀ = n(n−1)/2}, and n₁, n₂ the pairs tied in x and in y. A pair tied in either list is
     * neither concordant nor discordant. Without ties it is the plain τ-a.
     *
     * @param x finite values; not modified
     * @param y finite values, as many as {@code x}; not modified
     * @return τ-b in [-1, 1], or empty if there are fewer than two values or either list ties every item
     */
    public static OptionalDouble kendallTauB(double[] x, double[] y) {
        requirePaired(x, y);
        int n = x.length;
        if (n < 2) {
            return OptionalDouble.empty();
        }
        long concordant = 0;
        long discordant = 0;
        long tiedX = 0;
        long tiedY = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                // Plain comparisons, so that 0.0 and -0.0 tie.
                int sx = x[i] == x[j] ? 0 : (x[i] < x[j] ? -1 : 1);
                int sy = y[i] == y[j] ? 0 : (y[i] < y[j] ? -1 : 1);
                if (sx == 0) {
                    tiedX++;
                }
                if (sy == 0) {
                    tiedY++;
                }
                if (sx != 0 && sy != 0) {
                    if (sx == sy) {
                        concordant++;
                    } else {
                        discordant++;
                    }
                }
            }
        }
        long n0 = (long) n * (n - 1) / 2;
        double denominator = Math.sqrt((double) (n0 - tiedX) * (double) (n0 - tiedY));
        if (denominator == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(clamp((concordant - discordant) / denominator));
    }

    /**
     * Both rank coefficients with a note when they are undefined.
     *
     * @param x finite values; not modified
     * @param y finite values, as many as {@code x}; not modified
     * @return ρ and τ-b over the n items
     */
    public static RankCorrelation correlate(double[] x, double[] y) {
        requirePaired(x, y);
        int n = x.length;
        if (n < 2) {
            return RankCorrelation.undefined(n, "fewer than two items to order (" + n + ")");
        }
        OptionalDouble rho = spearman(x, y);
        OptionalDouble tau = kendallTauB(x, y);
        if (rho.isEmpty() || tau.isEmpty()) {
            String which = allEqual(x) ? "the first ordering" : "the second ordering";
            return RankCorrelation.undefined(n, which + " ties all " + n + " items: no order to compare");
        }
        return new RankCorrelation(n, rho.getAsDouble(), tau.getAsDouble(), null);
    }

    /**
     * Makes values that differ only by rounding exactly equal, so that they count as ties: sorted, each
     * value joins the run of its predecessor when the two differ by at most
     * {@code max(absolute, relative · max(|a|, |b|))}, and every member of a run takes the run's first
     * (smallest) value.
     *
     * @param values finite values; not modified
     * @param relative relative tolerance, at least 0
     * @param absolute absolute tolerance, at least 0
     * @return the snapped values, in the input order
     */
    public static double[] snapTies(double[] values, double relative, double absolute) {
        requireFinite(values);
        if (!(relative >= 0) || !(absolute >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, found " + relative + " and " + absolute);
        }
        int n = values.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] out = values.clone();
        for (int k = 1; k < n; k++) {
            double previous = values[order[k - 1]];
            double current = values[order[k]];
            double tolerance = Math.max(absolute, relative * Math.max(Math.abs(previous), Math.abs(current)));
            if (current - previous <= tolerance) {
                out[order[k]] = out[order[k - 1]];
            }
        }
        return out;
    }

    /**
     * @param values values; not modified
     * @return the arithmetic mean (NaN for no values)
     */
    static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }

    private static boolean allEqual(double[] v) {
        for (double d : v) {
            if (d != v[0]) {
                return false;
            }
        }
        return true;
    }

    private static double clamp(double r) {
        return Math.max(-1.0, Math.min(1.0, r));
    }

    private static void requirePaired(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired lists differ in length: " + x.length + " and " + y.length);
        }
        requireFinite(x);
        requireFinite(y);
    }

    private static void requireFinite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("rank statistics need finite values, found " + d);
            }
        }
    }
}
