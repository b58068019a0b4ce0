package io.koopcredit.credit;

import io.koopcredit.model.Precision;
import java.util.Objects;

/**
 * How precisely one block's operator was computed, and what its rank decisions rest on.
 *
 * @param precision the format the block's snapshots were computed in (the faithful estimator's evaluation
 *     precision; float32 for the one-step estimator, which fits the network's own pass)
 * @param note why the block was evaluated in a lower precision than was asked for (an operation without a
 *     float64 kernel in ONNX Runtime), or null
 * @param creditTolerance the tolerance the credit used, resolved for the data: {@link CreditTolerance#FLOAT32}
 *     or {@link CreditTolerance#DOUBLE}
 * @param noiseFloor median over trials of the snapshots' noise floor δ·‖Y‖_F as a fraction of their largest
 *     singular value; null without a fit
 * @param keptBelowNoise the most singular values any trial kept at or below that floor (0 with the default
 *     rank policy; more means the operator rests partly on rounding)
 */
public record PrecisionSummary(Precision precision, String note, CreditTolerance creditTolerance, Double noiseFloor,
                               int keptBelowNoise) {

    /** Validates the values. */
    public PrecisionSummary {
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(creditTolerance, "creditTolerance");
        if (creditTolerance == CreditTolerance.DATA) {
            throw new IllegalArgumentException("the credit tolerance must be resolved for the data");
        }
        if (noiseFloor != null && !(noiseFloor >= 0 && Double.isFinite(noiseFloor))) {
            throw new IllegalArgumentException("noise floor must be finite and >= 0, found " + noiseFloor);
        }
        if (keptBelowNoise < 0) {
            throw new IllegalArgumentException("kept values below the noise floor must be >= 0, found "
                    + keptBelowNoise);
        }
    }
}
