package io.koopcredit.validation.lesion;

import io.koopcredit.validation.stats.Criterion;
import java.util.Objects;

/**
 * What predicts a lesion's damage before it is made: the credit, and the two baselines that need no Koopman
 * operator ({@link Criterion}).
 *
 * @param logCredit the block's or kernel's log credit, or null
 * @param creditNote why there is no credit (null when there is one)
 * @param weightL1 the L1 norm of the weights (block: all its weight tensors; kernel: its slice of its
 *     convolution's weights)
 * @param activation the mean absolute activation on the fitting samples (block: its output; kernel: its
 *     feature map)
 */
public record Importance(Double logCredit, String creditNote, double weightL1, double activation) {

    /**
     * Validates.
     *
     * @param logCredit the record's {@code logCredit}
     * @param creditNote the record's {@code creditNote}
     * @param weightL1 the record's {@code weightL1}
     * @param activation the record's {@code activation}
     */
    public Importance {
        if ((logCredit == null) == (creditNote == null)) {
            throw new IllegalArgumentException("a note explains exactly a missing credit");
        }
        if (logCredit != null && !Double.isFinite(logCredit) || !(weightL1 >= 0) || Double.isInfinite(weightL1)
                || !(activation >= 0) || Double.isInfinite(activation)) {
            throw new IllegalArgumentException("importance values must be finite (norms >= 0), found " + logCredit
                    + ", " + weightL1 + ", " + activation);
        }
    }

    /**
     * @param criterion a ranked criterion
     * @return the value it ranks by, or null (a missing credit)
     */
    public Double value(Criterion criterion) {
        Objects.requireNonNull(criterion, "criterion");
        return switch (criterion) {
            case CREDIT -> logCredit;
            case L1_NORM -> weightL1;
            case ACTIVATION -> activation;
            case RANDOM -> throw new IllegalArgumentException("a random order ranks by no value");
        };
    }
}
