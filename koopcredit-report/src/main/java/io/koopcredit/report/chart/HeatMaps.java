package io.koopcredit.report.chart;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.util.function.DoubleFunction;

/** Draws a value grid as a heat map of solid squares (nearest-neighbour upscaling, no smoothing). */
final class HeatMaps {
    /** Side of the square a map is scaled to fit, in pixels: big enough to see single pixels of a 28 × 28 digit. */
    static final int TARGET_SIDE = 112;
    /** Width a 1 × n strip is scaled to fit, in pixels. */
    static final int TARGET_STRIP = 840;
    /** Height of a 1 × n strip's cells, so that the strip stays visible. */
    static final int STRIP_HEIGHT = 28;

    private HeatMaps() {
    }

    /**
     * @param layout the picture layout
     * @return pixels per value horizontally: the largest whole number that fits the target size, at least 1
     */
    static int cellWidth(SpatialLayout layout) {
        if (layout.isStrip()) {
            return Math.max(1, TARGET_STRIP / layout.cols());
        }
        return Math.max(1, TARGET_SIDE / Math.max(layout.rows(), layout.cols()));
    }

    /**
     * @param layout the picture layout
     * @return pixels per value vertically (square cells, except strips)
     */
    static int cellHeight(SpatialLayout layout) {
        return layout.isStrip() ? Math.max(STRIP_HEIGHT, cellWidth(layout)) : cellWidth(layout);
    }

    /**
     * @param layout the picture layout
     * @return the drawn width of one map
     */
    static int width(SpatialLayout layout) {
        return layout.cols() * cellWidth(layout);
    }

    /**
     * @param layout the picture layout
     * @return the drawn height of one map
     */
    static int height(SpatialLayout layout) {
        return layout.rows() * cellHeight(layout);
    }

    /**
     * Cells are filled without antialiasing, so that neighbours meet exactly (on an SVG canvas they are
     * left to {@link Svg}, which writes each with its value as hover text); a thin frame follows.
     *
     * @param g where to draw; its hints are restored
     * @param grid the values; not modified
     * @param scale their colours
     * @param x left edge
     * @param y top edge
     * @param cellW pixels per value horizontally
     * @param cellH pixels per value vertically
     * @param hover the hover text of a value on the page's SVG
     */
    static void paint(Graphics2D g, ValueGrid grid, ColorScale scale, int x, int y, int cellW, int cellH,
                      DoubleFunction<String> hover) {
        Svg.CellLayer cells = Svg.cells(g);
        if (cells != null) {
            cells.add(grid, scale, x, y, cellW, cellH, hover);
        } else {
            fill(g, grid, scale, x, y, cellW, cellH);
        }
        g.setColor(ChartStyle.FRAME);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(x - 0.5, y - 0.5, grid.cols() * cellW + 1, grid.rows() * cellH + 1));
    }

    private static void fill(Graphics2D g, ValueGrid grid, ColorScale scale, int x, int y, int cellW, int cellH) {
        Object aa = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        try {
            for (int r = 0; r < grid.rows(); r++) {
                for (int c = 0; c < grid.cols(); c++) {
                    g.setColor(scale.color(grid.value(r, c)));
                    g.fillRect(x + c * cellW, y + r * cellH, cellW, cellH);
                }
            }
        } finally {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
        }
    }
}
