package io.koopcredit.report;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.GlobalFidelity;
import io.koopcredit.report.HtmlModel.Cell;
import io.koopcredit.report.HtmlModel.Column;
import io.koopcredit.report.HtmlModel.Table;
import io.koopcredit.report.chart.Numbers;
import io.koopcredit.stats.Statistics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The comparison table at the top of a page with several analyses: per analysis its model, estimator,
 * the blocks in credit order, how trustworthy the block linearizations are, and how well K stands in for
 * the network.
 */
final class Overview {
    private Overview() {
    }

    /**
     * @param sections the page's sections, in page order
     * @return the table
     */
    static Table of(List<ReportSection> sections) {
        List<Column> columns = List.of(Column.txt("analysis", null), Column.txt("model", null),
                Column.txt("estimator", null), Column.txt("blocks by credit", "most credit first; equal credits share a rank"),
                Column.num("median block fidelity", "median over blocks of the median relative held-out error"),
                Column.num("blocks above 1", "blocks whose linear model is worse than predicting zero"),
                Column.num("K agrees", "argmax K·x equals the network's prediction"),
                Column.num("K / network accuracy", "accuracy of argmax K·x and of the network on the labels"));
        List<List<Cell>> rows = new ArrayList<>();
        for (ReportSection s : sections) {
            CreditResult r = s.result();
            Path file = r.model().path().getFileName();
            double[] fid = r.blocks().stream().filter(b -> b.fidelity() != null).mapToDouble(b -> b.fidelity().median())
                    .toArray();
            long bad = r.blocks().stream().filter(b -> SectionModel.untrusted(b.fidelity())).count();
            GlobalFidelity g = r.global();
            rows.add(List.of(new Cell(s.title(), "name", null, null, null, "#" + s.id()),
                    Cell.text(file == null ? r.model().path().toString() : file.toString()),
                    Cell.text(r.options().kind().spec()), Cell.text(ranking(r)),
                    Cell.num(fid.length == 0 ? null : Statistics.median(fid)),
                    new Cell(bad + " of " + r.blocks().size(), bad > 0 ? "num bad" : "num", null, null, null, null),
                    g == null ? Cell.missing() : Cell.num(Numbers.percent(g.agreement())),
                    g == null ? Cell.missing() : Cell.num(g.operatorAccuracy() == null || g.networkAccuracy() == null
                            ? Numbers.MISSING
                            : Numbers.percent(g.operatorAccuracy()) + " / " + Numbers.percent(g.networkAccuracy()))));
        }
        return new Table(columns, rows);
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
