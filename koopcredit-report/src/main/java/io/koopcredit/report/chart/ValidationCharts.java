package io.koopcredit.report.chart;

import io.koopcredit.credit.CreditResult;
import io.koopcredit.validation.pruning.PruningCurve;
import io.koopcredit.validation.pruning.PruningPoint;
import io.koopcredit.validation.pruning.PruningResult;
import io.koopcredit.validation.stats.RankingScope;
import io.koopcredit.validation.stats.Criterion;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The charts of a validation beyond the analysis's own: one pruning chart per ranking scope. */
public final class ValidationCharts {

    /** Colours of the pruning criteria: the credit in the bar charts' blue, the baselines apart from it. */
    static final Map<Criterion, Color> COLORS = Map.of(
            Criterion.CREDIT, ChartStyle.POSITIVE,
            Criterion.L1_NORM, ChartStyle.NEGATIVE,
            Criterion.ACTIVATION, new Color(0x3a, 0x8f, 0x5c),
            Criterion.RANDOM, new Color(0x80, 0x84, 0x8b));

    private ValidationCharts() {
    }

    /**
     * @param pruning the pruning check; not modified
     * @param analysis the analysis it belongs to (for the titles); not modified
     * @return one line chart per scope ({@code pruning-global}, {@code pruning-per-layer}): held-out score
     *     against the fraction of kernels pruned, one line per criterion, random as mean ± sd, the intact
     *     score as a dashed line
     */
    public static List<Chart> pruning(PruningResult pruning, CreditResult analysis) {
        List<Chart> out = new ArrayList<>();
        String score = pruning.scoreKind().spec();
        for (RankingScope scope : RankingScope.values()) {
            String scopeText = scope == RankingScope.GLOBAL ? "global ranking" : "per-layer ranking";
            List<LineChartSpec.Series> series = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (Criterion c : Criterion.values()) {
                PruningCurve curve = pruning.curve(scope, c);
                List<LineChartSpec.Point> points = new ArrayList<>();
                for (PruningPoint p : curve.points()) {
                    double y = 100 * p.score();
                    Double lo = p.scoreSd() == null ? null : 100 * (p.score() - p.scoreSd());
                    Double hi = p.scoreSd() == null ? null : 100 * (p.score() + p.scoreSd());
                    values.add(y);
                    if (hi != null) {
                        values.add(hi);
                    }
                    String hover = c.spec() + ", " + Numbers.percent(p.fraction()) + " pruned (" + p.pruned()
                            + " kernels): " + score + " " + Numbers.percent(p.score())
                            + (p.scoreSd() == null ? "" : " ± " + Numbers.percent(p.scoreSd()) + " over "
                            + p.seedScores().size() + " seeds");
                    points.add(new LineChartSpec.Point(100 * p.fraction(), y, lo, hi, hover));
                }
                String label = c == Criterion.RANDOM ? "random (mean ± sd, " + pruning.randomSeeds() + " seeds)"
                        : c == Criterion.CREDIT ? "kernel credit" : c == Criterion.L1_NORM ? "L1 norm" : "activation";
                series.add(new LineChartSpec.Series(label, COLORS.get(c), c == Criterion.RANDOM, points));
            }
            values.add(100 * pruning.baselineScore());
            List<ValueAxis.Tick> ticks = new ArrayList<>();
            for (PruningPoint p : pruning.curve(scope, Criterion.CREDIT).points()) {
                ticks.add(new ValueAxis.Tick(100 * p.fraction(), Numbers.format(100 * p.fraction()) + "%"));
            }
            LineChartSpec spec = new LineChartSpec(ChartContext.title("Pruning, " + scopeText, analysis),
                    "Held-out " + score + " after zeroing the lowest-ranked convolution kernels (of "
                            + pruning.candidates() + "), without fine-tuning; higher is better",
                    "kernels pruned (% of the candidates)", score + " (%)", ticks, series,
                    LinearAxis.covering(values), new BarChartSpec.Reference(100 * pruning.baselineScore(),
                    "unpruned " + Numbers.percent(pruning.baselineScore()), ChartStyle.TEXT));
            String name = ChartKind.PRUNING.baseName() + "-" + (scope == RankingScope.GLOBAL ? "global" : "per-layer");
            Canvas.Rendered r = LineChart.render(spec);
            String alt = "Line chart of the held-out " + score + " against the fraction of kernels pruned by kernel "
                    + "credit, L1 norm, activation and at random, " + scopeText + ", " + ChartContext.of(analysis);
            out.add(CreditCharts.chart(ChartKind.PRUNING, name, null, "Pruning, " + scopeText, alt, r));
        }
        return out;
    }
}
