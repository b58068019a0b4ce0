package io.koopcredit.report.validation;

import io.koopcredit.report.Provenance;
import io.koopcredit.report.json.JsonOutput;
import io.koopcredit.validation.ValidationResult;

/**
 * Writes {@code validation.json} (schema: {@code docs/schema/validation.schema.json}) from the view
 * {@link ValidationView}: fields in a fixed order and numbers in Java's shortest round-trip form, so the
 * same validation gives the same bytes; only {@code timings} differs between runs. Values that are
 * undefined are {@code null}, next to a {@code note} or {@code reason} saying why; no number is ever NaN
 * or infinite. Log credits are natural logarithms.
 */
public final class ValidationJson {
    /** Bumped whenever a field changes meaning or disappears. */
    public static final int SCHEMA_VERSION = ValidationView.SCHEMA_VERSION;

    /** The file name the command writes. */
    public static final String FILE_NAME = "validation.json";

    private ValidationJson() {
    }

    /**
     * @param result the validation; not modified
     * @param provenance tool, version, preprocessing
     * @return the JSON text, ending in a newline
     * @throws JsonOutput.NonFiniteNumberException if a number of the result is not finite (a bug)
     */
    public static String toJson(ValidationResult result, Provenance provenance) {
        return JsonOutput.toJson(ValidationView.of(result, provenance));
    }
}
