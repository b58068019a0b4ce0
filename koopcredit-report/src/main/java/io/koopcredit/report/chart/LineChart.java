package io.koopcredit.report.chart;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;

/**
 * Draws a line chart: a title and a how-to-read line, a legend line, a linear y axis with grid lines, x
 * ticks at the given positions, one polyline per series with a marker (and error bar) per point, and an
 * optional dashed reference line. Every marker carries its value as hover text on the page.
 */
final class LineChart {
    /** Image width: the width of the bar charts, so that the page's figures line up. */
    static final int WIDTH = BarChart.WIDTH;
    /** Image height. */
    static final int HEIGHT = 460;

    private static final int PLOT_TOP = 84;
    private static final int LEGEND_BASELINE = 70;
    private static final int BOTTOM_AREA = 58;
    private static final int TICK_GAP = 6;
    private static final double MARKER = 7;
    /** Room left and right of the first and last x tick, so that markers are not cut. */
    private static final double X_PAD = 24;

    private LineChart() {
    }

    /**
     * @param spec what to draw
     * @return a {@link #WIDTH} × {@link #HEIGHT} chart
     */
    static Canvas.Rendered render(LineChartSpec spec) {
        return Canvas.render(WIDTH, HEIGHT, g -> draw(g, spec));
    }

    private static void draw(Graphics2D g, LineChartSpec spec) {
        Header.draw(g, WIDTH, spec.title(), spec.subtitle());
        g.setFont(ChartStyle.SMALL);
        double tickWidth = 0;
        for (ValueAxis.Tick t : spec.axis().ticks()) {
            tickWidth = Math.max(tickWidth, Text.width(g, t.label()));
        }
        double left = ChartStyle.MARGIN + 22 + tickWidth + TICK_GAP;
        double right = WIDTH - ChartStyle.MARGIN;
        double top = PLOT_TOP;
        double bottom = HEIGHT - BOTTOM_AREA;
        double xMin = spec.xTicks().get(0).value();
        double xMax = spec.xTicks().get(spec.xTicks().size() - 1).value();
        Frame f = new Frame(spec.axis(), left + X_PAD, right - X_PAD, top, bottom, xMin, xMax);

        drawLegend(g, spec, left);
        drawGrid(g, spec, f, left, right);
        for (LineChartSpec.Series s : spec.series()) {
            drawSeries(g, s, f);
        }
        if (spec.reference() != null) {
            double y = f.y(spec.reference().value());
            g.setColor(spec.reference().color());
            g.setStroke(dashed(1.6f));
            g.draw(new Line2D.Double(left, y, right, y));
            g.setStroke(new BasicStroke(1f));
        }
        g.setColor(ChartStyle.TEXT);
        g.setFont(ChartStyle.LABEL);
        Text.vertical(g, spec.yLabel(), ChartStyle.MARGIN + 8, (top + bottom) / 2.0);
        Text.centered(g, spec.xLabel(), (left + right) / 2, HEIGHT - ChartStyle.MARGIN + 4);
    }

    /** Where values land. */
    private record Frame(LinearAxis axis, double left, double right, double top, double bottom, double xMin,
                         double xMax) {
        double x(double v) {
            return xMax == xMin ? (left + right) / 2 : left + (v - xMin) / (xMax - xMin) * (right - left);
        }

        double y(double v) {
            return bottom - axis.fraction(v) * (bottom - top);
        }
    }

    private static void drawLegend(Graphics2D g, LineChartSpec spec, double left) {
        g.setFont(ChartStyle.SMALL);
        double x = left;
        for (LineChartSpec.Series s : spec.series()) {
            g.setColor(s.color());
            g.setStroke(s.dashed() ? dashed(2f) : new BasicStroke(2f));
            g.draw(new Line2D.Double(x, LEGEND_BASELINE - 4, x + 22, LEGEND_BASELINE - 4));
            g.fill(new Ellipse2D.Double(x + 11 - MARKER / 2, LEGEND_BASELINE - 4 - MARKER / 2, MARKER, MARKER));
            g.setColor(ChartStyle.MUTED);
            g.drawString(s.label(), (float) (x + 28), LEGEND_BASELINE);
            x += 28 + Text.width(g, s.label()) + 20;
        }
        if (spec.reference() != null) {
            g.setColor(spec.reference().color());
            g.setStroke(dashed(1.6f));
            g.draw(new Line2D.Double(x, LEGEND_BASELINE - 4, x + 24, LEGEND_BASELINE - 4));
            g.setColor(ChartStyle.MUTED);
            g.drawString(spec.reference().label(), (float) (x + 30), LEGEND_BASELINE);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void drawGrid(Graphics2D g, LineChartSpec spec, Frame f, double left, double right) {
        g.setFont(ChartStyle.SMALL);
        g.setStroke(new BasicStroke(1f));
        for (ValueAxis.Tick t : spec.axis().ticks()) {
            double y = f.y(t.value());
            g.setColor(ChartStyle.GRID);
            g.draw(new Line2D.Double(left, y, right, y));
            g.setColor(ChartStyle.MUTED);
            Text.rightMiddle(g, t.label(), left - TICK_GAP, y);
        }
        for (ValueAxis.Tick t : spec.xTicks()) {
            double x = f.x(t.value());
            g.setColor(ChartStyle.GRID);
            g.draw(new Line2D.Double(x, f.top(), x, f.bottom()));
            g.setColor(ChartStyle.MUTED);
            Text.centered(g, t.label(), x, f.bottom() + 18);
        }
        g.setColor(ChartStyle.AXIS);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(new Line2D.Double(left, f.top(), left, f.bottom()));
        g.draw(new Line2D.Double(left, f.bottom(), right, f.bottom()));
    }

    private static void drawSeries(Graphics2D g, LineChartSpec.Series s, Frame f) {
        Path2D.Double line = new Path2D.Double();
        for (int i = 0; i < s.points().size(); i++) {
            LineChartSpec.Point p = s.points().get(i);
            if (i == 0) {
                line.moveTo(f.x(p.x()), f.y(p.y()));
            } else {
                line.lineTo(f.x(p.x()), f.y(p.y()));
            }
        }
        g.setColor(s.color());
        g.setStroke(s.dashed() ? dashed(2f) : new BasicStroke(2f));
        g.draw(line);
        g.setStroke(new BasicStroke(1.5f));
        for (LineChartSpec.Point p : s.points()) {
            double cx = f.x(p.x());
            double cy = f.y(p.y());
            Svg.titled(g, p.hover(), () -> {
                if (p.low() != null) {
                    double lo = f.y(p.low());
                    double hi = f.y(p.high());
                    g.draw(new Line2D.Double(cx, lo, cx, hi));
                    g.draw(new Line2D.Double(cx - 4, lo, cx + 4, lo));
                    g.draw(new Line2D.Double(cx - 4, hi, cx + 4, hi));
                }
                g.fill(new Ellipse2D.Double(cx - MARKER / 2, cy - MARKER / 2, MARKER, MARKER));
            });
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }
}
