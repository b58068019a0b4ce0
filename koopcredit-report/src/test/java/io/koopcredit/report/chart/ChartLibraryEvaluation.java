package io.koopcredit.report.chart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.data.DataSource;
import io.koopcredit.data.DataSplits;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.data.SampleSplit;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The side-by-side chart evaluation of docs/charts-evaluation.md: every chart kind of the report drawn by
 * the project's Java2D code and by JFreeChart ({@link JFreeChartVersions}) on the bundled LeNet-5, each
 * written as PNG and SVG twice to check that the same input gives the same bytes. Not part of the test
 * suite (it writes files for people to look at):
 * {@code mvn -pl koopcredit-report -am test -Dtest=ChartLibraryEvaluation -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcharts.evaluation=DIR}.
 */
@EnabledIfSystemProperty(named = "charts.evaluation", matches = ".+")
class ChartLibraryEvaluation {

    @Test
    void renderBothWays() throws IOException {
        Path dir = Path.of(System.getProperty("charts.evaluation"));
        Files.createDirectories(dir);
        CreditResult r = lenet();
        List<String> lines = new ArrayList<>();
        lines.add("chart\tlibrary\tpng bytes\tsvg bytes\tsame bytes twice (png, svg)\tms per render");
        List<Object[]> kinds = List.of(
                new Object[] {"layer-credit", LayerCreditChart.spec(r, LayerCreditChart.Measure.LOG_CREDIT)},
                new Object[] {"kernel-credit-conv2", KernelCreditChart.spec(r, r.block("conv2"))},
                new Object[] {"fidelity", FidelityChart.spec(r)},
                new Object[] {"snapshot-rank", SnapshotRankChart.spec(r)});
        for (Object[] k : kinds) {
            BarChartSpec spec = (BarChartSpec) k[1];
            int w = BarChart.width(spec.bars().size());
            lines.add(write(dir, (String) k[0], "java2d", w, BarChart.HEIGHT, () -> BarChart.render(spec)));
            lines.add(write(dir, (String) k[0], "jfreechart", w, BarChart.HEIGHT,
                    () -> both(w, BarChart.HEIGHT, g -> JFreeChartVersions.bars(spec).draw(g,
                            new java.awt.geom.Rectangle2D.Double(0, 0, w, BarChart.HEIGHT)))));
        }
        java.awt.Dimension d = FeatureWeightChart.size(r.featureWeights(), r.featureWeights().classes());
        lines.add(write(dir, "feature-weights", "java2d", d.width, d.height, () -> FeatureWeightChart.render(r,
                ClassMaps.firstClasses().resolve(r.featureWeights().classes()))));
        lines.add(write(dir, "feature-weights", "jfreechart", d.width, d.height,
                () -> both(d.width, d.height, g -> JFreeChartVersions.heatMaps(r, g, d.width, d.height))));
        Files.write(dir.resolve("summary.tsv"), lines);
        assertTrue(Files.size(dir.resolve("summary.tsv")) > 0);
    }

    private interface Renderer {
        Canvas.Rendered render();
    }

    /** The JFreeChart drawing as PNG and SVG, through the same canvases as the project's charts. */
    private static Canvas.Rendered both(int w, int h, Consumer<Graphics2D> draw) {
        return Canvas.render(w, h, draw);
    }

    private static String write(Path dir, String kind, String library, int w, int h, Renderer renderer)
            throws IOException {
        long t0 = System.nanoTime();
        Canvas.Rendered a = renderer.render();
        double ms = (System.nanoTime() - t0) / 1e6;
        Canvas.Rendered b = renderer.render();
        Files.write(dir.resolve(library + "-" + kind + ".png"), a.png());
        Files.writeString(dir.resolve(library + "-" + kind + ".svg"), a.svg());
        return String.format(Locale.ROOT, "%s\t%s\t%d\t%d\t%s, %s\t%.0f", kind, library, a.png().length,
                a.svg().length(), Arrays.equals(a.png(), b.png()), a.svg().equals(b.svg()), ms);
    }

    private static CreditResult lenet() {
        try (Network net = OnnxNetwork.load(Path.of("models/lenet5-mnist.onnx"), LoadOptions.defaults())) {
            Preprocessing p = net.info().preprocessing().map(Preprocessing::parse).orElse(Preprocessing.DEFAULT);
            DataSplits splits = DataSource.load(Path.of("data/mnist"), p);
            SampleSplit split = splits.split(1, 100);
            AnalysisData data = new AnalysisData("bundled digits", split.fit().values(), 1, split.holdout().values(),
                    100, split.holdout().labelsOrNull());
            return CreditAnalysis.run(net, data, AnalysisOptions.of(Estimator.faithful().samples(1).trials(2))
                    .withHoldout(100), ProgressListener.NONE);
        }
    }
}
