package io.koopcredit.report;

import io.koopcredit.report.chart.Chart;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A section of the page that is not an analysis: headed text and tables, built by a package that knows
 * what they mean (the validation section, for instance) and rendered here with the page's style. All text
 * is escaped when rendered: callers hand over plain strings, never HTML.
 *
 * @param id anchor: lower-case letters and digits joined by dashes
 * @param title heading
 * @param parts paragraphs and tables, in order
 */
public record PageAppendix(String id, String title, List<Part> parts) {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** Validates the fields. */
    public PageAppendix {
        Objects.requireNonNull(title, "title");
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("an appendix id is lower-case letters and digits joined by dashes,"
                    + " found '" + id + "'");
        }
        parts = List.copyOf(parts);
    }

    /** A part of an appendix. */
    public sealed interface Part permits Heading, Paragraph, Table, Figure, Files {
    }

    /**
     * A sub-heading.
     *
     * @param text the heading
     */
    public record Heading(String text) implements Part {
        /** Validates the text. */
        public Heading {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A paragraph.
     *
     * @param text the text
     * @param caution true to show it as a warning callout
     */
    public record Paragraph(String text, boolean caution) implements Part {
        /** Validates the text. */
        public Paragraph {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A table of text cells.
     *
     * @param caption shown above the table (may be null)
     * @param header column headings
     * @param rows cells, each row as long as the header
     */
    public record Table(String caption, List<String> header, List<List<String>> rows) implements Part {
        /** Validates the shape and copies the lists. */
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> r : rows) {
                if (r.size() != header.size()) {
                    throw new IllegalArgumentException("a table row has " + r.size() + " cells, the header "
                            + header.size());
                }
            }
        }
    }

    /**
     * A chart: inline SVG on the page, and its PNG file beside the page (written with it).
     *
     * @param chart the chart
     */
    public record Figure(Chart chart) implements Part {
        /** Validates the chart. */
        public Figure {
            Objects.requireNonNull(chart, "chart");
        }

        /** @return the PNG file's name, {@code <chart name>.png} */
        public String file() {
            return chart.name() + ".png";
        }
    }

    /**
     * A line of links to data files written beside the page.
     *
     * @param text what the files hold
     * @param names the files' names (relative, as written)
     */
    public record Files(String text, List<String> names) implements Part {
        /** Validates and copies. */
        public Files {
            Objects.requireNonNull(text, "text");
            names = List.copyOf(names);
        }
    }
}
