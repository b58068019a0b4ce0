package io.koopcredit.report;

import io.koopcredit.credit.CreditResult;
import io.koopcredit.report.json.CreditView;
import io.koopcredit.report.json.JsonOutput;

/**
 * Writes {@code credit.json} (schema: {@code docs/schema/credit.schema.json}; README, "credit.json") from
 * the view {@link CreditView}: fields in a fixed order, numbers in Java's round-trip form
 * (Double.toString), so the same result gives the same bytes; only the {@code timings} object differs
 * between runs.
 */
public final class CreditJson {
    /** Bumped whenever a field changes meaning or disappears. */
    public static final int SCHEMA_VERSION = CreditView.SCHEMA_VERSION;

    private CreditJson() {
    }

    /**
     * @param result the analysis; not modified
     * @param provenance tool, version, preprocessing
     * @return the JSON text, ending in a newline
     * @throws JsonOutput.NonFiniteNumberException if a number of the result is not finite (a bug)
     */
    public static String toJson(CreditResult result, Provenance provenance) {
        return toJson(result, provenance, SectionFiles.plain());
    }

    /**
     * @param result the analysis; not modified
     * @param provenance tool, version, preprocessing
     * @param files the report's file names (the feature weights' {@code .npy} file is named in the JSON)
     * @return the JSON text, ending in a newline
     * @throws JsonOutput.NonFiniteNumberException if a number of the result is not finite (a bug)
     */
    public static String toJson(CreditResult result, Provenance provenance, SectionFiles files) {
        return JsonOutput.toJson(CreditView.of(result, provenance, files.featureWeightsNpy()));
    }
}
