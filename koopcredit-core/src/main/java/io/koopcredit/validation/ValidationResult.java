package io.koopcredit.validation;

import io.koopcredit.credit.CreditResult;
import io.koopcredit.validation.ablation.AblationResult;
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
 * @param timings where the time went
 */
public record ValidationResult(CreditResult analysis, ValidationOptions options, AblationResult ablation,
                               RandomizationResult randomization, StabilityResult stability,
                               ValidationTimings timings) {
    /**
     * Validates that every part is present.
     *
     * @param analysis the record's {@code analysis}
     * @param options the record's {@code options}
     * @param ablation the record's {@code ablation}
     * @param randomization the record's {@code randomization}
     * @param stability the record's {@code stability}
     * @param timings the record's {@code timings}
     */
    public ValidationResult {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(ablation, "ablation");
        Objects.requireNonNull(randomization, "randomization");
        Objects.requireNonNull(stability, "stability");
        Objects.requireNonNull(timings, "timings");
    }
}
