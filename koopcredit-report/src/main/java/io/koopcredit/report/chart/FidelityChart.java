package io.koopcredit.report.chart;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.Fidelity;
import java.util.ArrayList;
import java.util.List;

/**
 * Fidelity per block: the median relative held-out error of each block's linear model, on a log axis
 * (values span decades), with a whisker up to the 90th percentile and a dashed line at 1, the error of
 * predicting zero. Bars above 1 are drawn in the warning colour: such a block's credit is not trustworthy.
 */
final class FidelityChart {
    /** The error of predicting zero: above it the linear model is worse than no model. */
    static final double NO_BETTER_THAN_ZERO = 1.0;
    /** The axis reaches at least this low, so the line at 1 stands clear of the baseline even if every bar is above it. */
    static final double AXIS_FLOOR = 0.1;

    private FidelityChart() {
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
        List<Double> values = new ArrayList<>(List.of(AXIS_FLOOR));
        for (BlockResult b : result.blocks()) {
            Fidelity f = b.fidelity();
            if (f == null) {
                bars.add(Bar.of(b.name(), null, ChartStyle.POSITIVE).withAnnotation("not measured"));
                continue;
            }
            values.add(f.median());
            values.add(f.p90());
            boolean bad = f.median() > NO_BETTER_THAN_ZERO;
            Bar bar = Bar.of(b.name(), f.median(), bad ? ChartStyle.WARNING : ChartStyle.POSITIVE)
                    .withWhisker(f.median(), f.p90());
            bars.add(bad ? bar.withAnnotation("untrusted") : bar);
        }
        return new BarChartSpec(ChartContext.title("Fidelity per block", result),
                "median relative held-out error ||K_i x - f_i(x)|| / ||f_i(x)||, whisker to the 90th percentile;"
                        + " 0 = perfect, 1 = no better than zero",
                "relative error (log scale)", "block", bars, LogAxis.covering(values, NO_BETTER_THAN_ZERO),
                new BarChartSpec.Reference(NO_BETTER_THAN_ZERO, "1 = predicting zero", ChartStyle.WARNING),
                List.of(new BarChartSpec.LegendEntry(ChartStyle.POSITIVE, "<= 1: better than predicting zero"),
                        new BarChartSpec.LegendEntry(ChartStyle.WARNING, "> 1: worse than zero, credit not trustworthy")));
    }
}
