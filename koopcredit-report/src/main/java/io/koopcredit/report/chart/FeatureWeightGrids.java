package io.koopcredit.report.chart;

import io.koopcredit.credit.Example;
import io.koopcredit.credit.FeatureWeights;
import java.util.ArrayList;
import java.util.List;

/**
 * The values the heat maps draw, as pure functions of the result (Section III.D, "Another view on K"):
 * row c of K = K_m⋯K_1 laid out like the input, and the per-sample product of Fig. 4(b).
 */
public final class FeatureWeightGrids {
    private FeatureWeightGrids() {
    }

    /**
     * @param weights the feature weights; not modified
     * @return one grid per class c, holding {@code K[c, j]} at input position j laid out by
     *     {@link SpatialLayout#of(int[])}
     */
    public static List<ValueGrid> perClass(FeatureWeights weights) {
        int[] all = new int[weights.classes()];
        for (int c = 0; c < all.length; c++) {
            all[c] = c;
        }
        return perClass(weights, all);
    }

    /**
     * @param weights the feature weights; not modified
     * @param classes the classes to lay out, in order; not modified
     * @return one grid per given class, as {@link #perClass(FeatureWeights)}
     */
    public static List<ValueGrid> perClass(FeatureWeights weights, int[] classes) {
        SpatialLayout layout = SpatialLayout.of(weights.inputShape());
        List<ValueGrid> out = new ArrayList<>(classes.length);
        for (double[] row : weights.rows(classes)) {
            out.add(layout.grid(row));
        }
        return out;
    }

    /**
     * @param weights the feature weights; not modified
     * @param examples held-out samples; not modified
     * @return {@link #contribution} of each, reading the predicted classes' rows once
     * @throws IllegalArgumentException if a prediction is not a row of K or a sample's size differs
     */
    public static List<ValueGrid> contributions(FeatureWeights weights, List<Example> examples) {
        int[] predicted = new int[examples.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = requireRow(weights, examples.get(i));
        }
        double[][] rows = weights.rows(predicted);
        SpatialLayout layout = SpatialLayout.of(weights.inputShape());
        List<ValueGrid> out = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            float[] x = examples.get(i).input();
            if (x.length != rows[i].length) {
                throw new IllegalArgumentException("sample has " + x.length + " values, expected " + rows[i].length);
            }
            double[] v = new double[x.length];
            for (int j = 0; j < v.length; j++) {
                v[j] = x[j] * rows[i][j];
            }
            out.add(layout.grid(v));
        }
        return out;
    }

    private static int requireRow(FeatureWeights weights, Example example) {
        int p = example.networkPrediction();
        if (p >= weights.classes()) {
            throw new IllegalArgumentException("example " + example.index() + " is predicted as class " + p
                    + " but K has " + weights.classes() + " rows");
        }
        return p;
    }

    /**
     * @param weights the feature weights; not modified
     * @param example a held-out sample; not modified
     * @return {@code x[j] · K[p, j]} laid out like the input, p the network's prediction for the sample
     * @throws IllegalArgumentException if the prediction is not a row of K or the sample's size differs
     */
    public static ValueGrid contribution(FeatureWeights weights, Example example) {
        int p = requireRow(weights, example);
        return SpatialLayout.of(weights.inputShape()).grid(weights.contribution(example.input(), p));
    }

    /**
     * @param weights the feature weights (for the input's shape); not modified
     * @param example a held-out sample; not modified
     * @return the sample's input values laid out like the input
     */
    public static ValueGrid input(FeatureWeights weights, Example example) {
        return SpatialLayout.of(weights.inputShape()).grid(example.input());
    }
}
