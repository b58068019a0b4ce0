package io.koopcredit.report;

import io.koopcredit.report.chart.ClassMaps;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How an HTML page is written.
 *
 * @param naming plain file names (one section only) or names prefixed by the section id
 * @param linkedFormats data files written beside the page that each section links to: {@link ReportFormat#JSON}
 *     (credit.json) and/or {@link ReportFormat#CSV} (credits.csv, feature-weights.csv), with
 *     feature-weights.npy for either; copied
 * @param timings whether to show wall-clock timings (the only part of a page that differs between two
 *     runs of the same analysis); they appear in a separate, clearly marked block
 * @param classMaps which classes get a feature-weight heat map
 */
public record PageOptions(FileNaming naming, Set<ReportFormat> linkedFormats, boolean timings, ClassMaps classMaps) {

    /** File naming of the sections. */
    public enum FileNaming {
        /** credit.json, layer-credit.png, ...: for a page with exactly one section. */
        PLAIN,
        /** {@code <id>-credit.json}, {@code <id>-layer-credit.png}, ...: for any number of sections. */
        PREFIXED
    }

    /**
     * Validates and copies the formats, keeping only the data formats.
     *
     * @param naming plain or prefixed file names
     * @param linkedFormats data files to link (not modified)
     * @param timings whether to show timings
     * @param classMaps which classes get a feature-weight heat map
     */
    public PageOptions {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(classMaps, "classMaps");
        linkedFormats = linkedFormats.isEmpty() ? EnumSet.noneOf(ReportFormat.class) : EnumSet.copyOf(linkedFormats);
        linkedFormats.retainAll(EnumSet.of(ReportFormat.JSON, ReportFormat.CSV));
        linkedFormats = Set.copyOf(linkedFormats);
    }

    /**
     * @param naming plain or prefixed file names
     * @param linkedFormats data files to link (not modified)
     * @param timings whether to show timings
     */
    public PageOptions(FileNaming naming, Set<ReportFormat> linkedFormats, boolean timings) {
        this(naming, linkedFormats, timings, ClassMaps.firstClasses());
    }

    /** @return prefixed names, no data links, timings shown */
    public static PageOptions defaults() {
        return new PageOptions(FileNaming.PREFIXED, Set.of(), true);
    }

    /**
     * @param show whether to show timings
     * @return a copy with it
     */
    public PageOptions withTimings(boolean show) {
        return new PageOptions(naming, linkedFormats, show, classMaps);
    }

    /**
     * @param formats data formats written beside the page (others are ignored); not modified
     * @return a copy with them
     */
    public PageOptions withLinks(Set<ReportFormat> formats) {
        return new PageOptions(naming, formats, timings, classMaps);
    }

    /**
     * @param n the naming
     * @return a copy with it
     */
    public PageOptions withNaming(FileNaming n) {
        return new PageOptions(n, linkedFormats, timings, classMaps);
    }

    /**
     * @param maps the classes that get a feature-weight heat map
     * @return a copy with them
     */
    public PageOptions withClassMaps(ClassMaps maps) {
        return new PageOptions(naming, linkedFormats, timings, maps);
    }

    /**
     * @param section a section of the page
     * @return its file names under this naming
     */
    public SectionFiles files(ReportSection section) {
        return naming == FileNaming.PLAIN ? SectionFiles.plain() : SectionFiles.prefixed(section.id());
    }
}
