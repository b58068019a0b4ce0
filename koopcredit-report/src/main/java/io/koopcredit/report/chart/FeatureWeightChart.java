package io.koopcredit.report.chart;

import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.FeatureWeights;
import java.awt.Dimension;
import java.util.List;

/**
 * Feature-weight heat maps (Section III.D, Fig. 4(b)): row c of K = K_m⋯K_1 laid out like the input, one
 * map per class in a grid, all on ONE diverging scale with limits ±max|w| over all classes, so that
 * colours compare across classes.
 */
final class FeatureWeightChart {
    /** Most classes drawn: beyond 20 maps the image stops being readable (the CSV has every row). */
    static final int MAX_MAPS = 20;
    /** Maps per row: 10 MNIST classes make two rows of five. */
    static final int COLUMNS = 5;
    /** Room under a map for its caption. */
    static final int CAPTION = 22;

    private FeatureWeightChart() {
    }

    /**
     * @param weights the feature weights
     * @return the image size {@link #render} gives for them
     */
    static Dimension size(FeatureWeights weights) {
        MapGrid grid = grid(weights);
        return new Dimension(grid.width(), grid.height());
    }

    /**
     * @param result the analysis (for the title); not modified
     * @return the heat maps
     * @throws IllegalArgumentException if the result has no feature weights
     */
    static Canvas.Rendered render(CreditResult result) {
        FeatureWeights weights = result.featureWeights();
        if (weights == null) {
            throw new IllegalArgumentException("the result has no feature weights (some block has no operator)");
        }
        List<ValueGrid> maps = FeatureWeightGrids.perClass(weights);
        DivergingColorScale scale = DivergingColorScale.symmetric(weights.weights());
        SpatialLayout layout = SpatialLayout.of(weights.inputShape());
        MapGrid grid = grid(weights);
        return Canvas.render(grid.width(), grid.height(), g -> {
            int shown = Math.min(maps.size(), MAX_MAPS);
            String title = ChartContext.title("Feature weights", result);
            String subtitle = "row c of K = K_m...K_1 for each class c; red > 0 > blue, white = 0; one scale for all"
                    + (shown < maps.size() ? "; first " + shown + " of " + maps.size() + " classes" : "");
            Header.draw(g, grid.width(), title, subtitle);
            int cw = HeatMaps.cellWidth(layout);
            int ch = HeatMaps.cellHeight(layout);
            for (int c = 0; c < shown; c++) {
                int x = grid.x(c);
                int y = grid.y(c);
                HeatMaps.paint(g, maps.get(c), scale, x, y, cw, ch, Numbers::format);
                g.setFont(ChartStyle.LABEL);
                g.setColor(ChartStyle.TEXT);
                Text.centered(g, "class " + c, x + HeatMaps.width(layout) / 2.0, y + HeatMaps.height(layout) + 17);
            }
            ColorLegend.draw(g, scale, "feature weight K[c, j] (limits: +/- max |K| over all classes)",
                    grid.width() / 2.0, grid.bottom() + MapGrid.GAP);
        });
    }

    private static MapGrid grid(FeatureWeights weights) {
        SpatialLayout layout = SpatialLayout.of(weights.inputShape());
        int count = Math.min(weights.classes(), MAX_MAPS);
        return new MapGrid(HeatMaps.width(layout), HeatMaps.height(layout) + CAPTION, Math.max(1, count),
                layout.isStrip() ? 1 : COLUMNS);
    }
}
