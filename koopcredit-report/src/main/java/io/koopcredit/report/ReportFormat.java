package io.koopcredit.report;

import io.koopcredit.base.InputException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The report files a run can write. */
public enum ReportFormat {
    /** credit.json: everything, machine-readable. */
    JSON("credit.json"),
    /** credits.csv and feature-weights.csv. */
    CSV("credits.csv"),
    /** PNG charts and heat maps. */
    PNG("*.png"),
    /** index.html: one self-contained page (implies the PNG files it shows). */
    HTML("index.html");

    private final String fileName;

    ReportFormat(String fileName) {
        this.fileName = fileName;
    }

    /**
     * @param names e.g. {@code [json, csv]}
     * @return the formats
     * @throws InputException naming an unknown format
     */
    public static Set<ReportFormat> parse(Collection<String> names) {
        Set<ReportFormat> out = EnumSet.noneOf(ReportFormat.class);
        for (String n : names) {
            String t = n.trim().toUpperCase(Locale.ROOT);
            try {
                out.add(ReportFormat.valueOf(t));
            } catch (IllegalArgumentException e) {
                throw new InputException("--report '" + n + "': expected json, csv, png or html");
            }
        }
        if (out.isEmpty()) {
            throw new InputException("--report: expected at least one of json, csv, png, html");
        }
        return out;
    }

    /**
     * @param formats formats
     * @return their main file names, for messages
     */
    public static List<String> fileNames(Set<ReportFormat> formats) {
        return formats.stream().map(f -> f.fileName).toList();
    }
}
