package io.koopcredit.report.chart;

import io.koopcredit.credit.BlockCredit;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Layer credit (Fig. 4(a), "Layer Credit"): one signed bar per block, labelled with its value and credit
 * rank; blocks without a credit show "n/a" and their status.
 */
final class LayerCreditChart {

    /** Which number of a block's credit the bars show. */
    enum Measure {
        /** log BC_i = log |det K_i|, the pseudo-determinant. */
        LOG_CREDIT,
        /** log BC_i / rank: comparable between blocks of different rank. */
        PER_DIM
    }

    private LayerCreditChart() {
    }

    /**
     * @param result the analysis; not modified
     * @param measure which value
     * @return the chart
     */
    static Canvas.Rendered render(CreditResult result, Measure measure) {
        return BarChart.render(spec(result, measure));
    }

    /**
     * @param result the analysis; not modified
     * @param measure which value
     * @return what the chart draws
     */
    static BarChartSpec spec(CreditResult result, Measure measure) {
        List<Bar> bars = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (BlockResult b : result.blocks()) {
            Double v = value(b.credit(), measure);
            values.add(v);
            Bar bar = Bar.of(b.name(), v, v == null || v >= 0 ? ChartStyle.POSITIVE : ChartStyle.NEGATIVE);
            bars.add(bar.withAnnotation(b.creditRank() != null ? "#" + b.creditRank()
                    : b.status().name().toLowerCase(Locale.ROOT)));
        }
        boolean perDim = measure == Measure.PER_DIM;
        String title = perDim ? "Layer credit per dimension" : "Layer credit";
        String subtitle = perDim
                ? "log credit / rank: mean log volume scale per kept direction, comparable across ranks;"
                        + " #k = credit rank (by log credit)"
                : "log |det K_i| (log pseudo-determinant, natural log) per block; higher = more credit;"
                        + " #k = credit rank";
        return new BarChartSpec(ChartContext.title(title, result), subtitle,
                perDim ? "log credit / rank" : "log credit", "block", bars, LinearAxis.covering(values), null,
                List.of());
    }

    private static Double value(BlockCredit c, Measure m) {
        if (c == null) {
            return null;
        }
        return m == Measure.LOG_CREDIT ? c.logCredit() : c.logCreditPerDim();
    }
}
