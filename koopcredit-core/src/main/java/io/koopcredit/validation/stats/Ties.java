package io.koopcredit.validation.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Damages that differ only by rounding are the same damage: before damages are ranked, values closer than
 * a tolerance are made exactly equal, so that the rank correlations count them as ties.
 */
public final class Ties {

    /**
     * Two output changes that differ by less than this relative amount are the same damage: a network run
     * in float32 reproduces a value to about 1e-7, and a chain's knockouts (which replace every sample by
     * the same point) differ by rounding only.
     */
    public static final double DAMAGE_RELATIVE = 1e-6;

    /** Damages closer to each other than this are tied whatever their size (differences of zero damage). */
    public static final double DAMAGE_ABSOLUTE = 1e-12;

    private Ties() {
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
    public static double[] snap(double[] values, double relative, double absolute) {
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
}
