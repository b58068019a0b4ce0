package io.koopcredit.report.json;

import io.koopcredit.validation.ReferenceAgreement;
import java.util.List;
import java.util.Objects;

/**
 * {@code agreement.json}: the paper's estimator on bundled models compared with an independent reference
 * ({@code koopcredit agreement}; schema {@code docs/schema/agreement.schema.json}). Fields appear in the order
 * of the record components.
 *
 * @param tool the tool's name
 * @param version the tool's version and commit
 * @param reference the reference file compared with
 * @param runs one per model and evaluation precision
 */
public record AgreementView(String tool, String version, String reference, List<Run> runs) {

    /** Validates and copies. */
    public AgreementView {
        Objects.requireNonNull(reference, "reference");
        runs = List.copyOf(runs);
    }

    /**
     * One model with one evaluation precision.
     *
     * @param model the model's short name (as in the reference)
     * @param precision the evaluation precision spec
     * @param seed the seed of the analysis
     * @param agreement the comparison (Spearman ρ of block log credits, per-block fidelities)
     */
    public record Run(String model, String precision, long seed, ReferenceAgreement.Result agreement) {
    }

    /** @return the JSON text (non-finite numbers refused) */
    public String toJson() {
        return JsonOutput.toJson(this);
    }
}
