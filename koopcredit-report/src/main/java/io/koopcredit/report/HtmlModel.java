package io.koopcredit.report;

import java.util.List;
import java.util.Objects;

/**
 * What the page's templates ({@code src/main/jte}) show: plain text and numbers already formatted, laid out
 * by the templates, which escape every value (jte, HTML content type). Only chart SVG, made by this module,
 * is inserted unescaped. Built by {@link SectionModel} and {@link HtmlReport}.
 */
final class HtmlModel {
    private HtmlModel() {
    }

    /**
     * The page.
     *
     * @param title heading and window title
     * @param tools who wrote it (tool and version)
     * @param overview the comparison table of a page with several analyses, or null
     * @param sections the analyses
     * @param appendices further sections (validation)
     */
    record Page(String title, String tools, Table overview, List<Section> sections, List<PageAppendix> appendices) {
    }

    /**
     * One analysis.
     *
     * @param id anchor and file prefix
     * @param title heading
     * @param note a paragraph under the heading, or null
     * @param toc sub-headings
     * @param cards at-a-glance numbers
     * @param guide the "how to read this" paragraphs' variable parts
     * @param warnings things not to trust (may be empty)
     * @param credit the two layer-credit figures
     * @param blocks the blocks table
     * @param sharedSensitivity the sensitivity sentence when one note covers every block, else null
     * @param kernels a figure and a table per convolution block
     * @param features feature weights, or null with {@code featuresMissing} saying why
     * @param featuresMissing why there are no feature weights, or null
     * @param diagnostics the fidelity and snapshot-rank figures
     * @param diagnosticsTable snapshots and fidelity per block
     * @param trajectories what the embedded trajectories did, or null (one-step)
     * @param global how well K stands in for the network, or null with {@code globalMissing} saying why
     * @param globalMissing why there is no global fidelity, or null
     * @param dataFiles data files written beside the page (may be empty)
     * @param provenance where the numbers came from
     * @param timings wall-clock timings, or null when not shown
     */
    record Section(String id, String title, String note, List<TocEntry> toc, List<Card> cards, Guide guide,
                   List<String> warnings, List<Figure> credit, Table blocks, String sharedSensitivity,
                   List<Kernels> kernels, Features features, String featuresMissing, List<Figure> diagnostics,
                   Table diagnosticsTable, Table trajectories, List<Row> global, String globalMissing,
                   List<String> dataFiles, List<Row> provenance, Timings timings) {
    }

    /**
     * @param anchor target id
     * @param label link text
     */
    record TocEntry(String anchor, String label) {
    }

    /**
     * @param key what
     * @param value the number
     * @param sub a line under it
     */
    record Card(String key, String value, String sub) {
    }

    /**
     * @param estimator the estimator's spec
     * @param description what the estimator does
     * @param fidelity the sentence on this analysis's fidelities
     */
    record Guide(String estimator, String description, String fidelity) {
    }

    /**
     * A chart: inline SVG (hover texts on bars and cells) and a link to its PNG.
     *
     * @param svg the {@code <svg>} element (made by report.chart; inserted as markup)
     * @param title caption
     * @param png the PNG file name
     */
    record Figure(String svg, String title, String png) {
    }

    /**
     * @param figure the kernel-credit chart
     * @param summary the table's disclosure line
     * @param table the kernel credits
     */
    record Kernels(Figure figure, String summary, Table table) {
    }

    /**
     * @param description how to read the maps
     * @param figures the heat maps and the per-sample view
     */
    record Features(String description, List<Figure> figures) {
    }

    /**
     * @param summary the one-line totals
     * @param table per block
     */
    record Timings(String summary, Table table) {
    }

    /**
     * @param key row heading
     * @param value text
     */
    record Row(String key, String value) {
    }

    /**
     * @param columns headings
     * @param rows cells, as many per row as columns
     */
    record Table(List<Column> columns, List<List<Cell>> rows) {
        Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /**
     * @param name heading
     * @param numeric right-aligned
     * @param help tooltip, or null
     */
    record Column(String name, boolean numeric, String help) {
        Column {
            Objects.requireNonNull(name, "name");
        }

        static Column num(String name, String help) {
            return new Column(name, true, help);
        }

        static Column txt(String name, String help) {
            return new Column(name, false, help);
        }
    }

    /**
     * A table cell: text, optionally in a span (a badge, a muted "n/a"), with a second line, or a link.
     *
     * @param text the text
     * @param cls the cell's class, or null
     * @param title tooltip, or null
     * @param span class of a span around the text, or null
     * @param sub a muted second line, or null
     * @param href link target of the text, or null
     */
    record Cell(String text, String cls, String title, String span, String sub, String href) {
        Cell {
            Objects.requireNonNull(text, "text");
        }

        static Cell text(String s) {
            return new Cell(s, null, null, null, null, null);
        }

        static Cell num(String s) {
            return new Cell(s, "num", null, null, null, null);
        }

        static Cell num(Double v) {
            return v == null ? missing() : num(io.koopcredit.report.chart.Numbers.format(v));
        }

        static Cell missing() {
            return new Cell(io.koopcredit.report.chart.Numbers.MISSING, "num", null, "na", null, null);
        }

        static Cell name(String s) {
            return new Cell(s, "name", null, null, null, null);
        }
    }
}
