package io.koopcredit.report;

import io.koopcredit.report.chart.Chart;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The file names of one analysis in a report folder. A single-result report uses plain names
 * ({@code credit.json}, {@code layer-credit.png}); a page with several analyses prefixes each name with
 * the section's id ({@code lenet5-faithful-credit.json}) so that sections do not collide.
 *
 * @param prefix prepended to every name: empty, or an id followed by a dash
 */
public record SectionFiles(String prefix) {

    /** A prefix is empty or a section id and a dash. */
    private static final Pattern PREFIX = Pattern.compile("|[a-z0-9]+(-[a-z0-9]+)*-");

    /**
     * Validates the prefix.
     *
     * @param prefix empty, or an id followed by a dash
     */
    public SectionFiles {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a file prefix is empty or an id and a dash, found " + prefix);
        }
    }

    /** @return the plain names of a single-result report */
    public static SectionFiles plain() {
        return new SectionFiles("");
    }

    /**
     * @param id a section id (see {@link ReportSection})
     * @return names prefixed with {@code id-}
     */
    public static SectionFiles prefixed(String id) {
        return new SectionFiles(id + "-");
    }

    /** @return the credit.json name */
    public String creditJson() {
        return prefix + "credit.json";
    }

    /** @return the credits.csv name */
    public String creditsCsv() {
        return prefix + "credits.csv";
    }

    /** @return the feature-weights.csv name */
    public String featureWeightsCsv() {
        return prefix + "feature-weights.csv";
    }

    /** @return the feature-weights.npy name */
    public String featureWeightsNpy() {
        return prefix + "feature-weights.npy";
    }

    /**
     * @param chart a chart
     * @return its PNG file name
     */
    public String png(Chart chart) {
        return prefix + chart.name() + ".png";
    }
}
