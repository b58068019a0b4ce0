package io.koopcredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.koopcredit.report.json.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code koopcredit credit} end to end on the bundled 81-wide network (fast) and its error paths. */
class CreditCommandTest {
    private static final String MLP = "models/mlp81-mnist.onnx";

    @TempDir
    Path dir;

    private static String withoutTimings(Path json) throws Exception {
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(json.toFile());
        root.remove("timings");
        return root.toString();
    }

    @Test
    void sameOptionsAndSeedGiveByteIdenticalJsonWhateverTheThreadCount() throws Exception {
        String[] common = {"credit", "--model", MLP, "--trials", "3", "--holdout", "100", "--seed", "7"};
        CliRunner.Run a = CliRunner.run(concat(common, "--threads", "1", "--out", dir.resolve("a").toString()));
        CliRunner.Run b = CliRunner.run(concat(common, "--threads", "2", "--out", dir.resolve("b").toString()));
        CliRunner.Run c = CliRunner.run(concat(common, "--threads", "2", "--out", dir.resolve("c").toString()));
        assertEquals(Main.OK, a.code(), a.err());
        assertEquals(Main.OK, b.code(), b.err());
        String ja = Files.readString(dir.resolve("a/credit.json"));
        String jb = Files.readString(dir.resolve("b/credit.json"));
        String jc = Files.readString(dir.resolve("c/credit.json"));
        JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, ja);
        JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, jb);
        // Byte-identical apart from the timings object, which is the last field.
        assertEquals(ja.substring(0, ja.indexOf("\"timings\"")), jb.substring(0, jb.indexOf("\"timings\"")));
        assertEquals(jb.substring(0, jb.indexOf("\"timings\"")), jc.substring(0, jc.indexOf("\"timings\"")));
        assertEquals(withoutTimings(dir.resolve("a/credit.json")), withoutTimings(dir.resolve("c/credit.json")));
        assertTrue(a.out().contains("dense1"), a.out());
    }

    @Test
    void jsonHoldsEveryDocumentedField() throws Exception {
        CliRunner.Run r = CliRunner.run("credit", "--model", MLP, "--trials", "2", "--holdout", "50", "--out",
                dir.toString(), "--report", "json,csv");
        assertEquals(Main.OK, r.code(), r.err());
        JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, dir.resolve("credit.json"));
        JsonNode root = new ObjectMapper().readTree(dir.resolve("credit.json").toFile());
        for (String f : List.of("tool", "version", "model", "data", "options", "blocks", "timings")) {
            assertTrue(root.has(f), f);
        }
        assertEquals(List.of("path", "sha256", "producer", "opset", "inputShape", "outputShape"),
                fields(root.get("model")));
        assertEquals("e8df103be6e5e3ad3b7d3f903af3ac47811e1186962208448f3bc44ad9e6c788",
                root.get("model").get("sha256").asText());
        assertEquals("pool=3", root.get("options").get("preprocessing").asText());
        assertEquals(4, root.get("blocks").size());
        for (JsonNode b : root.get("blocks")) {
            for (String f : List.of("name", "kind", "nIn", "nOut", "steps", "logCredit", "logCreditPerDim", "rank",
                    "creditRank", "logSensitivity", "snapshotRank", "snapshotCondition", "fidelity", "status")) {
                assertTrue(b.has(f), "block field " + f);
            }
            assertEquals("ok", b.get("status").asText());
            assertTrue(b.get("logSensitivity").isNull(), "non-square operators: undefined, not NaN");
            assertFalse(b.toString().contains("NaN") || b.toString().contains("Infinity"));
        }
        assertEquals("S2L", root.get("blocks").get(0).get("kind").asText());
        assertEquals(162, root.get("blocks").get(0).get("steps").asInt(), "2d with d = 81");
        assertTrue(Files.exists(dir.resolve("credits.csv")));
        assertTrue(Files.exists(dir.resolve("feature-weights.csv")));
        double[][] npy = io.koopcredit.data.NpyReader.readDoubles(dir.resolve("feature-weights.npy"));
        JsonNode weights = root.get("featureWeights").get("weights");
        assertEquals(weights.size(), npy.length);
        for (int c = 0; c < npy.length; c++) {
            for (int j = 0; j < npy[c].length; j++) {
                assertEquals(weights.get(c).get(j).doubleValue(), npy[c][j], 0.0, "the JSON's and the .npy's weights");
            }
        }
        assertEquals("feature-weights.npy", root.get("featureWeights").get("npy").get("file").asText());
    }

    @Test
    void userErrorsAreOneLineWithExitCode2AndWriteNothing() {
        Path out = dir.resolve("never");
        String o = out.toString();
        String[][] cases = {
            {"credit", "--model", "no-such.onnx", "--out", o},
            {"credit", "--model", MLP, "--samples", "0", "--out", o},
            {"credit", "--model", MLP, "--trials", "0", "--out", o},
            {"credit", "--model", MLP, "--rank", "sometimes", "--out", o},
            {"credit", "--model", MLP, "--estimator", "magic", "--out", o},
            {"credit", "--model", MLP, "--alignment", "uniform", "--out", o},
            {"credit", "--model", MLP, "--affine", "--out", o},
            {"credit", "--model", MLP, "--blocks", "dense1+dense3,dense2,dense4", "--out", o},
            {"credit", "--model", MLP, "--pool", "1", "--out", o},
            {"credit", "--model", MLP, "--data", "data/mnist/nothing-here", "--out", o},
            {"credit", "--model", MLP, "--samples", "9000", "--out", o},
            {"credit", "--model", MLP, "--report", "pdf", "--out", o},
            {"credit", "--model", MLP, "--steps", "-1", "--out", o},
            {"credit", "--frobnicate"},
        };
        for (String[] args : cases) {
            CliRunner.Run r = CliRunner.run(args);
            assertEquals(Main.USER_ERROR, r.code(), String.join(" ", args) + " -> " + r.err());
            String first = r.err().lines().findFirst().orElse("");
            assertTrue(first.startsWith("koopcredit: "), first);
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertFalse(Files.exists(out.resolve("credit.json")), "nothing written for " + String.join(" ", args));
        }
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
