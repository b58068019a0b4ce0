package io.koopcredit.report;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.FeatureWeights;
import io.koopcredit.credit.GlobalFidelity;
import io.koopcredit.report.chart.Chart;
import io.koopcredit.report.chart.ChartKind;
import io.koopcredit.report.chart.DivergingColorScale;
import io.koopcredit.report.chart.Numbers;
import io.koopcredit.report.chart.SpatialLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One analysis on the page: heading, cards, how to read it, warnings, layer credit, the blocks table,
 * kernel credit, feature weights with the per-sample view, diagnostics, global fidelity and provenance.
 *
 * @param section the analysis
 * @param files its file names
 * @param charts its rendered charts, whose PNG files are written beside the page
 * @param options page options (data links, timings)
 */
record SectionHtml(ReportSection section, SectionFiles files, List<Chart> charts, PageOptions options) {

    /**
     * A table-of-contents entry.
     *
     * @param anchor the target id
     * @param label the link text
     */
    record TocEntry(String anchor, String label) {
    }

    /**
     * Copies the chart list.
     *
     * @param section the analysis
     * @param files its file names
     * @param charts its rendered charts (copied)
     * @param options page options
     */
    SectionHtml {
        charts = List.copyOf(charts);
    }

    /** @return this section's sub-headings, in page order */
    List<TocEntry> toc() {
        List<TocEntry> out = new ArrayList<>();
        out.add(new TocEntry(anchor("credit"), "Layer credit"));
        out.add(new TocEntry(anchor("blocks"), "Blocks"));
        if (charts.stream().anyMatch(c -> c.kind() == ChartKind.KERNEL_CREDIT)) {
            out.add(new TocEntry(anchor("kernels"), "Kernel credit"));
        }
        out.add(new TocEntry(anchor("features"), "Feature weights"));
        out.add(new TocEntry(anchor("diagnostics"), "Diagnostics"));
        out.add(new TocEntry(anchor("global"), "Global fidelity"));
        out.add(new TocEntry(anchor("provenance"), "Provenance"));
        return out;
    }

    /** @param h where the section goes */
    void write(Html h) {
        CreditResult r = section.result();
        h.open("section", "class", "analysis", "id", section.id()).nl();
        h.element("h2", section.title()).nl();
        if (section.note() != null) {
            h.element("p", section.note(), "class", "note").nl();
        }
        ReadingGuide.cards(h, r);
        ReadingGuide.howToRead(h, r);
        ReadingGuide.warnings(h, r);

        h.element("h3", "Layer credit", "id", anchor("credit")).nl();
        h.open("div", "class", "figures").nl();
        figure(h, only(ChartKind.LAYER_CREDIT));
        figure(h, only(ChartKind.LAYER_CREDIT_PER_DIM));
        h.close("div").nl();

        h.element("h3", "Blocks", "id", anchor("blocks")).nl();
        BlockTables.credit(h, r);

        kernels(h, r);
        features(h, r);

        h.element("h3", "Diagnostics", "id", anchor("diagnostics")).nl();
        h.element("p", "Fidelity: the median relative held-out error of each block's linear model (whiskers up to"
                + " the 90th percentile); 0 = perfect, 1 = no better than predicting zero. Snapshot rank: how many"
                + " independent directions the snapshots of each block span, against its input width nIn.").nl();
        h.open("div", "class", "figures").nl();
        figure(h, only(ChartKind.FIDELITY));
        figure(h, only(ChartKind.SNAPSHOT_RANK));
        h.close("div").nl();
        BlockTables.diagnostics(h, r);
        Html trajectories = new Html();
        if (BlockTables.trajectories(trajectories, r)) {
            h.element("h4", "Embedded trajectories").nl();
            h.element("p", "What the iterated, dimension-aligned blocks did over the step-delay embedding: trajectories"
                    + " that reach a fixed point or cycle add no new snapshot directions after that step; trajectories"
                    + " that leave the finite range are cut; the norms show collapse (last ≪ first) or growth.").nl();
            h.append(trajectories);
        }

        global(h, r.global(), r.globalNote());

        h.element("h3", "Provenance", "id", anchor("provenance")).nl();
        dataLinks(h, r);
        ProvenanceHtml.provenance(h, r, section.provenance());
        if (options.timings()) {
            ProvenanceHtml.timings(h, r.timings(), anchor("timings"));
        }
        h.close("section").nl();
    }

    private void kernels(Html h, CreditResult r) {
        List<Chart> kernelCharts = charts.stream().filter(c -> c.kind() == ChartKind.KERNEL_CREDIT).toList();
        if (kernelCharts.isEmpty()) {
            return;
        }
        h.element("h3", "Kernel credit", "id", anchor("kernels")).nl();
        h.element("p", "Credit of each convolution kernel (output channel c): the log pseudo-determinant of the rows"
                + " of K_i that produce feature map c (Fig. 4(a), \"Conv Kernel Credit\"). Higher = more credit;"
                + " #k ranks the kernels of one block.").nl();
        for (Chart c : kernelCharts) {
            BlockResult b = r.block(c.block());
            h.open("div", "class", "figures").nl();
            figure(h, c);
            h.close("div").nl();
            h.open("details").element("summary", b.name() + ": kernel credit table (" + b.kernels().size()
                    + " kernels)").nl();
            BlockTables.kernels(h, b);
            h.close("details").nl();
        }
    }

    private void features(Html h, CreditResult r) {
        h.element("h3", "Feature weights", "id", anchor("features")).nl();
        FeatureWeights fw = r.featureWeights();
        if (fw == null) {
            h.element("p", "Not available: " + r.globalNote() + ".", "class", "na").nl();
            return;
        }
        SpatialLayout layout = SpatialLayout.of(fw.inputShape());
        double limit = DivergingColorScale.symmetric(fw.weights()).limit();
        h.element("p", "Left: row c of K = K_m⋯K_1 for each class c, the input shape " + Arrays.toString(fw.inputShape())
                + " drawn as " + layout.rows() + " × " + layout.cols() + " (one square per input value). Colours:"
                + " blue < 0 < red, white = 0, on one symmetric scale for all classes with limits ±max|K| = ±"
                + Numbers.format(limit) + ". Right: the per-sample view of Fig. 4(b), each held-out example next to"
                + " its values times the weights of the class the network predicts (caption: label, network and"
                + " operator predictions; red when K disagrees with the network).").nl();
        h.open("div", "class", "figures").nl();
        figure(h, only(ChartKind.FEATURE_WEIGHTS));
        charts.stream().filter(c -> c.kind() == ChartKind.EXAMPLES).findFirst().ifPresent(c -> figure(h, c));
        h.close("div").nl();
    }

    private void global(Html h, GlobalFidelity g, String note) {
        h.element("h3", "Global fidelity", "id", anchor("global")).nl();
        if (g == null) {
            h.element("p", "Not available: " + note + ".", "class", "na").nl();
            return;
        }
        h.element("p", "How well the product K = K_m⋯K_1 of all block operators stands in for the whole network on"
                + " held-out inputs.").nl();
        h.open("div", "class", "table-wrap").open("table", "class", "kv").open("tbody").nl();
        kv(h, "held-out samples", Integer.toString(g.samples()));
        kv(h, "argmax K·x agrees with the network", Numbers.percent(g.agreement()));
        kv(h, "accuracy of K (argmax K·x vs label)",
                g.operatorAccuracy() == null ? "n/a (no labels)" : Numbers.percent(g.operatorAccuracy()));
        kv(h, "accuracy of the network",
                g.networkAccuracy() == null ? "n/a (no labels)" : Numbers.percent(g.networkAccuracy()));
        kv(h, "median relative error ‖K·x − N(x)‖ / ‖N(x)‖", Numbers.formatOrMissing(g.medianRelativeError()));
        h.close("tbody").close("table").close("div").nl();
    }

    private void dataLinks(Html h, CreditResult r) {
        List<String> names = new ArrayList<>();
        if (options.linkedFormats().contains(ReportFormat.JSON)) {
            names.add(files.creditJson());
        }
        if (options.linkedFormats().contains(ReportFormat.CSV)) {
            names.add(files.creditsCsv());
            if (r.featureWeights() != null) {
                names.add(files.featureWeightsCsv());
            }
        }
        if (names.isEmpty()) {
            return;
        }
        h.open("p", "class", "files").text("Data: ");
        for (String n : names) {
            h.element("a", n, "href", n);
        }
        h.close("p").nl();
    }

    private void figure(Html h, Chart c) {
        h.open("figure");
        h.open("img", "src", files.png(c), "width", Integer.toString(c.width()), "height",
                Integer.toString(c.height()), "alt", c.alt());
        h.open("figcaption").text(c.title() + " · ").element("a", files.png(c), "href", files.png(c))
                .close("figcaption");
        h.close("figure").nl();
    }

    private Chart only(ChartKind kind) {
        return charts.stream().filter(c -> c.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + kind + " chart was rendered"));
    }

    private String anchor(String part) {
        return section.id() + "-" + part;
    }

    private static void kv(Html h, String key, String value) {
        h.open("tr").element("th", key, "scope", "row").element("td", value).close("tr").nl();
    }
}
