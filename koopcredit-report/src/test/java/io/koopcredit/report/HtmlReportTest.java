package io.koopcredit.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.koopman.EstimatorKind;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.TensorShape;
import io.koopcredit.testing.JavaNetwork;
import io.koopcredit.testing.TestMatrices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.koopcredit.report.json.JsonSchemas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final Provenance PROVENANCE = new Provenance("koopcredit", "0.1.0 (test)", "none");
    private static final Set<ReportFormat> ALL = EnumSet.allOf(ReportFormat.class);

    private static CreditResult conv;
    private static CreditResult mlp;

    @TempDir
    Path dir;

    @BeforeAll
    static void analyse() {
        conv = ReportFixtures.conv();
        mlp = ReportFixtures.mlp();
    }

    @Test
    void everyReferenceOfTheSingleResultPageIsALocalFileOrAnAnchor() {
        Reports.write(dir, conv, PROVENANCE, ALL);
        String html = ReportFiles.read(dir.resolve("index.html"));
        checkReferences(dir, html);
        JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, dir.resolve("credit.json"));
        List<String> names = ReportFiles.names(dir);
        for (String expected : List.of("credit.json", "credits.csv", "feature-weights.csv", "index.html",
                "layer-credit.png", "layer-credit-per-dim.png", "kernel-credit-conv1.png", "feature-weights.png",
                "examples.png", "fidelity.png", "snapshot-rank.png")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
        for (String n : names) {
            if (n.endsWith(".png") || n.endsWith(".csv") || n.endsWith(".json")) {
                assertTrue(ReportFiles.references(html).contains(n), "the page shows or links " + n);
            }
        }
        assertFalse(names.stream().anyMatch(n -> n.startsWith(".")), "no staging folder left: " + names);
    }

    @Test
    void thePageHasTheBlocksTableTheChartsAndTheProvenance() {
        String html = HtmlReport.render("t", List.of(new ReportSection("s", "S", conv, PROVENANCE, null)),
                PageOptions.defaults());
        for (String b : List.of("conv1", "pool1", "dense1", "dense2")) {
            assertTrue(html.contains("<td class=\"name\">" + b + "</td>"), b);
        }
        for (String s : List.of("How to read this", "log pseudo-determinant", "no better than predicting zero",
                "Global fidelity", "argmax K·x agrees with the network", conv.model().sha256(), "koopcredit 0.1.0 (test)",
                "random 36-value samples", "held-out samples", "rank policy", "seed", "Timings", "cycled")) {
            assertTrue(html.contains(s), s);
        }
        // Every chart is on the page as inline SVG and links its PNG file.
        int charts = io.koopcredit.report.chart.CreditCharts.render(conv).size();
        assertEquals(charts, html.split("<figure><svg ", -1).length - 1, "one inline SVG per chart");
        assertTrue(html.contains("href=\"s-kernel-credit-conv1.png\""));
        assertFalse(html.contains("<img"), "no raster images on the page");
        assertTrue(html.contains("<title>conv1: "), "a bar's value on hover");
        String cell = "<rect x=\"0\" width=\"1\" height=\"1\"><title>";
        assertTrue(html.contains(cell + io.koopcredit.report.chart.Numbers.format(conv.featureWeights().weights()[0][0])
                + "</title>"), "a feature-weight cell's value on hover");
        double[][] w = conv.featureWeights().weights();
        int cells = w[0].length * (w.length + 2 * conv.examples().size());
        assertEquals(cells, html.split(" width=\"1\" height=\"1\"><title>", -1).length - 1,
                "every cell of the class maps and of the per-sample view has a hover value");
        assertFalse(html.contains("NaN") || html.contains("Infinity"));
    }

    @Test
    void untrustworthyBlocksAreFlagged() {
        CreditResult r = conv;
        boolean anyBad = r.blocks().stream().anyMatch(b -> b.fidelity() != null && b.fidelity().median() > 1);
        String html = HtmlReport.render("t", List.of(new ReportSection("s", "S", r, PROVENANCE, null)),
                PageOptions.defaults());
        assertEquals(anyBad, html.contains("credit values of th"), "the warning appears exactly when fidelity > 1");
        String good = HtmlReport.render("t", List.of(new ReportSection("s", "S", mlp, PROVENANCE, null)),
                PageOptions.defaults());
        assertTrue(mlp.blocks().stream().allMatch(b -> b.fidelity().median() < 1), "one-step fits a linear map");
        assertFalse(good.contains("Fidelity above 1"));
    }

    @Test
    void blocksWithoutCreditShowTheirReason() {
        CreditResult dead = ReportFixtures.dead();
        Reports.write(dir, dead, PROVENANCE, ALL);
        String html = ReportFiles.read(dir.resolve("index.html"));
        checkReferences(dir, html);
        assertTrue(html.contains("No credit for dead (degenerate)"));
        assertTrue(html.contains("<span class=\"na\">n/a</span>"));
        assertFalse(html.contains("NaN") || html.contains("Infinity"));
    }

    @Test
    void aFailedBlockLeavesOutFeatureWeightsButNotThePage() {
        CreditResult failed = ReportFixtures.failedLastBlock();
        Reports.write(dir, failed, PROVENANCE, ALL);
        List<String> names = ReportFiles.names(dir);
        assertFalse(names.contains("feature-weights.csv") || names.contains("feature-weights.png")
                || names.contains("examples.png"), names.toString());
        assertTrue(names.contains("layer-credit.png") && names.contains("fidelity.png"), names.toString());
        String html = ReportFiles.read(dir.resolve("index.html"));
        checkReferences(dir, html);
        assertTrue(html.contains("No credit for dense2 (failed): estimation failed: planted by the test."));
        assertTrue(html.contains("the product K = K_m⋯K_1 does not exist"));
        assertFalse(html.contains("NaN") || html.contains("Infinity"));
    }

    @Test
    void severalAnalysesShareOnePageWithPrefixedFiles() {
        try (StagedDirectory out = StagedDirectory.open(dir)) {
            Reports.writePage(out, "Reproduction", List.of(
                    new ReportSection("tiny-faithful", "Tiny, faithful", conv, PROVENANCE, "the paper's estimator"),
                    new ReportSection("tiny-onestep", "Tiny, one-step", mlp, PROVENANCE, null)), ALL);
            out.commit();
        }
        List<String> names = ReportFiles.names(dir);
        for (String expected : List.of("tiny-faithful-credit.json", "tiny-faithful-credits.csv",
                "tiny-faithful-feature-weights.csv", "tiny-faithful-layer-credit.png",
                "tiny-faithful-kernel-credit-conv1.png", "tiny-onestep-credit.json", "tiny-onestep-examples.png",
                "tiny-onestep-snapshot-rank.png", "index.html")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
        assertFalse(names.contains("credit.json"));
        JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, dir.resolve("tiny-faithful-credit.json"));
        JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, dir.resolve("tiny-onestep-credit.json"));
        String html = ReportFiles.read(dir.resolve("index.html"));
        checkReferences(dir, html);
        assertTrue(html.contains("href=\"#tiny-faithful\"") && html.contains("href=\"#tiny-onestep\""), "contents");
        assertTrue(html.contains("id=\"overview\"") && html.contains(ReportFiles.escape(Overview.ranking(conv))), "overview table");
        assertTrue(html.contains("<p class=\"note\">the paper's estimator</p>"));
    }

    @Test
    void overviewRanksBlocksByCredit() {
        String ranking = Overview.ranking(conv);
        List<String> expected = conv.blocks().stream()
                .sorted(java.util.Comparator.comparingInt(io.koopcredit.credit.BlockResult::creditRank))
                .map(io.koopcredit.credit.BlockResult::name).toList();
        assertEquals(expected, List.of(ranking.split(" [>=] ")));
        assertEquals("no credit: dead, after", Overview.ranking(ReportFixtures.dead()), "zero inputs: no block has credit");
    }

    @Test
    void duplicateIdsAndPlainNamesForSeveralSectionsAreRefusedAndNothingIsLeftBehind() {
        try (StagedDirectory out = StagedDirectory.open(dir)) {
            List<ReportSection> twice = List.of(new ReportSection("a", "A", mlp, PROVENANCE, null),
                    new ReportSection("a", "B", mlp, PROVENANCE, null));
            assertThrows(IllegalArgumentException.class, () -> Reports.writePage(out, "t", twice, ALL));
            assertThrows(IllegalArgumentException.class, () -> HtmlReport.write(out, "t",
                    List.of(twice.get(0), new ReportSection("b", "B", mlp, PROVENANCE, null)),
                    PageOptions.defaults().withNaming(PageOptions.FileNaming.PLAIN)));
        }
        assertEquals(List.of(), ReportFiles.names(dir), "not committed: the folder stays empty");
        assertThrows(IllegalArgumentException.class, () -> new ReportSection("Has Space", "t", mlp, PROVENANCE, null));
        assertThrows(IllegalArgumentException.class, () -> new ReportSection("../x", "t", mlp, PROVENANCE, null));
    }

    @Test
    void pngWithoutHtmlWritesOnlyTheCharts() {
        Reports.write(dir, mlp, PROVENANCE, EnumSet.of(ReportFormat.PNG));
        List<String> names = ReportFiles.names(dir);
        assertTrue(names.stream().allMatch(n -> n.endsWith(".png")), names.toString());
        assertEquals(6, names.size(), "no kernel chart for an MLP: " + names);
    }

    @Test
    void htmlWithoutDataFormatsLinksNoDataFile() {
        Reports.write(dir, mlp, PROVENANCE, EnumSet.of(ReportFormat.HTML));
        String html = ReportFiles.read(dir.resolve("index.html"));
        checkReferences(dir, html);
        assertFalse(html.contains("credit.json") || html.contains(".csv"));
    }

    @Test
    void userTextIsEscaped() throws IOException {
        String evil = "<script>alert(\"x\")</script> & 'co'";
        CreditResult weird = weirdNames();
        Path out = dir.resolve("weird");
        try (StagedDirectory staged = StagedDirectory.open(out)) {
            Reports.writePage(staged, evil, List.of(new ReportSection("w", evil, weird, PROVENANCE, evil)), ALL);
            staged.commit();
        }
        String html = ReportFiles.read(out.resolve("index.html"));
        assertFalse(html.contains("<script"), "no markup from user text");
        assertTrue(html.contains(ReportFiles.escape(evil)), "titles and notes are escaped");
        assertTrue(html.contains(ReportFiles.escape("a<b>&\"c' d/e")), "layer names are escaped");
        assertFalse(html.contains("a<b>"), "not even inside the charts' SVG");
        checkReferences(out, html);
        assertTrue(Files.exists(out.resolve("w-kernel-credit-a-b-c-d-e.png")), ReportFiles.names(out).toString());
    }

    @Test
    void sameAnalysisGivesTheSameBytesExceptTimings() throws IOException {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        Reports.write(one, ReportFixtures.conv(), PROVENANCE, ALL);
        Reports.write(two, ReportFixtures.conv(), PROVENANCE, ALL);
        List<String> names = ReportFiles.names(one);
        assertEquals(names, ReportFiles.names(two));
        for (String n : names) {
            if (n.endsWith(".png") || n.endsWith(".csv")) {
                assertArrayEquals(Files.readAllBytes(one.resolve(n)), Files.readAllBytes(two.resolve(n)), n);
            }
        }
        String a = ReportFiles.read(one.resolve("index.html"));
        String b = ReportFiles.read(two.resolve("index.html"));
        assertEquals(1, a.split(java.util.regex.Pattern.quote(HtmlReport.TIMINGS_BEGIN), -1).length - 1);
        assertEquals(ReportFiles.withoutTimings(a), ReportFiles.withoutTimings(b));
        String untimed = HtmlReport.render("Credit report: " + Reports.sectionTitle(conv),
                List.of(new ReportSection(Reports.SINGLE_ID, Reports.sectionTitle(conv), conv, PROVENANCE, null)),
                new PageOptions(PageOptions.FileNaming.PLAIN, ALL, false));
        assertEquals(ReportFiles.withoutTimings(a), untimed, "the timings block is the only difference");
        assertFalse(untimed.contains("Timings"));
    }

    /** Every src/href is an anchor of the page or a plain file name in the folder; nothing remote or absolute. */
    static void checkReferences(Path folder, String html) {
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("@import")
                || html.replace("url(#", "").contains("url("), "no scripts, external styles or fonts (url(#id) "
                + "refers to a definition inside an inline SVG)");
        assertEquals(html.split("<image ", -1).length, html.split("href=\"data:image/png;base64,", -1).length,
                "SVG images are embedded PNG data, never files or links");
        Set<String> ids = new HashSet<>(ReportFiles.ids(html));
        List<String> refs = ReportFiles.references(html);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            if (ref.startsWith("data:image/png;base64,")) {
                continue; // a heat map's colours, embedded in its SVG
            }
            assertFalse(ref.isEmpty(), "empty reference");
            assertFalse(ref.contains("http") || ref.contains("//") || ref.contains(":") || ref.startsWith("/")
                    || ref.contains("\\") || ref.contains(".."), "local relative reference: " + ref);
            if (ref.startsWith("#")) {
                assertTrue(ids.contains(ref.substring(1)), "anchor " + ref + " exists");
            } else {
                assertTrue(Files.isRegularFile(folder.resolve(ref)), ref + " exists in " + folder);
            }
        }
    }

    /** A network whose layer names need escaping, with a convolution so that a kernel chart is named after one. */
    private static CreditResult weirdNames() {
        JavaNetwork net = new JavaNetwork(List.of(
                JavaNetwork.of("a<b>&\"c' d/e", LayerType.CONV, TensorShape.of(1, 2, 2), TensorShape.of(2, 2, 2), false,
                        x -> Linalg.multiply(TestMatrices.gaussian(8, 4, 41), x)),
                JavaNetwork.linear("out", TestMatrices.gaussian(3, 8, 42))));
        AnalysisOptions o = AnalysisOptions.forEstimator(EstimatorKind.ONE_STEP).withSamples(12).withHoldout(6)
                .withThreads(1);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        float[] fit = new float[12 * 4];
        float[] held = new float[6 * 4];
        for (int i = 0; i < fit.length; i++) {
            fit[i] = (float) rng.nextDouble();
        }
        for (int i = 0; i < held.length; i++) {
            held[i] = (float) rng.nextDouble();
        }
        return CreditAnalysis.run(net, new AnalysisData("random", fit, 12, held, 6, null), o, ProgressListener.NONE);
    }
}
