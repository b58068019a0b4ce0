package io.koopcredit.report.chart;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;

/**
 * Draws a bar chart: a title and a how-to-read line, a value axis with grid lines, one slot per bar with
 * its category label and optional annotation, bars from the axis baseline (0 on a linear axis, so signed
 * values grow up and down from the zero line), value labels at the bar ends, optional whiskers, markers,
 * a reference line and a colour legend. Missing values show their label ("n/a") in place of a bar.
 */
final class BarChart {
    /** Width of every bar chart with up to {@link #BARS_AT_DEFAULT_WIDTH} bars: half a laptop screen. */
    static final int WIDTH = 900;
    /** Height of every bar chart: a wide landscape that still leaves room for labels. */
    static final int HEIGHT = 420;
    /** Narrowest slot per bar; wider charts get wider images rather than unreadable labels. */
    static final int MIN_SLOT = 36;
    /** Bars that fit {@link #WIDTH} at {@link #MIN_SLOT}; more bars widen the image. */
    static final int BARS_AT_DEFAULT_WIDTH = 22;

    /** Widest bar, so that two or three bars do not become slabs. */
    private static final double MAX_BAR = 70;
    /** Share of a slot a bar fills; the rest separates neighbours. */
    private static final double BAR_SHARE = 0.62;
    /** Space kept inside the plot above the top and below the bottom for value labels. */
    private static final int VALUE_PAD = 22;
    /** Top of the plot area without / with a legend line. */
    private static final int PLOT_TOP = 64;
    private static final int PLOT_TOP_WITH_LEGEND = 84;
    /** Baseline of the legend line. */
    private static final int LEGEND_BASELINE = 70;
    /** Room under the plot for category labels, annotations and the category axis title. */
    private static final int BOTTOM_AREA = 70;
    /** Gap between a tick label and the plot. */
    private static final int TICK_GAP = 6;

    private BarChart() {
    }

    /**
     * @param bars number of bars
     * @return the image width for that many bars: {@link #WIDTH}, or wider to keep {@link #MIN_SLOT}
     */
    static int width(int bars) {
        return Math.max(WIDTH, WIDTH + (bars - BARS_AT_DEFAULT_WIDTH) * MIN_SLOT);
    }

    /**
     * @param spec what to draw
     * @return a {@link #width(int)} × {@link #HEIGHT} chart
     */
    static Canvas.Rendered render(BarChartSpec spec) {
        int w = width(spec.bars().size());
        return Canvas.render(w, HEIGHT, g -> draw(g, spec, w));
    }

    private static void draw(Graphics2D g, BarChartSpec spec, int w) {
        Header.draw(g, w, spec.title(), spec.subtitle());
        boolean legend = !spec.legend().isEmpty() || spec.reference() != null;
        int top = legend ? PLOT_TOP_WITH_LEGEND : PLOT_TOP;
        double tickWidth = 0;
        g.setFont(ChartStyle.SMALL);
        for (ValueAxis.Tick t : spec.axis().ticks()) {
            tickWidth = Math.max(tickWidth, Text.width(g, t.label()));
        }
        double left = ChartStyle.MARGIN + 22 + tickWidth + TICK_GAP;
        double right = w - ChartStyle.MARGIN;
        double bottom = HEIGHT - BOTTOM_AREA;
        int n = spec.bars().size();
        double slot = (right - left) / n;
        Font valueFont = valueFont(g, spec, slot);
        boolean upright = fitsUpright(g, spec, slot, valueFont);
        double labelExtent = upright ? VALUE_PAD : longestValueLabel(g, spec, valueFont) + 8;
        double innerTop = top + labelExtent;
        boolean below = spec.axis() instanceof LinearAxis la && la.min() < 0;
        double innerBottom = bottom - (below ? labelExtent : 0);
        Plot plot = new Plot(spec.axis(), left, right, innerTop, innerBottom);

        if (legend) {
            drawLegend(g, spec, left);
        }
        drawGrid(g, spec, plot, top, bottom);
        for (int i = 0; i < n; i++) {
            double cx = left + slot * (i + 0.5);
            Bar bar = spec.bars().get(i);
            Svg.titled(g, bar.hover(), () -> {
                drawBar(g, bar, plot, cx, slot, valueFont, upright);
                drawCategory(g, bar, cx, slot, bottom);
            });
        }
        if (spec.reference() != null) {
            drawReference(g, spec.reference(), plot);
        }
        g.setColor(ChartStyle.TEXT);
        g.setFont(ChartStyle.LABEL);
        Text.vertical(g, spec.valueLabel(), ChartStyle.MARGIN + 8, (top + bottom) / 2.0);
        if (spec.categoryLabel() != null) {
            Text.centered(g, spec.categoryLabel(), (left + right) / 2, HEIGHT - ChartStyle.MARGIN + 4);
        }
    }

    /** Where values land: the axis mapped onto the inner plot rectangle. */
    private record Plot(ValueAxis axis, double left, double right, double top, double bottom) {
        double y(double value) {
            return bottom - axis.fraction(value) * (bottom - top);
        }

        double baseY() {
            return bottom - axis.baseline() * (bottom - top);
        }
    }

    private static Font valueFont(Graphics2D g, BarChartSpec spec, double slot) {
        for (Bar b : spec.bars()) {
            if (Text.width(g, ChartStyle.SMALL, b.valueLabel()) > slot - 4) {
                return ChartStyle.TINY;
            }
        }
        return ChartStyle.SMALL;
    }

    private static boolean fitsUpright(Graphics2D g, BarChartSpec spec, double slot, Font font) {
        for (Bar b : spec.bars()) {
            if (Text.width(g, font, b.valueLabel()) > slot - 2) {
                return false;
            }
        }
        return true;
    }

    private static double longestValueLabel(Graphics2D g, BarChartSpec spec, Font font) {
        double m = 0;
        for (Bar b : spec.bars()) {
            m = Math.max(m, Text.width(g, font, b.valueLabel()));
        }
        return m;
    }

    /** Colour swatches, then the reference line's dash and label. */
    private static void drawLegend(Graphics2D g, BarChartSpec spec, double left) {
        g.setFont(ChartStyle.SMALL);
        double x = left;
        for (BarChartSpec.LegendEntry e : spec.legend()) {
            g.setColor(e.color());
            g.fill(new Rectangle2D.Double(x, LEGEND_BASELINE - 10, 12, 12));
            g.setColor(ChartStyle.MUTED);
            g.drawString(e.label(), (float) (x + 17), LEGEND_BASELINE);
            x += 17 + Text.width(g, e.label()) + 22;
        }
        BarChartSpec.Reference r = spec.reference();
        if (r != null) {
            g.setColor(r.color());
            g.setStroke(dashed());
            g.draw(new Line2D.Double(x, LEGEND_BASELINE - 4, x + 24, LEGEND_BASELINE - 4));
            g.setStroke(new BasicStroke(1f));
            g.setColor(ChartStyle.MUTED);
            g.drawString(r.label(), (float) (x + 30), LEGEND_BASELINE);
        }
    }

    private static BasicStroke dashed() {
        return new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    private static void drawGrid(Graphics2D g, BarChartSpec spec, Plot plot, double top, double bottom) {
        g.setFont(ChartStyle.SMALL);
        g.setStroke(new BasicStroke(1f));
        for (ValueAxis.Tick t : spec.axis().ticks()) {
            double y = plot.y(t.value());
            g.setColor(ChartStyle.GRID);
            g.draw(new Line2D.Double(plot.left(), y, plot.right(), y));
            g.setColor(ChartStyle.MUTED);
            Text.rightMiddle(g, t.label(), plot.left() - TICK_GAP, y);
        }
        g.setColor(ChartStyle.AXIS);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(new Line2D.Double(plot.left(), top, plot.left(), bottom));
        g.setStroke(new BasicStroke(1.5f));
        double base = plot.baseY();
        g.draw(new Line2D.Double(plot.left(), base, plot.right(), base));
    }

    private static void drawBar(Graphics2D g, Bar b, Plot plot, double cx, double slot, Font valueFont,
                                boolean upright) {
        double barW = Math.min(MAX_BAR, slot * BAR_SHARE);
        double base = plot.baseY();
        if (b.value() == null) {
            g.setFont(ChartStyle.SMALL.deriveFont(Font.ITALIC));
            g.setColor(ChartStyle.MUTED);
            Text.centered(g, b.valueLabel(), cx, base - 6);
            return;
        }
        double y = plot.y(b.value());
        g.setColor(b.color());
        g.fill(new Rectangle2D.Double(cx - barW / 2, Math.min(y, base), barW, Math.max(1, Math.abs(base - y))));
        double labelAnchor = y;
        if (b.low() != null) {
            double yl = plot.y(b.low());
            double yh = plot.y(b.high());
            g.setColor(ChartStyle.AXIS);
            g.setStroke(new BasicStroke(1.5f));
            double cap = Math.min(10, barW / 2);
            g.draw(new Line2D.Double(cx, yl, cx, yh));
            g.draw(new Line2D.Double(cx - cap / 2, yl, cx + cap / 2, yl));
            g.draw(new Line2D.Double(cx - cap / 2, yh, cx + cap / 2, yh));
            labelAnchor = Math.min(labelAnchor, yh);
        }
        boolean up = y <= base;
        g.setFont(valueFont);
        g.setColor(ChartStyle.TEXT);
        if (up && b.marker() != null) {
            // A marker dash just above the bar would cross the value label: the label goes above the dash.
            double my = plot.y(b.marker());
            double extent = upright ? g.getFontMetrics().getAscent() + 5 : Text.width(g, b.valueLabel()) + 4;
            if (my <= labelAnchor + 2 && my >= labelAnchor - extent - 3) {
                labelAnchor = my - 2;
            }
        }
        double labelTop;
        double labelBottom;
        if (upright) {
            double ascent = g.getFontMetrics().getAscent();
            double baseline = up ? labelAnchor - 5 : y + 5 + ascent;
            Text.centered(g, b.valueLabel(), cx, baseline);
            labelTop = baseline - ascent;
            labelBottom = baseline;
        } else {
            double len = Text.width(g, b.valueLabel());
            double start = up ? labelAnchor - 4 : y + 4 + len;
            Text.upwards(g, b.valueLabel(), cx, start);
            labelTop = start - len;
            labelBottom = start;
        }
        if (b.marker() != null) {
            drawMarker(g, b, plot, cx, barW, labelTop, labelBottom);
        }
    }

    /** A dash across the slot; its label moves above the value label rather than overprint it. */
    private static void drawMarker(Graphics2D g, Bar b, Plot plot, double cx, double barW, double valueTop,
                                   double valueBottom) {
        double y = plot.y(b.marker());
        g.setColor(ChartStyle.TEXT);
        g.setStroke(new BasicStroke(2.5f));
        double half = barW / 2 + 6;
        g.draw(new Line2D.Double(cx - half, y, cx + half, y));
        g.setStroke(new BasicStroke(1f));
        if (b.markerLabel() != null) {
            g.setFont(ChartStyle.TINY);
            g.setColor(ChartStyle.MUTED);
            double baseline = y - 4;
            double ascent = g.getFontMetrics().getAscent();
            if (baseline > valueTop - 2 && baseline - ascent < valueBottom + 2) {
                baseline = valueTop - 3;
            }
            Text.centered(g, b.markerLabel(), cx, baseline);
        }
    }

    private static void drawCategory(Graphics2D g, Bar b, double cx, double slot, double bottom) {
        g.setFont(ChartStyle.LABEL);
        g.setColor(ChartStyle.TEXT);
        Text.centered(g, Text.fit(g, b.label(), slot - 4), cx, bottom + 18);
        if (b.annotation() != null) {
            g.setFont(ChartStyle.LABEL_BOLD);
            g.setColor(ChartStyle.MUTED);
            Text.centered(g, Text.fit(g, b.annotation(), slot - 2), cx, bottom + 35);
        }
    }

    private static void drawReference(Graphics2D g, BarChartSpec.Reference r, Plot plot) {
        double y = plot.y(r.value());
        g.setColor(r.color());
        g.setStroke(dashed());
        g.draw(new Line2D.Double(plot.left(), y, plot.right(), y));
        g.setStroke(new BasicStroke(1f));
    }
}
