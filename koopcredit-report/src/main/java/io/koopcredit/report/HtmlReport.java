package io.koopcredit.report;

import io.koopcredit.report.chart.Chart;
import io.koopcredit.report.chart.CreditCharts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code index.html}: one self-contained page (inline CSS, no scripts, no network) for one or more
 * analyses, with the PNG charts it shows written beside it and referenced by relative file name, so the
 * folder opens from disk anywhere. Text from the result (model paths, layer names, notes) is escaped.
 * The same sections give the same bytes, except the timings, which sit in a separately marked block
 * (or are left out with {@link PageOptions#withTimings(boolean)}).
 */
public final class HtmlReport {
    /** The page's file name. */
    public static final String FILE_NAME = "index.html";

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
     * @param appendices further sections after the analyses (e.g. validation), with distinct ids
     * @param options naming, data links, timings
     */
    public static void write(StagedDirectory dir, String pageTitle, List<ReportSection> sections,
                             List<PageAppendix> appendices, PageOptions options) {
        List<SectionHtml> rendered = sections(sections, options);
        for (SectionHtml s : rendered) {
            ChartFiles.write(dir, s.files(), s.charts());
        }
        dir.writeString(FILE_NAME, page(pageTitle, rendered, appendices));
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
        return page(pageTitle, sections(sections, options), List.of());
    }

    private static List<SectionHtml> sections(List<ReportSection> sections, PageOptions options) {
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("a report page needs at least one section");
        }
        if (options.naming() == PageOptions.FileNaming.PLAIN && sections.size() != 1) {
            throw new IllegalArgumentException("plain file names need exactly one section, found " + sections.size());
        }
        Set<String> ids = new HashSet<>();
        List<SectionHtml> out = new ArrayList<>();
        for (ReportSection s : sections) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("two sections share the id " + s.id());
            }
            out.add(new SectionHtml(s, options.files(s), CreditCharts.render(s.result()), options));
        }
        return out;
    }

    private static String page(String pageTitle, List<SectionHtml> sections, List<PageAppendix> appendices) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>").nl().open("html", "lang", "en").nl().open("head").nl();
        h.open("meta", "charset", "utf-8").nl();
        h.open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1").nl();
        h.element("title", pageTitle).nl();
        h.open("style").nl().raw(PageStyle.CSS).close("style").nl();
        h.close("head").nl().open("body").nl().open("div", "class", "page").nl();
        h.open("header", "class", "page-header").nl().element("h1", pageTitle).nl();
        h.element("p", "Credit assignment for the blocks of trained neural networks after Liang et al. 2022,"
                + " \"Credit Assignment for Trained Neural Networks Based on Koopman Operator Theory\": each block is"
                + " replaced by a linear Koopman operator K_i and credited with log |det K_i|. Written by "
                + tools(sections) + ".", "class", "lede").nl();
        h.close("header").nl();
        toc(h, sections, appendices);
        h.open("main").nl();
        if (sections.size() > 1) {
            OverviewHtml.write(h, sections.stream().map(SectionHtml::section).toList());
        }
        for (SectionHtml s : sections) {
            s.write(h);
        }
        for (PageAppendix a : appendices) {
            a.write(h);
        }
        h.close("main").nl();
        h.element("footer", "All charts are PNG files in this folder; the page needs no network and no scripts.")
                .nl();
        h.close("div").nl().close("body").nl().close("html").nl();
        return h.toString();
    }

    private static void toc(Html h, List<SectionHtml> sections, List<PageAppendix> appendices) {
        h.open("nav", "class", "toc", "aria-label", "Contents").nl().element("h2", "Contents").nl().open("ol").nl();
        if (sections.size() > 1) {
            h.open("li").element("a", "Overview", "href", "#overview").close("li").nl();
        }
        for (SectionHtml s : sections) {
            h.open("li").element("a", s.section().title(), "href", "#" + s.section().id()).open("ol");
            for (SectionHtml.TocEntry e : s.toc()) {
                h.open("li").element("a", e.label(), "href", "#" + e.anchor()).close("li");
            }
            h.close("ol").close("li").nl();
        }
        for (PageAppendix a : appendices) {
            h.open("li").element("a", a.title(), "href", "#" + a.id()).close("li").nl();
        }
        h.close("ol").close("nav").nl();
    }

    private static String tools(List<SectionHtml> sections) {
        Set<String> tools = new LinkedHashSet<>();
        for (SectionHtml s : sections) {
            tools.add(s.section().provenance().tool() + " " + s.section().provenance().version());
        }
        return String.join(", ", tools);
    }
}
