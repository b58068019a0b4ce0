package io.koopcredit.validation;

import io.koopcredit.credit.CreditResult;
import io.koopcredit.validation.ablation.AblationResult;
import io.koopcredit.validation.lesion.LesionResult;
import io.koopcredit.validation.pruning.PruningResult;
import io.koopcredit.validation.randomization.RandomizationResult;
import io.koopcredit.validation.stability.StabilityResult;
import java.util.Objects;

/**
 * Everything one validation found: the analysis it validated and the three checks.
 *
 * @param analysis the analysis whose credits are checked (its options, credits and operators)
 * @param options what the validation measured
 * @param ablation ablation agreement
 * @param randomization the randomization sanity check
 * @param stability stability across seeds, T and N
 * @param lesions the lesion studies, or null
 * @param lesionsNote why there are no lesion studies (not asked for), null with them
 * @param pruning the pruning check, or null
 * @param pruningNote why there is no pruning check (not asked for), null with it
 * @param timings where the time went
 */
public record ValidationResult(CreditResult analysis, ValidationOptions options, AblationResult ablation,
                               RandomizationResult randomization, StabilityResult stability, LesionResult lesions,
                               String lesionsNote, PruningResult pruning, String pruningNote,
                               ValidationTimings timings) {
    /**
     * Validates that every part is present.
     *
     * @param analysis the record's {@code analysis}
     * @param options the record's {@code options}
     * @param ablation the record's {@code ablation}
     * @param randomization the record's {@code randomization}
     * @param stability the record's {@code stability}
     * @param lesions the record's {@code lesions}
     * @param lesionsNote the record's {@code lesionsNote}
     * @param pruning the record's {@code pruning}
     * @param pruningNote the record's {@code pruningNote}
     * @param timings the record's {@code timings}
     */
    public ValidationResult {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(ablation, "ablation");
        Objects.requireNonNull(randomization, "randomization");
        Objects.requireNonNull(stability, "stability");
        Objects.requireNonNull(timings, "timings");
        if ((lesions == null) == (lesionsNote == null) || (pruning == null) == (pruningNote == null)) {
            throw new IllegalArgumentException("a note explains exactly a missing lesion study or pruning check");
        }
    }
}
