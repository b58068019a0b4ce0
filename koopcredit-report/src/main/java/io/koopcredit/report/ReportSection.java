package io.koopcredit.report;

import io.koopcredit.credit.CreditResult;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One analysis on a report page.
 *
 * @param id a short identifier, lower-case letters and digits joined by dashes (e.g. {@code lenet5-faithful}):
 *     the section's anchor and the prefix of its file names
 * @param title the section heading (free text; escaped on the page)
 * @param result the analysis
 * @param provenance where it came from
 * @param note a paragraph shown under the heading (free text), or null
 */
public record ReportSection(String id, String title, CreditResult result, Provenance provenance, String note) {

    /** Ids are safe as HTML anchors and as file-name prefixes without escaping. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** Longest id: file names stay short. */
    public static final int MAX_ID_LENGTH = 48;

    /**
     * Validates the fields; a blank note becomes null.
     *
     * @param id lower-case letters and digits joined by dashes, at most {@value #MAX_ID_LENGTH} characters
     * @param title the heading, not blank
     * @param result the analysis
     * @param provenance where it came from
     * @param note a paragraph, or null
     */
    public ReportSection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(provenance, "provenance");
        if (!ID.matcher(id).matches() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("a section id is up to " + MAX_ID_LENGTH
                    + " lower-case letters and digits joined by dashes, found '" + id + "'");
        }
        if (title.isBlank()) {
            throw new IllegalArgumentException("a section needs a title");
        }
        if (note != null && note.isBlank()) {
            note = null;
        }
    }
}
