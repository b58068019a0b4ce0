package io.koopcredit.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.LinearGradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * A horizontal legend bar for a diverging scale: the colours from -limit to +limit with five labelled
 * ticks (-limit, -limit/2, 0, +limit/2, +limit) and a title saying what the values are.
 */
final class ColorLegend {
    /** Height the legend takes: title, bar and tick labels. */
    static final int HEIGHT = 62;
    /** Width of the colour bar: long enough to read five labels under it. */
    static final int BAR_WIDTH = 360;
    /** Height of the colour bar. */
    private static final int BAR_HEIGHT = 14;
    /** Ticks along the bar, ends included (so there is one at 0). */
    private static final int TICKS = 5;

    private ColorLegend() {
    }

    /**
     * @param g where to draw; font, colour and stroke change
     * @param scale the scale
     * @param title what the colours measure
     * @param cx horizontal centre
     * @param top top edge
     */
    static void draw(Graphics2D g, DivergingColorScale scale, String title, double cx, int top) {
        g.setFont(ChartStyle.LABEL);
        g.setColor(ChartStyle.TEXT);
        Text.centered(g, title, cx, top + 14);
        int x0 = (int) Math.round(cx - BAR_WIDTH / 2.0);
        int y0 = top + 22;
        double limit = scale.limit();
        if (limit == 0) {
            g.setColor(DivergingColorScale.ZERO);
        } else {
            // One gradient through the scale's stops (one SVG element rather than a rectangle per pixel).
            List<Color> stops = DivergingColorScale.stops();
            float[] fractions = new float[stops.size()];
            for (int i = 0; i < fractions.length; i++) {
                fractions[i] = i / (float) (fractions.length - 1);
            }
            g.setPaint(new LinearGradientPaint(x0, 0, x0 + BAR_WIDTH, 0, fractions, stops.toArray(Color[]::new)));
        }
        g.fill(new Rectangle2D.Double(x0, y0, BAR_WIDTH, BAR_HEIGHT));
        g.setColor(ChartStyle.FRAME);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(x0 - 0.5, y0 - 0.5, BAR_WIDTH + 1, BAR_HEIGHT + 1));
        g.setFont(ChartStyle.SMALL);
        for (int t = 0; t < TICKS; t++) {
            double f = t / (double) (TICKS - 1);
            double x = x0 + f * BAR_WIDTH;
            g.setColor(ChartStyle.AXIS);
            g.draw(new Line2D.Double(x, y0 + BAR_HEIGHT, x, y0 + BAR_HEIGHT + 4));
            g.setColor(ChartStyle.MUTED);
            double v = limit * (2 * f - 1);
            Text.centered(g, t == (TICKS - 1) / 2 ? "0" : Numbers.format(v, 3), x, y0 + BAR_HEIGHT + 18);
        }
    }
}
