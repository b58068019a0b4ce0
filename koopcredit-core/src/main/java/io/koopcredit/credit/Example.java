package io.koopcredit.credit;

import java.util.Objects;

/**
 * A held-out sample kept with a result so that reports can show the per-sample view of Fig. 4(b): the
 * sample's pixels times its predicted class's feature weights.
 *
 * @param index position in the held-out data
 * @param input the preprocessed network input (owned: do not modify)
 * @param label the true class, or null without labels
 * @param networkPrediction the class the network predicts
 * @param operatorPrediction the class K = K_m⋯K_1 predicts, or null if some block has no operator
 */
public record Example(int index, float[] input, Integer label, int networkPrediction, Integer operatorPrediction) {
    /** Validates the fields. */
    public Example {
        Objects.requireNonNull(input, "input");
        if (index < 0 || networkPrediction < 0) {
            throw new IllegalArgumentException("example index and prediction must be >= 0");
        }
    }
}
