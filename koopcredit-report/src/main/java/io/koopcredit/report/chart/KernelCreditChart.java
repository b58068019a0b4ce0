package io.koopcredit.report.chart;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.KernelCredit;
import java.util.ArrayList;
import java.util.List;

/**
 * Kernel credit of one convolution block (Fig. 4(a), "Conv1/Conv2 Kernel Credit"): one bar per output
 * channel, labelled with its value and its rank among the block's kernels.
 */
final class KernelCreditChart {
    private KernelCreditChart() {
    }

    /**
     * @param result the analysis (for the title); not modified
     * @param block a block with kernel credits; not modified
     * @return the chart
     */
    static Canvas.Rendered render(CreditResult result, BlockResult block) {
        return BarChart.render(spec(result, block));
    }

    /**
     * @param result the analysis (for the title); not modified
     * @param block a block with kernel credits; not modified
     * @return what the chart draws
     */
    static BarChartSpec spec(CreditResult result, BlockResult block) {
        List<KernelCredit> kernels = block.kernels();
        if (kernels.isEmpty()) {
            throw new IllegalArgumentException("block " + block.name() + " has no kernel credits");
        }
        List<Bar> bars = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (KernelCredit k : kernels) {
            Double v = k.logCredit();
            values.add(v);
            Bar bar = Bar.of(Integer.toString(k.channel()), v,
                    v == null || v >= 0 ? ChartStyle.POSITIVE : ChartStyle.NEGATIVE);
            bars.add(v == null ? bar.withAnnotation("zero") : bar.withAnnotation("#" + rank(kernels, v)));
        }
        return new BarChartSpec(ChartContext.title(block.name() + " kernel credit", result),
                "log pseudo-determinant of the rows of K_i that produce each output channel; higher = more credit;"
                        + " #k = rank among the " + kernels.size() + " kernels",
                "log credit", "output channel (kernel)", bars, LinearAxis.covering(values), null, List.of());
    }

    /**
     * Competition rank: equal credits share a rank.
     *
     * @param kernels the block's kernels
     * @param v a credit
     * @return 1 + the number of kernels with a strictly larger credit
     */
    static int rank(List<KernelCredit> kernels, double v) {
        int better = 0;
        for (KernelCredit k : kernels) {
            if (k.logCredit() != null && k.logCredit() > v) {
                better++;
            }
        }
        return better + 1;
    }
}
