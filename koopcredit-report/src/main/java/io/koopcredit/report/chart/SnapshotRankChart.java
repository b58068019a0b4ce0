package io.koopcredit.report.chart;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.BlockStatus;
import io.koopcredit.credit.CreditResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshot rank per block: the median over trials of the snapshot matrix rank the rank policy kept, with
 * min–max whiskers over trials, against the block's input width nIn (a dash) for context. Log axis, since
 * ranks of a few dozen sit next to widths of thousands.
 */
final class SnapshotRankChart {
    private SnapshotRankChart() {
    }

    /**
     * @param result the analysis; not modified
     * @return the chart
     */
    static Canvas.Rendered render(CreditResult result) {
        return BarChart.render(spec(result));
    }

    /**
     * @param result the analysis; not modified
     * @return what the chart draws
     */
    static BarChartSpec spec(CreditResult result) {
        List<Bar> bars = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (BlockResult b : result.blocks()) {
            int nIn = b.block().nIn();
            values.add((double) nIn);
            if (b.status() == BlockStatus.FAILED) {
                bars.add(Bar.of(b.name(), null, ChartStyle.POSITIVE).withAnnotation("failed")
                        .withMarker(nIn, "nIn " + nIn));
                continue;
            }
            values.add((double) b.snapshotRankMax());
            boolean spread = b.snapshotRankMin() != b.snapshotRankMax();
            Bar bar = Bar.of(b.name(), (double) b.snapshotRank(), ChartStyle.POSITIVE)
                    .withValueLabel(spread ? b.snapshotRank() + " (" + b.snapshotRankMin() + "-"
                            + b.snapshotRankMax() + ")" : Integer.toString(b.snapshotRank()))
                    .withMarker(nIn, "nIn " + nIn);
            bars.add(spread ? bar.withWhisker(b.snapshotRankMin(), b.snapshotRankMax()) : bar);
        }
        return new BarChartSpec(ChartContext.title("Snapshot rank per block", result),
                "median over trials of the snapshot rank kept by the rank policy; whiskers: min-max over trials;"
                        + " dash: input width nIn",
                "rank (log scale)", "block", bars, LogAxis.covering(values, 1), null, List.of());
    }
}
