package io.koopcredit.validation.ablation;

import io.koopcredit.validation.stats.DamageMeasure;
import java.util.Objects;

/**
 * One block ablated one way, measured on the held-out samples.
 *
 * @param block the block's name
 * @param index the block's position, from 0
 * @param kind how it was ablated
 * @param score the ablated network's score (accuracy, or agreement with the unablated predictions), null
 *     if the ablation could not be run
 * @param scoreDrop baseline score minus {@code score} (positive: the ablation hurt), null with it
 * @param outputChange mean of {@code ‖z′ − z‖ / ‖z‖} over {@code changeSamples} samples, null when it could
 *     not be run or is not finite
 * @param changeSamples held-out samples with a non-zero unablated output, over which the change is averaged
 * @param note why a value is missing (null when all are present)
 */
public record BlockAblation(String block, int index, AblationKind kind, Double score, Double scoreDrop,
                            Double outputChange, int changeSamples, String note) {

    /**
     * Validates that values are finite and that a note explains each missing value.
     *
     * @param block the record's {@code block}
     * @param index the record's {@code index}
     * @param kind the record's {@code kind}
     * @param score the record's {@code score}
     * @param scoreDrop the record's {@code scoreDrop}
     * @param outputChange the record's {@code outputChange}
     * @param changeSamples the record's {@code changeSamples}
     * @param note the record's {@code note}
     */
    public BlockAblation {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(kind, "kind");
        if (index < 0 || changeSamples < 0) {
            throw new IllegalArgumentException("block " + block + ": index and sample count must be >= 0");
        }
        if ((score == null) != (scoreDrop == null)) {
            throw new IllegalArgumentException("block " + block + ": a score and its drop come together");
        }
        finite(block, score);
        finite(block, scoreDrop);
        finite(block, outputChange);
        if (score != null && (score < 0 || score > 1)) {
            throw new IllegalArgumentException("block " + block + ": a score is a fraction, found " + score);
        }
        if ((score != null && outputChange != null) != (note == null)) {
            throw new IllegalArgumentException("block " + block + ": a note is given exactly when a value is missing");
        }
    }

    /**
     * @param measure a damage measure
     * @return this ablation's damage by it, or null when missing
     */
    public Double damage(DamageMeasure measure) {
        return measure == DamageMeasure.SCORE_DROP ? scoreDrop : outputChange;
    }

    private static void finite(String block, Double v) {
        if (v != null && !Double.isFinite(v)) {
            throw new IllegalArgumentException("block " + block + ": ablation values must be finite, found " + v);
        }
    }
}
