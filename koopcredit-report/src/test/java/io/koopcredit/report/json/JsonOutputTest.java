package io.koopcredit.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.koopcredit.credit.BlockResult;
import io.koopcredit.credit.CreditResult;
import io.koopcredit.report.CreditJson;
import io.koopcredit.report.Provenance;
import io.koopcredit.report.ReportFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** credit.json from view records: schema, field order, number form, and the non-finite guard. */
class JsonOutputTest {
    private static final Provenance PROVENANCE = new Provenance("koopcredit", "test", "none");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A JSON number token after a field name or in an array. */
    private static final Pattern NUMBER = Pattern.compile("(?<=[:\\[,] )-?\\d[0-9.eE+-]*");

    private static List<CreditResult> fixtures() {
        return List.of(ReportFixtures.conv(), ReportFixtures.mlp(), ReportFixtures.dead(),
                ReportFixtures.failedLastBlock());
    }

    @Test
    void everyFixtureMatchesTheSchemaAndItsFieldOrder() {
        assertTrue(JsonSchemas.declaredObjects(JsonSchemas.Kind.CREDIT) >= 12, "the schema describes every object");
        for (CreditResult r : fixtures()) {
            JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, CreditJson.toJson(r, PROVENANCE));
        }
    }

    @Test
    void numbersAreJavasRoundTripFormAndValuesSurviveExactly() throws Exception {
        for (CreditResult r : fixtures()) {
            String json = CreditJson.toJson(r, PROVENANCE);
            assertTrue(json.endsWith("}\n"), "one trailing newline");
            assertTrue(json.startsWith("{\n  \"tool\" : \"koopcredit\",\n"), "indented, ' : ' separators");
            Matcher m = NUMBER.matcher(json);
            int numbers = 0;
            while (m.find()) {
                String token = m.group();
                if (token.contains(".") || token.contains("E")) {
                    assertEquals(Double.toString(Double.parseDouble(token)), token, "round-trip form");
                } else {
                    assertEquals(Long.toString(Long.parseLong(token)), token, "integers as integers");
                }
                numbers++;
            }
            assertTrue(numbers > 50, "numbers found: " + numbers);
            JsonNode root = MAPPER.readTree(json);
            for (int i = 0; i < r.blocks().size(); i++) {
                BlockResult b = r.blocks().get(i);
                JsonNode jb = root.get("blocks").get(i);
                if (b.credit() == null) {
                    assertTrue(jb.get("logCredit").isNull());
                } else {
                    assertEquals(b.credit().logCredit(), jb.get("logCredit").doubleValue(), 0.0);
                }
            }
            if (r.featureWeights() != null) {
                double[][] w = r.featureWeights().weights();
                JsonNode jw = root.get("featureWeights").get("weights");
                for (int c = 0; c < w.length; c++) {
                    for (int j = 0; j < w[c].length; j++) {
                        assertEquals(w[c][j], jw.get(c).get(j).doubleValue(), 0.0);
                    }
                }
            }
        }
    }

    @Test
    void theSameResultGivesTheSameBytes() {
        CreditResult r = ReportFixtures.conv();
        assertEquals(CreditJson.toJson(r, PROVENANCE), CreditJson.toJson(r, PROVENANCE));
    }

    @Test
    void nonFiniteNumbersAreRefusedWithTheirPath() {
        JsonOutput.NonFiniteNumberException nan = assertThrows(JsonOutput.NonFiniteNumberException.class,
                () -> JsonOutput.toJson(List.of(new CreditView.KernelView(0, 1.0, 1),
                        new CreditView.KernelView(1, Double.NaN, 1))));
        assertEquals("[1].logCredit is NaN: non-finite numbers never reach the output", nan.getMessage());
        double[][] weights = {{0, 1}, {2, Double.POSITIVE_INFINITY}};
        JsonOutput.NonFiniteNumberException inf = assertThrows(JsonOutput.NonFiniteNumberException.class,
                () -> JsonOutput.toJson(new CreditView.FeatureWeightsView(new int[] {2}, null, null, weights, null)));
        assertEquals("weights[1][1] is Infinity: non-finite numbers never reach the output", inf.getMessage());
        JsonOutput.NonFiniteNumberException primitive = assertThrows(JsonOutput.NonFiniteNumberException.class,
                () -> JsonOutput.toJson(new CreditView.TrialCreditView(2, 1, Double.NEGATIVE_INFINITY, 0, 1, 3)));
        assertTrue(primitive.getMessage().startsWith("std is -Infinity"), primitive.getMessage());
    }

    @Test
    void theValidatorRejectsWhatTheSchemaForbids() throws Exception {
        String json = CreditJson.toJson(ReportFixtures.conv(), PROVENANCE);
        ObjectNode missing = (ObjectNode) MAPPER.readTree(json);
        ((ObjectNode) missing.get("blocks").get(0)).remove("fidelity");
        ObjectNode extra = (ObjectNode) MAPPER.readTree(json);
        ((ObjectNode) extra.get("options")).put("unknown", 1);
        ObjectNode nanString = (ObjectNode) MAPPER.readTree(json);
        ((ObjectNode) nanString.get("blocks").get(0)).put("logCredit", "NaN");
        ObjectNode badStatus = (ObjectNode) MAPPER.readTree(json);
        ((ObjectNode) badStatus.get("blocks").get(0)).put("status", "fine");
        for (ObjectNode bad : List.of(missing, extra, nanString, badStatus)) {
            assertFalse(JsonSchemas.errors(JsonSchemas.Kind.CREDIT, MAPPER.writeValueAsString(bad)).isEmpty(),
                    "rejected: " + bad.get("blocks").get(0).toString().substring(0, 60));
        }
        ObjectNode reordered = (ObjectNode) MAPPER.readTree(json);
        JsonNode tool = reordered.remove("tool");
        reordered.set("tool", tool);
        String text = MAPPER.writeValueAsString(reordered);
        assertTrue(JsonSchemas.errors(JsonSchemas.Kind.CREDIT, text).isEmpty(), "order is not a schema matter");
        assertThrows(AssertionError.class, () -> JsonSchemas.assertSchemaOrder(JsonSchemas.Kind.CREDIT, text),
                "but the order check sees it");
    }

    @Test
    void viewComponentsFollowTheSchemaOrder() {
        // The writer keeps record component order; the schema lists the same order (checked on output above).
        List<String> components = new ArrayList<>();
        for (var c : CreditView.class.getRecordComponents()) {
            components.add(c.getName());
        }
        assertEquals(List.of("tool", "version", "schema", "model", "data", "options", "blocks", "excluded", "global",
                "globalNote", "examples", "featureWeights", "timings"), components);
    }
}
