package io.koopcredit.report.chart;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every chart of one analysis, in reading order: layer credit, credit per dimension, one kernel-credit
 * chart per convolution block with kernels, feature-weight heat maps and the per-sample view (when the
 * result has feature weights), fidelity and snapshot rank.
 */
public final class CreditCharts {
    /** Width of every bar chart with few bars (more bars widen it; see {@link #barChartWidth(int)}). */
    public static final int BAR_CHART_WIDTH = BarChart.WIDTH;
    /** Height of every bar chart. */
    public static final int BAR_CHART_HEIGHT = BarChart.HEIGHT;

    private CreditCharts() {
    }

    /**
     * @param bars number of bars (blocks, or kernels)
     * @return the width of a bar chart with that many bars
     */
    public static int barChartWidth(int bars) {
        return BarChart.width(bars);
    }

    /**
     * @param drawn the classes with a heat map
     * @param all the number of classes
     * @return empty when every class is drawn in order, else which are, after "; " (e.g. {@code ; first 10 of
     *     1000 classes}, {@code ; classes 3, 17 of 1000})
     */
    public static String classesNote(int[] drawn, int all) {
        return FeatureWeightChart.shownNote(drawn, all);
    }

    /**
     * @param layout a heat map's layout
     * @return how many values (per side) one pixel of its image on the page averages: 1 for maps of at most
     *     2¹⁴ values
     */
    public static int pageReduction(SpatialLayout layout) {
        return Svg.CellLayer.reduction(layout.rows(), layout.cols());
    }

    /**
     * @param layout a heat map's layout
     * @return whether its values show on hover on the page (maps of at most 2¹² values)
     */
    public static boolean hoverValues(SpatialLayout layout) {
        return (long) layout.rows() * layout.cols() <= Svg.CellLayer.HOVER_VALUES;
    }

    /**
     * @param result the analysis with feature weights
     * @return the size of its feature-weight heat map image
     */
    public static java.awt.Dimension featureWeightsSize(CreditResult result) {
        return featureWeightsSize(result, ClassMaps.firstClasses());
    }

    /**
     * @param result the analysis with feature weights
     * @param maps the classes drawn
     * @return the size of its feature-weight heat map image
     */
    public static java.awt.Dimension featureWeightsSize(CreditResult result, ClassMaps maps) {
        return FeatureWeightChart.size(result.featureWeights(),
                maps.resolve(result.featureWeights().classes()).length);
    }

    /**
     * @param result the analysis with feature weights and examples
     * @return the size of its per-sample image
     */
    public static java.awt.Dimension examplesSize(CreditResult result) {
        return ExampleChart.size(result.featureWeights(), result.examples().size());
    }

    /**
     * @param result the analysis; not modified
     * @return its charts, in reading order, with unique names; heat maps of the first
     *     {@link ClassMaps#DEFAULT_COUNT} classes
     */
    public static List<Chart> render(CreditResult result) {
        return render(result, ClassMaps.firstClasses());
    }

    /**
     * @param result the analysis; not modified
     * @param maps the classes that get a feature-weight heat map
     * @return its charts, in reading order, with unique names
     * @throws io.koopcredit.base.InvalidOptionException if a chosen class is not one of the result's
     */
    public static List<Chart> render(CreditResult result, ClassMaps maps) {
        String context = ChartContext.of(result);
        List<Chart> out = new ArrayList<>();
        out.add(chart(ChartKind.LAYER_CREDIT, ChartKind.LAYER_CREDIT.baseName(), null, "Layer credit",
                "Bar chart of the log credit of each block of " + context,
                LayerCreditChart.render(result, LayerCreditChart.Measure.LOG_CREDIT)));
        out.add(chart(ChartKind.LAYER_CREDIT_PER_DIM, ChartKind.LAYER_CREDIT_PER_DIM.baseName(), null,
                "Layer credit per dimension", "Bar chart of the log credit per kept dimension of each block of "
                        + context, LayerCreditChart.render(result, LayerCreditChart.Measure.PER_DIM)));
        Set<String> used = new HashSet<>();
        for (BlockResult b : result.blocks()) {
            if (!b.kernels().isEmpty()) {
                String name = ChartKind.KERNEL_CREDIT.baseName() + "-" + slug(b, used);
                out.add(chart(ChartKind.KERNEL_CREDIT, name, b.name(), b.name() + " kernel credit",
                        "Bar chart of the log credit of each of the " + b.kernels().size() + " kernels of block "
                                + b.name() + " of " + context, KernelCreditChart.render(result, b)));
            }
        }
        if (result.featureWeights() != null) {
            out.add(chart(ChartKind.FEATURE_WEIGHTS, ChartKind.FEATURE_WEIGHTS.baseName(), null, "Feature weights",
                    "Heat maps of the feature weights of each class (rows of the product operator) of " + context,
                    FeatureWeightChart.render(result, maps.resolve(result.featureWeights().classes()))));
            if (!result.examples().isEmpty()) {
                out.add(chart(ChartKind.EXAMPLES, ChartKind.EXAMPLES.baseName(), null, "Per-sample view",
                        "Held-out inputs next to their products with the feature weights of the predicted class, "
                                + context, ExampleChart.render(result)));
            }
        }
        out.add(chart(ChartKind.FIDELITY, ChartKind.FIDELITY.baseName(), null, "Fidelity per block",
                "Bar chart of the median relative held-out error of each block's linear model, " + context,
                FidelityChart.render(result)));
        out.add(chart(ChartKind.SNAPSHOT_RANK, ChartKind.SNAPSHOT_RANK.baseName(), null, "Snapshot rank per block",
                "Bar chart of the snapshot rank of each block against its input width, " + context,
                SnapshotRankChart.render(result)));
        return out;
    }

    /**
     * A file-name-safe form of a block's name (block names are free text from the model file): lower-case
     * letters and digits, other runs replaced by one dash; the block's number is appended when the result
     * is empty or already used by another block (counting up until the name is free).
     *
     * @param b the block
     * @param used names taken so far; the returned name is added
     * @return a name unique among {@code used}
     */
    static String slug(BlockResult b, Set<String> used) {
        String s = b.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String base = s.isEmpty() ? "block" : s;
        String candidate = s;
        for (int n = b.block().index() + 1; candidate.isEmpty() || used.contains(candidate); n++) {
            candidate = base + "-" + n;
        }
        used.add(candidate);
        return candidate;
    }

    /** @return the rendered chart with its SVG labelled for screen readers by {@code alt} */
    static Chart chart(ChartKind kind, String name, String block, String title, String alt,
                               Canvas.Rendered r) {
        String svg = "<svg role='img' aria-label='" + Svg.escape(alt) + "'" + r.svg().substring("<svg".length());
        return new Chart(kind, name, block, title, alt, r.width(), r.height(), r.png(), svg);
    }
}
