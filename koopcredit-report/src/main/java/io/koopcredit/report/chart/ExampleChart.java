package io.koopcredit.report.chart;

import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.Example;
import io.koopcredit.credit.FeatureWeights;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.util.List;

/**
 * The per-sample view of Fig. 4(b): for each kept held-out example, the input (grey, darker = larger)
 * next to the element-wise product of its values with the feature weights of the class the network
 * predicts, captioned with the label, the network's and the operator's predictions. All products share
 * one diverging scale with limits ±max|x·w| over the examples shown.
 */
final class ExampleChart {
    /** Examples per row: ten MNIST examples make two rows of five, in the same places as the class maps. */
    static final int COLUMNS = 5;
    /** Space between an input and its product map. */
    static final int INNER_GAP = 6;
    /** Room under a panel for two caption lines. */
    static final int CAPTION = 40;

    private ExampleChart() {
    }

    /**
     * @param weights the feature weights (for the input's shape)
     * @param examples how many examples
     * @return the image size {@link #render} gives
     */
    static Dimension size(FeatureWeights weights, int examples) {
        MapGrid grid = grid(weights, examples);
        return new Dimension(grid.width(), grid.height());
    }

    /**
     * @param result the analysis, with feature weights and at least one example; not modified
     * @return the per-sample view
     */
    static Canvas.Rendered render(CreditResult result) {
        FeatureWeights weights = result.featureWeights();
        List<Example> examples = result.examples();
        if (weights == null || examples.isEmpty()) {
            throw new IllegalArgumentException("the per-sample view needs feature weights and examples");
        }
        List<ValueGrid> products = FeatureWeightGrids.contributions(weights, examples);
        double[][] all = new double[examples.size()][];
        for (int i = 0; i < examples.size(); i++) {
            all[i] = products.get(i).values();
        }
        DivergingColorScale scale = DivergingColorScale.symmetric(all);
        SpatialLayout layout = SpatialLayout.of(weights.inputShape());
        MapGrid grid = grid(weights, examples.size());
        return Canvas.render(grid.width(), grid.height(), g -> {
            Header.draw(g, grid.width(), ChartContext.title("Per-sample view", result),
                    "left: input (darker = larger); right: input x feature weights of the network's predicted class;"
                            + " one scale for all");
            int cw = HeatMaps.cellWidth(layout);
            int ch = HeatMaps.cellHeight(layout);
            int mapW = HeatMaps.width(layout);
            int mapH = HeatMaps.height(layout);
            for (int i = 0; i < examples.size(); i++) {
                Example e = examples.get(i);
                int x = grid.x(i);
                int y = grid.y(i);
                ValueGrid input = FeatureWeightGrids.input(weights, e);
                HeatMaps.paint(g, input, GreyScale.spanning(input.values()), x, y, cw, ch,
                        Numbers::format);
                HeatMaps.paint(g, products.get(i), scale, x + mapW + INNER_GAP, y, cw, ch,
                        Numbers::format);
                caption(g, e, x + grid.panelWidth() / 2.0, y + mapH);
            }
            ColorLegend.draw(g, scale, "input x weight of the predicted class (limits: +/- max over these samples)",
                    grid.width() / 2.0, grid.bottom() + MapGrid.GAP);
        });
    }

    private static void caption(Graphics2D g, Example e, double cx, int mapBottom) {
        g.setFont(ChartStyle.LABEL_BOLD);
        g.setColor(ChartStyle.TEXT);
        Text.centered(g, e.label() == null ? "sample " + e.index() : "label " + e.label(), cx, mapBottom + 17);
        String k = e.operatorPrediction() == null ? Numbers.MISSING : Integer.toString(e.operatorPrediction());
        boolean disagree = e.operatorPrediction() != null && e.operatorPrediction() != e.networkPrediction();
        g.setFont(ChartStyle.SMALL);
        g.setColor(disagree ? ChartStyle.WARNING : ChartStyle.MUTED);
        Text.centered(g, "network " + e.networkPrediction() + " · operator K " + k, cx, mapBottom + 34);
    }

    private static MapGrid grid(FeatureWeights weights, int examples) {
        SpatialLayout layout = SpatialLayout.of(weights.inputShape());
        int panel = 2 * HeatMaps.width(layout) + INNER_GAP;
        return new MapGrid(panel, HeatMaps.height(layout) + CAPTION, Math.max(1, examples),
                layout.isStrip() ? 1 : COLUMNS);
    }
}
