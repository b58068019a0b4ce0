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
        SpatialLayout layout = SpatialLayout.of(weights.inputShape());
        List<ValueGrid> out = new ArrayList<>(weights.classes());
        for (double[] row : weights.weights()) {
            out.add(layout.grid(row));
        }
        return out;
    }

    /**
     * @param weights the feature weights; not modified
     * @param example a held-out sample; not modified
     * @return {@code x[j] · K[p, j]} laid out like the input, p the network's prediction for the sample
     * @throws IllegalArgumentException if the prediction is not a row of K or the sample's size differs
     */
    public static ValueGrid contribution(FeatureWeights weights, Example example) {
        int p = example.networkPrediction();
        if (p >= weights.classes()) {
            throw new IllegalArgumentException("example " + example.index() + " is predicted as class " + p
                    + " but K has " + weights.classes() + " rows");
        }
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
