package io.koopcredit.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.ProgressListener;
import io.koopcredit.model.onnx.OnnxNetwork;
import io.koopcredit.model.onnx.TestModels;
import io.koopcredit.model.onnx.TestModels.ResNetVariant;
import io.koopcredit.report.PageAppendix;
import io.koopcredit.report.Provenance;
import io.koopcredit.report.json.JsonSchemas;
import io.koopcredit.report.validation.ValidationAppendix;
import io.koopcredit.report.validation.ValidationCsv;
import io.koopcredit.report.validation.ValidationJson;
import io.koopcredit.report.validation.ValidationSummary;
import io.koopcredit.validation.pruning.PruningPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lesion studies and pruning through the whole validation, on a tiny residual network: JSON, CSV, page, text. */
class LesionReportTest {

    private static final Provenance PROVENANCE = new Provenance("koopcredit", "test", "none");
    private static final int FIT = 30;
    private static final int HELD = 20;

    @TempDir
    Path dir;

    private ValidationResult run(int threads) {
        AnalysisData data = Planted.data(FIT, HELD, 36, 3);
        AnalysisOptions a = Planted.oneStep(FIT, HELD).withThreads(threads);
        ValidationOptions v = ValidationOptions.quick(a).withBootstrapResamples(20)
                .withPruning(new PruningPlan(List.of(0.25, 0.5), 2));
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false))) {
            return Validator.run(net, data, a, v, ProgressListener.NONE);
        }
    }

    private static JsonNode withoutTimings(String json) throws Exception {
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(json);
        tree.remove("timings");
        return tree;
    }

    @Test
    void theLesionsAndPruningCurvesReachEveryOutputAndDoNotDependOnTheThreads() throws Exception {
        ValidationResult one = run(1);
        String json = ValidationJson.toJson(one, PROVENANCE);
        JsonSchemas.assertValid(JsonSchemas.Kind.VALIDATION, json);
        assertEquals(withoutTimings(json), withoutTimings(ValidationJson.toJson(run(2), PROVENANCE)),
                "same seed, same lesions, intervals and curves, whatever the thread count");

        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode lesions = root.get("lesions");
        assertTrue(root.get("lesionsNote").isNull() && root.get("pruningNote").isNull());
        assertEquals(2, lesions.get("units").size());
        assertEquals(21, lesions.get("kernels").size());
        assertEquals(6 + 12, lesions.get("agreements").size(),
                "units: 2 measures x 3 criteria; kernels: 2 scopes x 2 measures x 3 criteria");
        assertEquals("perLayer", lesions.get("agreements").get(17).get("scope").asText());
        assertEquals(4, lesions.get("agreements").get(17).get("groups").asInt(), "stem, unit1_conv2, unit2_proj,"
                + " unit2_conv2");
        assertEquals("projection (unit2_proj)", lesions.get("units").get(1).get("shortcut").asText());
        JsonNode kernel = lesions.get("kernels").get(3);
        assertEquals("unit1_conv1", kernel.get("layer").asText());
        assertTrue(kernel.get("importance").get("logCredit").isNull());
        assertTrue(kernel.get("importance").get("creditNote").asText().startsWith("no kernel credit: its channels are"
                + " mixed by"));
        JsonNode pruning = root.get("pruning");
        assertEquals(14, pruning.get("candidates").asInt());
        assertEquals(8, pruning.get("curves").size());
        assertEquals(2, pruning.get("curves").get(3).get("points").get(0).get("seedScores").size(), "random: 2 seeds");
        assertEquals(List.of(0.25, 0.5), List.of(root.get("validation").get("pruningFractions").get(0).asDouble(),
                root.get("validation").get("pruningFractions").get(1).asDouble()));
        assertTrue(root.get("timings").has("lesions") && root.get("timings").has("pruning"));

        // CSV: a row per unit and kernel lesion, a row per point of every curve.
        Map<String, String> csv = ValidationCsv.files(one);
        assertEquals(List.of(ValidationCsv.LESIONS_FILE, ValidationCsv.PRUNING_FILE), List.copyOf(csv.keySet()));
        List<String> lesionRows = csv.get(ValidationCsv.LESIONS_FILE).lines().toList();
        assertEquals(ValidationCsv.LESIONS_HEADER, lesionRows.get(0));
        assertEquals(1 + 2 + 21, lesionRows.size());
        assertTrue(lesionRows.get(1).startsWith("unit,unit1_conv1+unit1_conv2,,,"), lesionRows.get(1));
        assertEquals(1 + 8 * 2, csv.get(ValidationCsv.PRUNING_FILE).lines().count());

        // The page section: tables, both pruning charts and links to the CSV files.
        PageAppendix page = ValidationAppendix.of(one);
        List<String> figures = page.parts().stream().filter(p -> p instanceof PageAppendix.Figure)
                .map(p -> ((PageAppendix.Figure) p).file()).toList();
        assertEquals(List.of("pruning-global.png", "pruning-per-layer.png"), figures);
        assertEquals(List.of(List.of("lesions.csv"), List.of("pruning.csv")), page.parts().stream()
                .filter(p -> p instanceof PageAppendix.Files).map(p -> ((PageAppendix.Files) p).names()).toList());
        assertTrue(page.parts().contains(new PageAppendix.Heading("Lesion studies")));

        List<String> text = ValidationSummary.lines(one);
        assertTrue(text.stream().anyMatch(l -> l.startsWith("lesions on 20 held-out samples")), text.toString());
        assertTrue(text.stream().anyMatch(l -> l.contains("kernel lesions: 21 kernels zeroed one at a time (14 with a"
                + " kernel credit)")), text.toString());
        assertTrue(text.stream().anyMatch(l -> l.startsWith("pruning 14 candidate kernels of stem, unit1_conv2, "
                + "unit2_proj, unit2_conv2")), text.toString());
    }

    @Test
    void withoutLesionsOrPruningTheJsonSaysWhy() throws Exception {
        AnalysisData data = Planted.data(FIT, HELD, 36, 3);
        AnalysisOptions a = Planted.oneStep(FIT, HELD);
        ValidationOptions v = ValidationOptions.quick(a).withBootstrapResamples(20).withLesions(false);
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false))) {
            ValidationResult r = Validator.run(net, data, a, v, ProgressListener.NONE);
            assertNull(r.lesions());
            String json = ValidationJson.toJson(r, PROVENANCE);
            JsonSchemas.assertValid(JsonSchemas.Kind.VALIDATION, json);
            JsonNode root = new ObjectMapper().readTree(json);
            assertEquals(Validator.NOT_ASKED_LESIONS, root.get("lesionsNote").asText());
            assertTrue(root.get("lesions").isNull() && root.get("pruning").isNull());
            assertEquals(Map.of(), ValidationCsv.files(r));
            assertNotEquals(-1, ValidationSummary.lines(r).indexOf("lesions: " + Validator.NOT_ASKED_LESIONS));
        }
    }
}
