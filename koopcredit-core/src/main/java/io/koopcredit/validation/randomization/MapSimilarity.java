package io.koopcredit.validation.randomization;

import io.koopcredit.credit.FeatureWeights;
import io.koopcredit.stats.Statistics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How similar two sets of feature-weight maps are (Section III.D: row c of K = K_m⋯K_1 weighs every input
 * for class c), class by class, with the simple measures of Adebayo et al.: Pearson's r of the maps,
 * Spearman's ρ of their absolute values (the ranking of input importance), averaged over the classes.
 *
 * @param classes classes compared
 * @param pearson Pearson's r per class, null where a map is constant
 * @param meanPearson mean of the defined r, null if none is defined
 * @param meanAbsPearson mean of |r|, null with it: a re-randomized network may flip a map's sign, which
 *     is no less similar
 * @param meanSpearmanAbs mean over classes of Spearman's ρ between |w| and |w′|, null if none is defined
 */
public record MapSimilarity(int classes, List<Double> pearson, Double meanPearson, Double meanAbsPearson,
                            Double meanSpearmanAbs) {

    /**
     * Validates the values.
     *
     * @param classes the record's {@code classes}
     * @param pearson the record's {@code pearson} (copied; not modified)
     * @param meanPearson the record's {@code meanPearson}
     * @param meanAbsPearson the record's {@code meanAbsPearson}
     * @param meanSpearmanAbs the record's {@code meanSpearmanAbs}
     */
    public MapSimilarity {
        pearson = Collections.unmodifiableList(new ArrayList<>(pearson));
        if (classes < 1 || pearson.size() != classes) {
            throw new IllegalArgumentException("one Pearson r per class, found " + pearson.size() + " for " + classes);
        }
        if ((meanPearson == null) != (meanAbsPearson == null)) {
            throw new IllegalArgumentException("mean r and mean |r| come together");
        }
        for (Double v : pearson) {
            check(v);
        }
        check(meanPearson);
        check(meanAbsPearson);
        check(meanSpearmanAbs);
    }

    /**
     * @param a original maps; not modified
     * @param b re-randomized maps of the same shape; not modified
     * @return their similarity
     */
    public static MapSimilarity of(FeatureWeights a, FeatureWeights b) {
        if (a.classes() != b.classes()) {
            throw new IllegalArgumentException(a.classes() + " and " + b.classes() + " classes");
        }
        int classes = a.classes();
        Double[] pearson = new Double[classes];
        Double[] spearman = new Double[classes];
        // Tile by tile of a (the computed form never holds every row), with b's rows of the same classes.
        a.forEachTile((from, rows) -> {
            int[] chosen = java.util.stream.IntStream.range(from, from + rows.length).toArray();
            double[][] others = b.rows(chosen);
            for (int i = 0; i < rows.length; i++) {
                OptionalDouble p = Statistics.pearson(rows[i], others[i]);
                pearson[from + i] = p.isPresent() ? p.getAsDouble() : null;
                OptionalDouble s = Statistics.spearman(abs(rows[i]), abs(others[i]));
                spearman[from + i] = s.isPresent() ? s.getAsDouble() : null;
            }
        });
        List<Double> r = new ArrayList<>();
        double sum = 0;
        double sumAbs = 0;
        int defined = 0;
        double sumSpearman = 0;
        int spearmanDefined = 0;
        for (int c = 0; c < classes; c++) {
            r.add(pearson[c]);
            if (pearson[c] != null) {
                sum += pearson[c];
                sumAbs += Math.abs(pearson[c]);
                defined++;
            }
            if (spearman[c] != null) {
                sumSpearman += spearman[c];
                spearmanDefined++;
            }
        }
        return new MapSimilarity(classes, r, defined == 0 ? null : sum / defined, defined == 0 ? null : sumAbs / defined,
                spearmanDefined == 0 ? null : sumSpearman / spearmanDefined);
    }

    private static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    private static void check(Double v) {
        if (v != null && !(Double.isFinite(v) && Math.abs(v) <= 1)) {
            throw new IllegalArgumentException("a correlation must be in [-1, 1], found " + v);
        }
    }
}
