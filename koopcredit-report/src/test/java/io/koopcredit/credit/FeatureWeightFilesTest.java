package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.data.NpyReader;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.report.CreditJson;
import io.koopcredit.report.HtmlReport;
import io.koopcredit.report.PageOptions;
import io.koopcredit.report.Provenance;
import io.koopcredit.report.ReportFixtures;
import io.koopcredit.report.ReportFormat;
import io.koopcredit.report.ReportSection;
import io.koopcredit.report.Reports;
import io.koopcredit.report.StagedDirectory;
import io.koopcredit.report.chart.ClassMaps;
import io.koopcredit.report.json.JsonSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #10, item 4: every feature weight goes to {@code feature-weights.npy} (read back here bit for bit),
 * credit.json inlines them only up to the model-determined limit and otherwise names the file and gives
 * per-class summaries, the page draws a bounded, chosen set of class maps, and a 1000-class page for
 * 3 × 224 × 224 inputs stays within {@link #PAGE_BOUND}.
 */
class FeatureWeightFilesTest {
    private static final Provenance PROVENANCE = new Provenance("koopcredit", "test", "none");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<ReportFormat> ALL = EnumSet.allOf(ReportFormat.class);
    /** What "a few MB" means for index.html: 3 MiB. */
    static final long PAGE_BOUND = 3L << 20;

    static void assertNpyHolds(Path file, FeatureWeights fw) {
        double[][] back = NpyReader.readDoubles(file);
        assertEquals(fw.classes(), back.length);
        for (int c = 0; c < back.length; c++) {
            double[] row = fw.row(c);
            assertEquals(row.length, back[c].length);
            for (int j = 0; j < row.length; j++) {
                assertEquals(Double.doubleToRawLongBits(row[j]), Double.doubleToRawLongBits(back[c][j]),
                        "class " + c + ", input " + j);
            }
        }
    }

    @Test
    void theBundledLeNetsWeightsAreInlineAndInTheNpyFileBitForBit(@TempDir Path dir) throws IOException {
        try (Network net = OnnxNetwork.load(Path.of("models/lenet5-mnist.onnx"), LoadOptions.defaults())) {
            AnalysisOptions o = AnalysisOptions.of(Estimator.onestep().samples(200)).withHoldout(100);
            AnalysisData data = AnalysisData.load(Path.of("data/mnist"), Preprocessing.declaredBy(net.info()),
                    net.info(), o.samples(), o.holdout());
            CreditResult r = CreditAnalysis.run(net, data, o, ProgressListener.NONE);
            assertTrue(r.featureWeights().inline(), "10 × 784 is inline");
            Reports.write(dir, r, PROVENANCE, EnumSet.of(ReportFormat.JSON, ReportFormat.CSV));
            assertNpyHolds(dir.resolve("feature-weights.npy"), r.featureWeights());
            assertTrue(Files.exists(dir.resolve("feature-weights.csv")));
            String json = Files.readString(dir.resolve("credit.json"));
            JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, json);
            JsonSchemas.assertSchemaOrder(JsonSchemas.Kind.CREDIT, json);
            JsonNode fw = MAPPER.readTree(json).get("featureWeights");
            assertEquals(10, fw.get("weights").size());
            assertEquals(r.featureWeights().weights()[9][400], fw.get("weights").get(9).get(400).doubleValue(), 0.0);
            JsonNode npy = fw.get("npy");
            assertEquals("feature-weights.npy", npy.get("file").asText());
            assertEquals("[10,784]", npy.get("shape").toString());
            assertTrue(npy.get("inline").asBoolean());
            for (int c = 0; c < 10; c++) {
                assertEquals(r.featureWeights().maxAbs()[c], npy.get("maxAbs").get(c).doubleValue(), 0.0);
                assertEquals(r.featureWeights().maxAbsIndex()[c], npy.get("maxAbsIndex").get(c).intValue());
                assertEquals(Math.abs(r.featureWeights().weights()[c][r.featureWeights().maxAbsIndex()[c]]),
                        npy.get("maxAbs").get(c).doubleValue(), 0.0);
            }
        }
    }

    @Test
    void aboveTheLimitTheJsonNamesTheNpyFileAndSummarisesEachClass(@TempDir Path dir) throws IOException {
        AnalysisOptions o = AnalysisOptions.of(Estimator.onestep().samples(60)).withHoldout(40).withThreads(1)
                .withFormulation(Formulation.SCALABLE);
        // The small network of the core's test of this form, forced to it by the internal limit.
        CreditResult r = CreditAnalysis.run(StreamedFeatureWeightsTest.network(), StreamedFeatureWeightsTest.data(60, 40),
                o, ProgressListener.NONE, null, 0);
        FeatureWeights fw = r.featureWeights();
        assertFalse(fw.inline(), "forced to the computed form");
        try (StagedDirectory out = StagedDirectory.open(dir)) {
            Reports.write(out, r, PROVENANCE, ALL, ClassMaps.of(3, 1));
            out.commit();
        }
        assertNpyHolds(dir.resolve("feature-weights.npy"), fw);
        assertFalse(Files.exists(dir.resolve("feature-weights.csv")), "no CSV of weights that are not inline");
        String json = Files.readString(dir.resolve("credit.json"));
        JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, json);
        JsonSchemas.assertSchemaOrder(JsonSchemas.Kind.CREDIT, json);
        JsonNode node = MAPPER.readTree(json).get("featureWeights");
        assertTrue(node.get("weights").isNull());
        assertFalse(node.get("npy").get("inline").asBoolean());
        assertEquals("[4,16]", node.get("npy").get("shape").toString());
        for (int c = 0; c < 4; c++) {
            assertEquals(fw.norm()[c], node.get("npy").get("norm").get(c).doubleValue(), 0.0);
        }
        String html = Files.readString(dir.resolve("index.html"));
        assertTrue(html.contains("href=\"feature-weights.npy\""), "the page links the weights");
        assertFalse(html.contains("href=\"feature-weights.csv\""));
        assertTrue(html.contains("classes 3, 1 of 4"), "the chosen maps are named");
        assertTrue(html.contains("class 3") && html.contains("class 1") && !html.contains(">class 0<"));
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> Reports.write(dir, r, PROVENANCE, ALL, ClassMaps.of(4)));
        assertEquals("classes '4': expected classes from 0 to 3 (the model has 4 outputs), found 4", e.getMessage());
    }

    /** A 1000-class result for 3 × 224 × 224 inputs, its weights computed on demand from a seeded formula. */
    static CreditResult imagenetSized() {
        CreditResult small = ReportFixtures.mlp();
        int[] shape = {3, 224, 224};
        int inputs = 3 * 224 * 224;
        FeatureWeights fw = FeatureWeights.computed(shape, 1000, FeatureWeights.tileClasses(inputs), (from, to) -> {
            double[][] rows = new double[to - from][inputs];
            for (int c = from; c < to; c++) {
                SplittableRandom rng = new SplittableRandom(c);
                for (int j = 0; j < inputs; j++) {
                    rows[c - from][j] = rng.nextGaussian();
                }
            }
            return rows;
        });
        List<Example> examples = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(1);
        for (int e = 0; e < 10; e++) {
            float[] x = new float[inputs];
            for (int j = 0; j < inputs; j++) {
                x[j] = (float) rng.nextDouble();
            }
            examples.add(new Example(e, x, 100 * e, 100 * e + 1, 100 * e));
        }
        return new CreditResult(small.model(), small.data(), small.options(), small.partition(), small.blocks(),
                small.operators(), fw, null, small.global(), null, examples, small.timings());
    }

    @Test
    void aThousandClassPageStaysSmall() throws IOException {
        CreditResult r = imagenetSized();
        ReportSection s = new ReportSection("analysis", "ImageNet-sized", r, PROVENANCE, null);
        PageOptions options = new PageOptions(PageOptions.FileNaming.PLAIN, Set.of(ReportFormat.JSON), false);
        String html = HtmlReport.render("ImageNet-sized", List.of(s), options);
        long bytes = html.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < PAGE_BOUND, "index.html of " + bytes + " bytes");
        assertTrue(html.contains("first 10 of 1000 classes"), "says which maps it draws");
        assertTrue(html.contains("at reduced resolution on this page (each square the mean of 4 × 4 values"));
        String picked = HtmlReport.render("ImageNet-sized", List.of(s), options.withClassMaps(ClassMaps.of(999, 500)));
        assertTrue(picked.contains("classes 999, 500 of 1000"));
        assertTrue(picked.getBytes(StandardCharsets.UTF_8).length < PAGE_BOUND);
        String json = CreditJson.toJson(r, PROVENANCE);
        assertTrue(json.length() < 200_000, "credit.json of " + json.length() + " characters");
        JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, json);
        JsonNode npy = MAPPER.readTree(json).get("featureWeights").get("npy");
        assertEquals(1000, npy.get("maxAbs").size());
        assertNotNull(npy.get("maxAbsIndex"));
        System.out.println("FeatureWeightFilesTest: 1000-class page " + bytes + " bytes, with classes 999,500 "
                + picked.getBytes(StandardCharsets.UTF_8).length + ", credit.json " + json.length() + " characters");
    }

    @Test
    void classListsParseAndBadOnesSayWhatWasExpected() {
        assertEquals(List.of(3, 17, 500, 501, 502), ClassMaps.parse("3, 17,500-502").chosen());
        assertArrayEquals(new int[] {0, 1, 2}, ClassMaps.firstClasses().resolve(3));
        assertEquals(ClassMaps.DEFAULT_COUNT, ClassMaps.firstClasses().resolve(1000).length);
        assertEquals("classes 'x': expected class numbers or ranges separated by commas (e.g. 3,17,500-504), found"
                + " 'x'", assertThrows(InvalidOptionException.class, () -> ClassMaps.parse("x")).getMessage());
        assertEquals("classes '1,1': expected each class once, found 1 twice",
                assertThrows(InvalidOptionException.class, () -> ClassMaps.parse("1,1")).getMessage());
        assertEquals("classes '0-20': expected a range FROM-TO with FROM <= TO and at most 20 classes, found 0-20",
                assertThrows(InvalidOptionException.class, () -> ClassMaps.parse("0-20")).getMessage());
        assertEquals("classes '-2': expected class numbers from 0, found -2",
                assertThrows(InvalidOptionException.class, () -> ClassMaps.parse("-2")).getMessage());
        assertThrows(InvalidOptionException.class, () -> ClassMaps.parse(""));
        assertThrows(InvalidOptionException.class, () -> ClassMaps.parse("0-9,10-19,20"), "21 classes");
        assertEquals("classes '12': expected classes from 0 to 9 (the model has 10 outputs), found 12",
                assertThrows(InvalidOptionException.class, () -> ClassMaps.of(12).resolve(10)).getMessage());
    }
}
