package io.koopcredit.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.koopcredit.report.chart.Chart;
import io.koopcredit.report.chart.CreditCharts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code index.html}: one self-contained page (inline CSS, inline SVG charts, no scripts, no
 * network) for one or more analyses, from jte templates ({@code src/main/jte}, precompiled by the build)
 * that escape every value; the charts' PNG files are written beside it and linked by relative file name,
 * so the folder opens from disk anywhere. Hovering a bar or a heat-map cell shows its value (SVG titles).
 * The same sections give the same bytes, except the timings, which sit in a separately marked block
 * (or are left out with {@link PageOptions#withTimings(boolean)}).
 */
public final class HtmlReport {
    /** The page's file name. */
    public static final String FILE_NAME = "index.html";
    /** Marks the start of the timings block in the page source, so that tools can strip it. */
    public static final String TIMINGS_BEGIN = "<!-- timings: differ between runs -->";
    /** Marks the end of the timings block. */
    public static final String TIMINGS_END = "<!-- /timings -->";

    /** The precompiled templates (classes generated from src/main/jte into this package). */
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            HtmlReport.class.getPackageName());

    private HtmlReport() {
    }

    /**
     * Writes the PNG files of every section (prefixed with the section id) and the page, timings shown.
     *
     * @param dir where the files go; files are added; the caller commits
     * @param pageTitle the page heading (free text)
     * @param sections the analyses, in page order, with distinct ids; not modified
     */
    public static void write(StagedDirectory dir, String pageTitle, List<ReportSection> sections) {
        write(dir, pageTitle, sections, PageOptions.defaults());
    }

    /**
     * @param dir where the files go; files are added; the caller commits
     * @param pageTitle the page heading (free text)
     * @param sections the analyses, in page order, with distinct ids; not modified
     * @param options naming, data links, timings
     */
    public static void write(StagedDirectory dir, String pageTitle, List<ReportSection> sections,
                             PageOptions options) {
        write(dir, pageTitle, sections, List.of(), options);
    }

    /**
     * @param dir where the files go; files are added; the caller commits
     * @param pageTitle the page heading (free text)
     * @param sections the analyses, in page order, with distinct ids; not modified
     * @param appendices further sections after the analyses (e.g. validation), with distinct ids; their
     *     figures' PNG files are written beside the page
     * @param options naming, data links, timings
     */
    public static void write(StagedDirectory dir, String pageTitle, List<ReportSection> sections,
                             List<PageAppendix> appendices, PageOptions options) {
        List<Rendered> rendered = sections(sections, options);
        for (Rendered s : rendered) {
            ChartFiles.write(dir, s.files(), s.charts());
        }
        for (PageAppendix a : appendices) {
            for (PageAppendix.Part part : a.parts()) {
                if (part instanceof PageAppendix.Figure f) {
                    dir.writeBytes(f.file(), f.chart().png());
                }
            }
        }
        dir.writeString(FILE_NAME, page(pageTitle, rendered, appendices, options));
    }

    /**
     * The page alone, for callers that place the charts themselves.
     *
     * @param pageTitle the page heading
     * @param sections the analyses with distinct ids; not modified
     * @param options naming, data links, timings
     * @return the HTML text
     */
    public static String render(String pageTitle, List<ReportSection> sections, PageOptions options) {
        return page(pageTitle, sections(sections, options), List.of(), options);
    }

    private static List<Rendered> sections(List<ReportSection> sections, PageOptions options) {
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("a report page needs at least one section");
        }
        if (options.naming() == PageOptions.FileNaming.PLAIN && sections.size() != 1) {
            throw new IllegalArgumentException("plain file names need exactly one section, found " + sections.size());
        }
        Set<String> ids = new HashSet<>();
        List<Rendered> out = new ArrayList<>();
        for (ReportSection s : sections) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("two sections share the id " + s.id());
            }
            out.add(new Rendered(s, options.files(s), CreditCharts.render(s.result(), options.classMaps())));
        }
        return out;
    }

    /** A section with its charts drawn. */
    private record Rendered(ReportSection section, SectionFiles files, List<Chart> charts) {
    }

    private static String page(String pageTitle, List<Rendered> sections, List<PageAppendix> appendices,
                               PageOptions options) {
        Set<String> tools = new LinkedHashSet<>();
        for (Rendered s : sections) {
            tools.add(s.section().provenance().tool() + " " + s.section().provenance().version());
        }
        HtmlModel.Page page = new HtmlModel.Page(pageTitle, String.join(", ", tools),
                sections.size() > 1 ? Overview.of(sections.stream().map(Rendered::section).toList()) : null,
                sections.stream().map(s -> SectionModel.of(s.section(), s.files(), s.charts(), options)).toList(),
                appendices);
        StringOutput out = new StringOutput();
        TEMPLATES.render("page.jte", page, out);
        return out.toString();
    }
}
