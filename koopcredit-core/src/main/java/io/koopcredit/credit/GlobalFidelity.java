package io.koopcredit.credit;

/**
 * How well the product of the block operators, K = K_m ⋯ K_1, stands in for the whole network on
 * held-out inputs.
 *
 * @param samples held-out samples compared
 * @param agreement fraction of samples where argmax(K·x) equals the network's prediction
 * @param networkAccuracy the network's accuracy on the labels (null without labels)
 * @param operatorAccuracy accuracy of argmax(K·x) on the labels (null without labels)
 * @param medianRelativeError median of ‖K·x − N(x)‖ / ‖N(x)‖ over the samples with a non-zero output
 *     (null if not finite, e.g. when the product operator overflows)
 */
public record GlobalFidelity(int samples, double agreement, Double networkAccuracy, Double operatorAccuracy,
                             Double medianRelativeError) {
    /** Validates that present values are finite. */
    public GlobalFidelity {
        if (!Double.isFinite(agreement) || (medianRelativeError != null && !Double.isFinite(medianRelativeError))) {
            throw new IllegalArgumentException("global fidelity values must be finite");
        }
    }
}
