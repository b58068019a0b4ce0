package io.koopcredit.report;

import java.util.Objects;

/**
 * Where a report came from, beyond the model and options the result already records.
 *
 * @param tool the tool's name
 * @param version the tool's version and git commit
 * @param preprocessing the preprocessing applied to the data (canonical spec, e.g. {@code pool=3})
 */
public record Provenance(String tool, String version, String preprocessing) {
    /**
     * Validates the fields.
     *
     * @param tool the tool's name
     * @param version the tool's version and git commit
     * @param preprocessing the canonical preprocessing spec
     */
    public Provenance {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(preprocessing, "preprocessing");
    }
}
