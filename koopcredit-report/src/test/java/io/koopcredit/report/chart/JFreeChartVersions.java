package io.koopcredit.report.chart;

import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.FeatureWeights;
import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.CategoryLineAnnotation;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The report's chart kinds drawn with JFreeChart 1.5.6 from the same specs as the Java2D charts, for the
 * side-by-side evaluation in docs/charts-evaluation.md (run by {@link ChartLibraryEvaluation}). Each
 * version reproduces as much of the Java2D chart as JFreeChart's API offers, styled alike (fonts, colours,
 * sizes); what it cannot show is listed in the evaluation.
 */
final class JFreeChartVersions {
    private JFreeChartVersions() {
    }

    /**
     * Bar charts: layer credit, kernel credit, fidelity and snapshot rank, from their {@link BarChartSpec}.
     *
     * @param spec what the Java2D chart draws
     * @return the chart
     */
    static JFreeChart bars(BarChartSpec spec) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Bar b : spec.bars()) {
            // JFreeChart has no "n/a in place of a bar": a missing value is a null item (an empty slot).
            data.addValue(b.value(), "value", b.label() + (b.annotation() == null ? "" : " " + b.annotation()));
        }
        CategoryAxis categories = new CategoryAxis(spec.categoryLabel());
        categories.setTickLabelFont(ChartStyle.LABEL);
        categories.setMaximumCategoryLabelLines(2);
        boolean log = spec.axis() instanceof io.koopcredit.report.chart.LogAxis;
        org.jfree.chart.axis.ValueAxis axis;
        if (log) {
            io.koopcredit.report.chart.LogAxis la = (io.koopcredit.report.chart.LogAxis) spec.axis();
            LogAxis l = new LogAxis(spec.valueLabel());
            l.setRange(Math.pow(10, la.minExp()), Math.pow(10, la.maxExp()));
            l.setBase(10);
            l.setSmallestValue(Math.pow(10, la.minExp()));
            axis = l;
        } else {
            LinearAxis la = (LinearAxis) spec.axis();
            NumberAxis values = new NumberAxis(spec.valueLabel());
            values.setRange(la.min(), la.max());
            values.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(la.step()));
            axis = values;
        }
        axis.setLabelFont(ChartStyle.LABEL);
        axis.setTickLabelFont(ChartStyle.SMALL);
        BarRenderer renderer = new BarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return spec.bars().get(column).color();
            }
        };
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.62 / Math.max(1, spec.bars().size()) * 1.6);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("0.####")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(ChartStyle.SMALL);
        if (log) {
            // Bars on a log axis start at the axis floor, not at 0 (which has no logarithm).
            renderer.setBase(((LogAxis) axis).getSmallestValue());
        }
        CategoryPlot plot = new CategoryPlot(data, categories, axis, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(ChartStyle.BACKGROUND);
        plot.setRangeGridlinePaint(ChartStyle.GRID);
        plot.setOutlineVisible(false);
        for (int i = 0; i < spec.bars().size(); i++) {
            Bar b = spec.bars().get(i);
            Comparable<?> key = data.getColumnKey(i);
            if (b.value() == null) {
                CategoryTextAnnotation na = new CategoryTextAnnotation(b.valueLabel(), key,
                        log ? Math.pow(10, ((io.koopcredit.report.chart.LogAxis) spec.axis()).minExp()) * 1.5 : 0);
                na.setFont(ChartStyle.SMALL.deriveFont(java.awt.Font.ITALIC));
                plot.addAnnotation(na);
            }
            if (b.low() != null) {
                // A whisker is a vertical line annotation within one category (no caps).
                plot.addAnnotation(new CategoryLineAnnotation(key, b.low(), key, b.high(), ChartStyle.AXIS,
                        new BasicStroke(1.5f)));
            }
            if (b.marker() != null) {
                // A per-bar marker dash is not available; the closest is a text mark at the value.
                CategoryTextAnnotation m = new CategoryTextAnnotation("— " + b.markerLabel(), key, b.marker());
                m.setFont(ChartStyle.TINY);
                plot.addAnnotation(m);
            }
        }
        if (spec.reference() != null) {
            ValueMarker ref = new ValueMarker(spec.reference().value(), spec.reference().color(),
                    new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            ref.setLabel(spec.reference().label());
            plot.addRangeMarker(ref);
        }
        if (!log) {
            plot.addRangeMarker(new ValueMarker(0, ChartStyle.AXIS, new BasicStroke(1.5f)));
        }
        JFreeChart chart = new JFreeChart(spec.title(), ChartStyle.TITLE, plot, false);
        chart.setBackgroundPaint(ChartStyle.BACKGROUND);
        if (spec.subtitle() != null) {
            TextTitle sub = new TextTitle(spec.subtitle(), ChartStyle.SUBTITLE);
            sub.setPaint(ChartStyle.MUTED);
            sub.setPosition(RectangleEdge.TOP);
            chart.addSubtitle(sub);
        }
        return chart;
    }

    /**
     * Feature-weight heat maps: one XYPlot with an XYBlockRenderer per class, drawn into a grid (JFreeChart
     * has no grid of plots sharing one scale, so the grid and the shared legend are laid out by hand).
     *
     * @param result the analysis
     * @param g where to draw
     * @param width image width
     * @param height image height
     */
    static void heatMaps(CreditResult result, Graphics2D g, int width, int height) {
        FeatureWeights fw = result.featureWeights();
        List<ValueGrid> maps = FeatureWeightGrids.perClass(fw);
        DivergingColorScale scale = DivergingColorScale.symmetric(fw.weights());
        PaintScale paint = new PaintScale() {
            @Override
            public double getLowerBound() {
                return -scale.limit();
            }

            @Override
            public double getUpperBound() {
                return scale.limit();
            }

            @Override
            public java.awt.Paint getPaint(double value) {
                return scale.color(value);
            }
        };
        g.setColor(ChartStyle.BACKGROUND);
        g.fillRect(0, 0, width, height);
        // A TextTitle drawn outside a JFreeChart did not show; the title is drawn as in the Java2D chart.
        Header.draw(g, width, ChartContext.title("Feature weights", result), "row c of K = K_m...K_1 for each class c;"
                + " red > 0 > blue, white = 0; one scale for all");
        int columns = 5;
        double cellW = (width - 40) / (double) columns;
        int rows = (maps.size() + columns - 1) / columns;
        double cellH = (height - 140) / (double) rows;
        for (int c = 0; c < maps.size(); c++) {
            ValueGrid grid = maps.get(c);
            double[][] xyz = new double[3][grid.rows() * grid.cols()];
            for (int r = 0; r < grid.rows(); r++) {
                for (int k = 0; k < grid.cols(); k++) {
                    int i = r * grid.cols() + k;
                    xyz[0][i] = k;
                    xyz[1][i] = grid.rows() - 1 - r;
                    xyz[2][i] = grid.value(r, k);
                }
            }
            DefaultXYZDataset data = new DefaultXYZDataset();
            data.addSeries("class " + c, xyz);
            XYBlockRenderer renderer = new XYBlockRenderer();
            renderer.setPaintScale(paint);
            NumberAxis x = new NumberAxis();
            x.setVisible(false);
            x.setRange(-0.5, grid.cols() - 0.5);
            NumberAxis y = new NumberAxis();
            y.setVisible(false);
            y.setRange(-0.5, grid.rows() - 0.5);
            XYPlot plot = new XYPlot(data, x, y, renderer);
            plot.setDomainGridlinesVisible(false);
            plot.setRangeGridlinesVisible(false);
            plot.setOutlinePaint(ChartStyle.FRAME);
            JFreeChart chart = new JFreeChart("class " + c, ChartStyle.LABEL, plot, false);
            chart.setBackgroundPaint(ChartStyle.BACKGROUND);
            chart.draw(g, new Rectangle2D.Double(20 + (c % columns) * cellW, 50 + (c / columns) * cellH, cellW,
                    cellH));
        }
        NumberAxis legendAxis = new NumberAxis("feature weight K[c, j] (limits: +/- max |K| over all classes)");
        legendAxis.setRange(-scale.limit(), scale.limit());
        legendAxis.setLabelFont(ChartStyle.LABEL);
        legendAxis.setTickLabelFont(ChartStyle.SMALL);
        PaintScaleLegend legend = new PaintScaleLegend(paint, legendAxis);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setStripWidth(14);
        legend.setBackgroundPaint(ChartStyle.BACKGROUND);
        legend.draw(g, new Rectangle2D.Double(width / 2.0 - 200, height - 80, 400, 70));
    }
}
