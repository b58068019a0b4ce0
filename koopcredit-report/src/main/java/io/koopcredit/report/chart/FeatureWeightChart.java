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
    /** Maps per row: 10 MNIST classes make two rows of five. */
    static final int COLUMNS = 5;
    /** Room under a map for its caption. */
    static final int CAPTION = 22;

    private FeatureWeightChart() {
    }

    /**
     * @param weights the feature weights
     * @param maps how many classes are drawn
     * @return the image size {@link #render} gives for them
     */
    static Dimension size(FeatureWeights weights, int maps) {
        MapGrid grid = grid(weights, maps);
        return new Dimension(grid.width(), grid.height());
    }

    /**
     * @param result the analysis (for the title); not modified
     * @param classes the classes to draw, in order (valid rows of the weights); not modified
     * @return the heat maps
     * @throws IllegalArgumentException if the result has no feature weights
     */
    static Canvas.Rendered render(CreditResult result, int[] classes) {
        FeatureWeights weights = result.featureWeights();
        if (weights == null) {
            throw new IllegalArgumentException("the result has no feature weights (some block has no operator)");
        }
        List<ValueGrid> maps = FeatureWeightGrids.perClass(weights, classes);
        // One scale for every class, drawn or not: the summaries hold each row's largest |w|.
        DivergingColorScale scale = new DivergingColorScale(weights.limit());
        SpatialLayout layout = SpatialLayout.of(weights.inputShape());
        MapGrid grid = grid(weights, classes.length);
        return Canvas.render(grid.width(), grid.height(), g -> {
            String title = ChartContext.title("Feature weights", result);
            String subtitle = "row c of K = K_m...K_1 for each class c; red > 0 > blue, white = 0; one scale for all"
                    + shownNote(classes, weights.classes());
            Header.draw(g, grid.width(), title, subtitle);
            int cw = HeatMaps.cellWidth(layout);
            int ch = HeatMaps.cellHeight(layout);
            for (int i = 0; i < classes.length; i++) {
                int x = grid.x(i);
                int y = grid.y(i);
                HeatMaps.paint(g, maps.get(i), scale, x, y, cw, ch, Numbers::format);
                g.setFont(ChartStyle.LABEL);
                g.setColor(ChartStyle.TEXT);
                Text.centered(g, "class " + classes[i], x + HeatMaps.width(layout) / 2.0,
                        y + HeatMaps.height(layout) + 17);
            }
            ColorLegend.draw(g, scale, "feature weight K[c, j] (limits: +/- max |K| over all classes)",
                    grid.width() / 2.0, grid.bottom() + MapGrid.GAP);
        });
    }

    /**
     * @param classes the classes drawn
     * @param all the number of classes
     * @return empty when every class is drawn in order, else which are (e.g. {@code ; first 10 of 1000
     *     classes} or {@code ; classes 3, 17 of 1000})
     */
    static String shownNote(int[] classes, int all) {
        boolean first = true;
        for (int i = 0; i < classes.length; i++) {
            first &= classes[i] == i;
        }
        if (first && classes.length == all) {
            return "";
        }
        if (first) {
            return "; first " + classes.length + " of " + all + " classes";
        }
        StringBuilder sb = new StringBuilder("; class" + (classes.length == 1 ? " " : "es "));
        for (int i = 0; i < classes.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(classes[i]);
        }
        return sb.append(" of ").append(all).toString();
    }

    private static MapGrid grid(FeatureWeights weights, int count) {
        SpatialLayout layout = SpatialLayout.of(weights.inputShape());
        return new MapGrid(HeatMaps.width(layout), HeatMaps.height(layout) + CAPTION, Math.max(1, count),
                layout.isStrip() ? 1 : COLUMNS);
    }
}
