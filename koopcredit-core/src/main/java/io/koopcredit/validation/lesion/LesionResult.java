package io.koopcredit.validation.lesion;

import io.koopcredit.validation.stats.Criterion;
import io.koopcredit.validation.stats.DamageMeasure;
import io.koopcredit.validation.stats.RankingScope;
import io.koopcredit.validation.stats.ScoreKind;
import java.util.List;
import java.util.Objects;

/**
 * The lesion studies: every residual unit and every convolution kernel lesioned on its own, the real
 * network run on the held-out samples, and how the credits and the baselines predict the damage.
 *
 * @param scoreKind accuracy with labels, else agreement with the intact network
 * @param samples held-out samples
 * @param fitSamples fitting samples the activation baselines are measured on
 * @param baselineScore the intact network's score
 * @param resamples bootstrap resamples of the held-out samples behind the intervals
 * @param units one per lesioned unit, in network order (empty: see {@code unitsNote})
 * @param unitsNote why there are no unit lesions, or null
 * @param kernels one per kernel of every convolution, in network order (empty: see {@code kernelsNote})
 * @param kernelsNote why there are no kernel lesions, or null
 * @param agreements per target with lesions, scope (kernels: global and per layer), damage measure and ranked
 *     criterion
 */
public record LesionResult(ScoreKind scoreKind, int samples, int fitSamples, double baselineScore, int resamples,
                           List<UnitLesion> units, String unitsNote, List<KernelLesion> kernels, String kernelsNote,
                           List<LesionAgreement> agreements) {
    /**
     * Validates and copies.
     *
     * @param scoreKind the record's {@code scoreKind}
     * @param samples the record's {@code samples}
     * @param fitSamples the record's {@code fitSamples}
     * @param baselineScore the record's {@code baselineScore}
     * @param resamples the record's {@code resamples}
     * @param units the record's {@code units} (copied; not modified)
     * @param unitsNote the record's {@code unitsNote}
     * @param kernels the record's {@code kernels} (copied; not modified)
     * @param kernelsNote the record's {@code kernelsNote}
     * @param agreements the record's {@code agreements} (copied; not modified)
     */
    public LesionResult {
        Objects.requireNonNull(scoreKind, "scoreKind");
        units = List.copyOf(units);
        kernels = List.copyOf(kernels);
        agreements = List.copyOf(agreements);
        if (samples < 1 || fitSamples < 1 || resamples < 0 || !(baselineScore >= 0 && baselineScore <= 1)) {
            throw new IllegalArgumentException("lesions: " + samples + " held-out, " + fitSamples + " fitting samples, "
                    + resamples + " resamples, baseline " + baselineScore);
        }
        if (units.isEmpty() == (unitsNote == null) || kernels.isEmpty() == (kernelsNote == null)) {
            throw new IllegalArgumentException("a note explains exactly a missing kind of lesion");
        }
    }

    /**
     * @param target units or kernels
     * @param measure a damage measure
     * @param criterion a ranked criterion
     * @param scope global or per layer
     * @return that agreement, or null when there is none
     */
    public LesionAgreement agreement(LesionTarget target, DamageMeasure measure, Criterion criterion,
                                     RankingScope scope) {
        return agreements.stream().filter(a -> a.target() == target && a.measure() == measure
                && a.criterion() == criterion && a.scope() == scope).findFirst().orElse(null);
    }
}
