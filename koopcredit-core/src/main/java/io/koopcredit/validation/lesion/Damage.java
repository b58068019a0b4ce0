package io.koopcredit.validation.lesion;

import io.koopcredit.validation.stats.DamageMeasure;
import io.koopcredit.validation.stats.SampleDamage;

/**
 * What one lesion did on the held-out samples.
 *
 * @param score the lesioned network's score (accuracy, or agreement with the intact predictions)
 * @param scoreDrop the intact score minus it (positive: the lesion hurt)
 * @param outputChange the mean relative change of the outputs, {@code ‖z′ − z‖ / ‖z‖}, or null
 * @param changeSamples samples with a non-zero intact output, over which the change is averaged
 * @param note why the change is missing (null when present)
 */
public record Damage(double score, double scoreDrop, Double outputChange, int changeSamples, String note) {

    /**
     * Validates.
     *
     * @param score the record's {@code score}
     * @param scoreDrop the record's {@code scoreDrop}
     * @param outputChange the record's {@code outputChange}
     * @param changeSamples the record's {@code changeSamples}
     * @param note the record's {@code note}
     */
    public Damage {
        if (!(score >= 0 && score <= 1) || !(Math.abs(scoreDrop) <= 1) || changeSamples < 0
                || (outputChange != null && !(outputChange >= 0 && Double.isFinite(outputChange)))) {
            throw new IllegalArgumentException("invalid damage: score " + score + ", drop " + scoreDrop + ", change "
                    + outputChange + " over " + changeSamples);
        }
        if ((outputChange == null) != (note != null)) {
            throw new IllegalArgumentException("a note explains exactly a missing output change");
        }
    }

    /**
     * @param d a lesioned network measured sample by sample
     * @return its damage over all samples
     */
    static Damage of(SampleDamage d) {
        Double change = d.outputChange(null);
        String note = !d.finite() ? "the lesioned network's outputs are not finite"
                : change == null ? "every intact output is zero: no relative change" : null;
        return new Damage(d.score(null), d.scoreDrop(null), change, d.finite() ? d.changeSamples() : 0, note);
    }

    /**
     * @param measure a damage measure
     * @return the damage by it, or null
     */
    public Double value(DamageMeasure measure) {
        return measure == DamageMeasure.SCORE_DROP ? (Double) scoreDrop : outputChange;
    }
}
