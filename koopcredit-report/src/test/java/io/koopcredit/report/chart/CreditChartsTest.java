package io.koopcredit.report.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.BlockStatus;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.report.ReportFixtures;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CreditChartsTest {
    private static CreditResult conv;
    private static List<Chart> charts;

    @BeforeAll
    static void render() {
        conv = ReportFixtures.conv();
        charts = CreditCharts.render(conv);
    }

    @Test
    void everyChartOfTheConvNetworkIsThereInReadingOrder() {
        assertEquals(List.of(ChartKind.LAYER_CREDIT, ChartKind.LAYER_CREDIT_PER_DIM, ChartKind.KERNEL_CREDIT,
                ChartKind.FEATURE_WEIGHTS, ChartKind.EXAMPLES, ChartKind.FIDELITY, ChartKind.SNAPSHOT_RANK),
                charts.stream().map(Chart::kind).toList());
        Chart kernels = charts.get(2);
        assertEquals("conv1", kernels.block());
        assertEquals("kernel-credit-conv1", kernels.name());
        Set<String> names = new HashSet<>();
        charts.forEach(c -> assertTrue(names.add(c.name()), "unique name " + c.name()));
    }

    @Test
    void pngsDecodeWithTheStatedSizes() throws IOException {
        Dimension fw = CreditCharts.featureWeightsSize(conv);
        Dimension ex = CreditCharts.examplesSize(conv);
        for (Chart c : charts) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(c.png()));
            assertNotNull(img, c.name() + " decodes");
            assertEquals(c.width(), img.getWidth(), c.name());
            assertEquals(c.height(), img.getHeight(), c.name());
            switch (c.kind()) {
                case FEATURE_WEIGHTS -> assertEquals(fw, new Dimension(img.getWidth(), img.getHeight()));
                case EXAMPLES -> assertEquals(ex, new Dimension(img.getWidth(), img.getHeight()));
                default -> {
                    assertEquals(CreditCharts.BAR_CHART_WIDTH, img.getWidth(), c.name());
                    assertEquals(CreditCharts.BAR_CHART_HEIGHT, img.getHeight(), c.name());
                }
            }
            assertTrue(distinctColours(img) > 10, c.name() + " is not blank");
        }
        assertEquals(900, CreditCharts.BAR_CHART_WIDTH);
        assertEquals(420, CreditCharts.BAR_CHART_HEIGHT);
    }

    @Test
    void heatMapSizesFollowTheInputLayout() {
        // 6 x 6 input: 112 / 6 = 18 px per value, a 108 px map; 4 classes in one row of four.
        Dimension fw = CreditCharts.featureWeightsSize(conv);
        assertEquals(MapGrid.MIN_WIDTH, fw.width, "four 108 px maps are narrower than the title");
        assertEquals(MapGrid.TOP + 108 + FeatureWeightChart.CAPTION + MapGrid.GAP + ColorLegend.HEIGHT
                + ChartStyle.MARGIN, fw.height);
    }

    @Test
    void manyBarsWidenTheChartInsteadOfCrushingIt() {
        assertEquals(900, CreditCharts.barChartWidth(16));
        assertEquals(900, CreditCharts.barChartWidth(BarChart.BARS_AT_DEFAULT_WIDTH));
        assertEquals(900 + 42 * BarChart.MIN_SLOT, CreditCharts.barChartWidth(64));
    }

    @Test
    void renderingIsDeterministic() {
        List<Chart> again = CreditCharts.render(ReportFixtures.conv());
        assertEquals(charts.size(), again.size());
        for (int i = 0; i < charts.size(); i++) {
            assertArrayEquals(charts.get(i).png(), again.get(i).png(), charts.get(i).name());
            assertEquals(charts.get(i).svg(), again.get(i).svg(), charts.get(i).name());
        }
    }

    @Test
    void theSvgTwinHasTheSizeOfThePngAndUniqueDefinitionIds() {
        java.util.Set<String> prefixes = new HashSet<>();
        for (Chart c : charts) {
            String svg = c.svg();
            assertTrue(svg.startsWith("<svg ") && svg.endsWith("</svg>"), c.name());
            assertTrue(svg.contains(" width='" + c.width() + "' height='" + c.height() + "' viewBox='0 0 "
                    + c.width() + " " + c.height() + "'"), c.name() + ": " + svg.substring(0, 200));
            assertTrue(svg.contains("aria-label="), "described for screen readers: " + c.name());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("id='(k[0-9a-f]{12})").matcher(svg);
            while (m.find()) {
                prefixes.add(c.name() + "=" + m.group(1));
            }
        }
        // Definition ids (the legend's gradient) are named after the picture, so two charts never share one.
        assertEquals(prefixes.size(), prefixes.stream().map(p -> p.substring(p.indexOf('=') + 1)).distinct().count());
        assertTrue(prefixes.size() >= 2, "the two legends define gradients: " + prefixes);
    }

    @Test
    void blocksWithoutCreditAreDrawnAsNotAvailable() {
        CreditResult dead = ReportFixtures.dead();
        BlockResult first = dead.blocks().get(0);
        assertEquals(BlockStatus.DEGENERATE, first.status());
        BarChartSpec spec = LayerCreditChart.spec(dead, LayerCreditChart.Measure.LOG_CREDIT);
        Bar bar = spec.bars().get(0);
        assertNull(bar.value());
        assertEquals("n/a", bar.valueLabel());
        assertEquals("degenerate", bar.annotation());
        BarChartSpec fidelity = FidelityChart.spec(dead);
        assertNull(fidelity.bars().get(0).value(), "fidelity of an all-zero block is undefined");
        assertEquals("n/a", fidelity.bars().get(0).valueLabel());
        // Every chart still renders (feature weights of a zero operator are all white).
        for (Chart c : CreditCharts.render(dead)) {
            assertTrue(c.png().length > 0, c.name());
        }
    }

    @Test
    void aFailedBlockHasNoBarsAndNoHeatMaps() {
        CreditResult failed = ReportFixtures.failedLastBlock();
        List<Chart> all = CreditCharts.render(failed);
        assertEquals(List.of(ChartKind.LAYER_CREDIT, ChartKind.LAYER_CREDIT_PER_DIM, ChartKind.FIDELITY,
                ChartKind.SNAPSHOT_RANK), all.stream().map(Chart::kind).toList());
        int last = failed.blocks().size() - 1;
        Bar credit = LayerCreditChart.spec(failed, LayerCreditChart.Measure.LOG_CREDIT).bars().get(last);
        assertNull(credit.value());
        assertEquals("failed", credit.annotation());
        Bar rank = SnapshotRankChart.spec(failed).bars().get(last);
        assertNull(rank.value());
        assertEquals((double) failed.blocks().get(last).block().nIn(), rank.marker());
    }

    @Test
    void layerCreditBarsCarryValuesAndCreditRanks() {
        BarChartSpec spec = LayerCreditChart.spec(conv, LayerCreditChart.Measure.LOG_CREDIT);
        for (int i = 0; i < conv.blocks().size(); i++) {
            BlockResult b = conv.blocks().get(i);
            Bar bar = spec.bars().get(i);
            assertEquals(b.name(), bar.label());
            assertEquals(b.credit().logCredit(), bar.value());
            assertEquals(Numbers.format(b.credit().logCredit()), bar.valueLabel());
            assertEquals("#" + b.creditRank(), bar.annotation());
        }
        BarChartSpec perDim = LayerCreditChart.spec(conv, LayerCreditChart.Measure.PER_DIM);
        assertEquals(conv.blocks().get(0).credit().logCreditPerDim(), perDim.bars().get(0).value());
    }

    @Test
    void snapshotRankBarsShowTheSpreadAndTheInputWidth() {
        // Every fixture block has the same snapshot rank in each trial; plant a spread 3..9 (median 5) on the
        // first block so that both kinds of bar are drawn and checked.
        CreditResult spread = withSnapshotRanks(conv, 0, 3, 5, 9);
        BarChartSpec spec = SnapshotRankChart.spec(spread);
        Bar first = spec.bars().get(0);
        assertEquals(5.0, first.value());
        assertEquals(3.0, first.low());
        assertEquals(9.0, first.high());
        assertEquals("5 (3-9)", first.valueLabel());
        assertEquals((double) spread.blocks().get(0).block().nIn(), first.marker());
        for (int i = 1; i < spread.blocks().size(); i++) {
            BlockResult b = spread.blocks().get(i);
            Bar bar = spec.bars().get(i);
            assertEquals(b.snapshotRankMin(), b.snapshotRankMax(), "the fixture's own blocks have no spread");
            assertEquals((double) b.snapshotRank(), bar.value());
            assertEquals((double) b.block().nIn(), bar.marker());
            assertNull(bar.low(), "no whisker without a spread");
            assertNull(bar.high());
            assertEquals(Integer.toString(b.snapshotRank()), bar.valueLabel());
        }
        // The whisker's ends lie on the axis: between its baseline and its top.
        double low = spec.axis().fraction(3.0);
        double high = spec.axis().fraction(9.0);
        assertTrue(0 <= low && low < spec.axis().fraction(5.0) && spec.axis().fraction(5.0) < high && high <= 1,
                low + " " + high);
    }

    /** @return the result with block {@code i}'s snapshot ranks over trials replaced by min, median, max */
    private static CreditResult withSnapshotRanks(CreditResult r, int i, int min, int median, int max) {
        List<BlockResult> blocks = new java.util.ArrayList<>(r.blocks());
        BlockResult b = blocks.get(i);
        blocks.set(i, new BlockResult(b.block(), b.status(), b.reason(), b.steps(), b.trials(), b.credit(),
                b.creditRank(), b.sensitivity(), b.operatorRank(), median, min, max, b.snapshotCondition(),
                b.nominalPairs(), b.distinctPairs(), b.embedding(), b.alignmentResidual(), b.fidelity(),
                b.trialCredit(), b.kernels(), b.numerics()));
        return new CreditResult(r.model(), r.data(), r.options(), r.partition(), blocks, r.operators(),
                r.featureWeights(), r.templates(), r.global(), r.globalNote(), r.examples(), r.timings());
    }

    @Test
    void kernelBarsAreTheKernelCreditsWithTheirRanks() {
        BlockResult b = conv.block("conv1");
        assertEquals(2, b.kernels().size());
        BarChartSpec spec = KernelCreditChart.spec(conv, b);
        assertEquals(List.of("0", "1"), spec.bars().stream().map(Bar::label).toList());
        double k0 = b.kernels().get(0).logCredit();
        double k1 = b.kernels().get(1).logCredit();
        assertEquals(k0, spec.bars().get(0).value());
        assertEquals(k0 >= k1 ? "#1" : "#2", spec.bars().get(0).annotation());
    }

    private static int distinctColours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
