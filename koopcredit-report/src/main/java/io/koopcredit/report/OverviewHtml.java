package io.koopcredit.report;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.GlobalFidelity;
import io.koopcredit.report.chart.Numbers;
import io.koopcredit.stats.Statistics;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The comparison table at the top of a page with several analyses: per analysis its model, estimator,
 * the blocks in credit order, how trustworthy the block linearizations are, and how well K stands in for
 * the network.
 */
final class OverviewHtml {
    private OverviewHtml() {
    }

    /**
     * @param h where the table goes
     * @param sections the page's sections, in page order
     */
    static void write(Html h, List<ReportSection> sections) {
        h.element("h2", "Overview", "id", "overview").nl();
        h.open("div", "class", "table-wrap").open("table").nl();
        Cells.header(h, Cells.txt("analysis", null), Cells.txt("model", null), Cells.txt("estimator", null),
                Cells.txt("blocks by credit", "most credit first; equal credits share a rank"),
                Cells.num("median block fidelity", "median over blocks of the median relative held-out error"),
                Cells.num("blocks above 1", "blocks whose linear model is worse than predicting zero"),
                Cells.num("K agrees", "argmax K·x equals the network's prediction"),
                Cells.num("K / network accuracy", "accuracy of argmax K·x and of the network on the labels"));
        h.open("tbody").nl();
        for (ReportSection s : sections) {
            CreditResult r = s.result();
            h.open("tr").open("td", "class", "name").element("a", s.title(), "href", "#" + s.id()).close("td");
            Path file = r.model().path().getFileName();
            Cells.text(h, file == null ? r.model().path().toString() : file.toString());
            Cells.text(h, r.options().estimator().spec());
            Cells.text(h, ranking(r));
            double[] fid = r.blocks().stream().filter(b -> b.fidelity() != null).mapToDouble(b -> b.fidelity().median())
                    .toArray();
            Cells.number(h, fid.length == 0 ? null : Statistics.median(fid));
            long bad = r.blocks().stream().filter(b -> BlockTables.untrusted(b.fidelity())).count();
            h.element("td", bad + " of " + r.blocks().size(), "class", bad > 0 ? "num bad" : "num");
            GlobalFidelity g = r.global();
            if (g == null) {
                Cells.missing(h);
                Cells.missing(h);
            } else {
                Cells.number(h, Numbers.percent(g.agreement()));
                Cells.number(h, g.operatorAccuracy() == null || g.networkAccuracy() == null ? Numbers.MISSING
                        : Numbers.percent(g.operatorAccuracy()) + " / " + Numbers.percent(g.networkAccuracy()));
            }
            h.close("tr").nl();
        }
        h.close("tbody").close("table").close("div").nl();
    }

    /**
     * @param r an analysis
     * @return its credited blocks from most to least credit, e.g. {@code conv1 > dense3 > pool1}, ties joined
     *     by {@code =}; blocks without credit are listed after a semicolon
     */
    static String ranking(CreditResult r) {
        List<BlockResult> ranked = r.blocks().stream().filter(b -> b.creditRank() != null)
                .sorted(Comparator.comparingInt(BlockResult::creditRank)).toList();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ranked.size(); i++) {
            if (i > 0) {
                sb.append(ranked.get(i).creditRank().equals(ranked.get(i - 1).creditRank()) ? " = " : " > ");
            }
            sb.append(ranked.get(i).name());
        }
        String none = r.blocks().stream().filter(b -> b.creditRank() == null).map(BlockResult::name)
                .collect(Collectors.joining(", "));
        if (!none.isEmpty()) {
            sb.append(sb.length() == 0 ? "" : "; ").append("no credit: ").append(none);
        }
        return sb.toString();
    }
}
