package io.koopcredit.credit;

import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Matrix;
import java.util.List;

/**
 * Feature weights (Section III.D, "Another view on K", Fig. 4(b)): the global operator
 * {@code K = K_m ⋯ K_1} maps the network's input to its output, {@code y^i = Σ_j K^{ij} x^j}, so row c of
 * K, reshaped to the input's shape, weighs every input pixel for class c.
 *
 * @param inputShape shape of one network input (e.g. [1, 28, 28] or [81])
 * @param weights classes × inputs: {@code weights[c][j] = K^{cj}} (owned: do not modify)
 */
public record FeatureWeights(int[] inputShape, double[][] weights) {

    /** Validates the sizes and that every weight is finite. */
    public FeatureWeights {
        inputShape = inputShape.clone();
        int size = 1;
        for (int d : inputShape) {
            size *= d;
        }
        for (double[] row : weights) {
            if (row.length != size) {
                throw new IllegalArgumentException("a weight row has " + row.length + " values, expected " + size);
            }
            for (double w : row) {
                if (!Double.isFinite(w)) {
                    throw new IllegalArgumentException("feature weights must be finite");
                }
            }
        }
    }

    /**
     * @param operators K_1 .. K_m in execution order; not modified
     * @param inputShape the network input's shape
     * @return the rows of K_m ⋯ K_1 (linear parts only)
     */
    public static FeatureWeights of(List<KoopmanOperator> operators, int[] inputShape) {
        return ofProduct(product(operators), inputShape);
    }

    /**
     * @param product K_m ∘ ⋯ ∘ K_1, as {@link #product(List)} gives it; not modified
     * @param inputShape the network input's shape
     * @return the rows of its linear part
     */
    public static FeatureWeights ofProduct(KoopmanOperator product, int[] inputShape) {
        Matrix k = product.linearPart().dense();
        return new FeatureWeights(inputShape, k.toRows());
    }

    /**
     * @param operators K_1 .. K_m in execution order; not modified
     * @return K_m ∘ ⋯ ∘ K_1, offsets composed when present
     */
    public static KoopmanOperator product(List<KoopmanOperator> operators) {
        KoopmanOperator k = operators.get(0);
        for (int i = 1; i < operators.size(); i++) {
            k = operators.get(i).compose(k);
        }
        return k;
    }

    /** @return the number of classes (rows) */
    public int classes() {
        return weights.length;
    }

    /**
     * The per-sample view of Fig. 4(b): each pixel of a sample times its weight for a class.
     *
     * @param sample one network input; not modified
     * @param cls the class
     * @return {@code sample[j] · K^{cls,j}} for every j
     */
    public double[] contribution(float[] sample, int cls) {
        double[] w = weights[cls];
        if (sample.length != w.length) {
            throw new IllegalArgumentException("sample has " + sample.length + " values, expected " + w.length);
        }
        double[] out = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            out[j] = sample[j] * w[j];
        }
        return out;
    }
}
