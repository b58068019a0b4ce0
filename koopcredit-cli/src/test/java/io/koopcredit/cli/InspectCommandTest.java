package io.koopcredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.koopcredit.model.onnx.GraphBuilder.Naming;
import io.koopcredit.model.onnx.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.koopcredit.report.json.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code koopcredit inspect} through {@link Main#run}. */
class InspectCommandTest {

    @TempDir
    Path dir;

    private static CliRunner.Run run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void tableHasOneAlignedRowPerBlockAndTheExcludedSoftmax() {
        Path model = TestModels.lenet(dir, Naming.PYTORCH);
        CliRunner.Run r = run("inspect", model.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("#")).findFirst().orElseThrow());
        List<String> rows = lines.subList(header + 1, header + 8);
        assertTrue(rows.get(0).matches(
                "0\\s+conv1\\s+Conv Relu\\s+1x28x28\\s+->\\s+6x28x28\\s+784\\s+4704\\s+S2L\\*\\s+156"), rows.get(0));
        assertTrue(rows.get(4).matches("4\\s+dense1\\s+Reshape Gemm Relu\\s+16x5x5\\s+->\\s+120\\s+400\\s+120\\s+L2S\\s+48120"),
                rows.get(4));
        int kindColumn = lines.get(header).indexOf("kind");
        for (String row : rows) {
            assertTrue(row.substring(kindColumn).startsWith("S2L") || row.substring(kindColumn).startsWith("L2S"),
                    "aligned: " + row);
        }
        assertTrue(r.out().contains("7 blocks, 61706 parameters"));
        assertTrue(r.out().contains("excluded softmax1 (Softmax)"));
        assertTrue(r.out().contains("preprocessing 'scale'"));
        assertTrue(r.out().contains("\n  conv1  784 -> 4704, loses 3920: merge conv1+pool1"
                + " (784 -> 1176, S2L, loses 392)\n"
                + "         removing it takes conv1-pool2 (4 blocks, 784 -> 400, L2S)\n"
                + "  conv2  1176 -> 1600, loses 424: merge conv2+pool2 (1176 -> 400, L2S)\n"
                + "suggested --blocks conv1+pool1,conv2+pool2,dense1,dense2,dense3\n"), r.out());
    }

    @Test
    void theS2lSuggestionIsASpecThatInspectAndCreditAccept() throws Exception {
        String lenet = "models/lenet5-mnist.onnx";
        CliRunner.Run r = run("inspect", lenet, "--format", "json");
        assertEquals(Main.OK, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        String spec = root.get("suggestedBlocks").asText();
        assertEquals("conv1+pool1,conv2+pool2,dense1,dense2,dense3", spec);
        JsonNode conv1 = root.get("s2l").get(0);
        assertEquals(List.of("block", "nIn", "nOut", "excess", "merge", "removal"), fields(conv1));
        assertEquals(List.of("blocks", "merged", "nIn", "nOut", "kind", "excess"), fields(conv1.get("merge")));
        assertEquals("conv1+pool1", conv1.get("merge").get("blocks").asText());
        assertEquals(392, conv1.get("merge").get("excess").asInt());
        assertEquals("conv1-pool2", conv1.get("removal").get("blocks").asText());
        assertTrue(root.get("s2l").get(1).get("removal").isNull(), "conv2+pool2 is already L2S");

        CliRunner.Run again = run("inspect", lenet, "--blocks", spec, "--format", "json");
        assertEquals(Main.OK, again.code(), again.err());
        JsonNode merged = new ObjectMapper().readTree(again.out());
        assertEquals(List.of("conv1+pool1", "conv2+pool2", "dense1", "dense2", "dense3"), names(merged.get("blocks")));
        assertEquals("conv1-pool2,dense1,dense2,dense3", merged.get("suggestedBlocks").asText(),
                "on the merged partition, the remaining S2L block takes the next block, which is L2S");

        Path out = dir.resolve("credit");
        CliRunner.Run credit = run("credit", "--model", lenet, "--blocks", spec, "--estimator", "onestep",
                "--samples", "100", "--holdout", "50", "--out", out.toString());
        assertEquals(Main.OK, credit.code(), credit.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("credit.json").toFile());
        assertEquals(List.of("conv1+pool1", "conv2+pool2", "dense1", "dense2", "dense3"), names(json.get("blocks")));
        assertEquals(spec, json.get("options").get("blocks").asText());
    }

    @Test
    void noS2lBlockNoAdvice() throws Exception {
        Path model = TestModels.residual(dir);
        CliRunner.Run r = run("inspect", model.toString(), "--format", "json");
        assertEquals(Main.OK, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(0, root.get("s2l").size());
        assertTrue(root.get("suggestedBlocks").isNull());
        CliRunner.Run table = run("inspect", model.toString());
        assertFalse(table.out().contains("S2L"), table.out());
        assertFalse(table.out().contains("suggested"), table.out());
    }

    @Test
    void jsonHasExactlyTheDocumentedFields() throws Exception {
        Path model = TestModels.lenet(dir, Naming.AUTO);
        CliRunner.Run r = run("inspect", model.toString(), "--format", "json", "--blocks", "conv1+pool1,conv2+pool2,dense1-dense3");
        assertEquals(Main.OK, r.code(), r.err());
        JsonSchemas.assertValid(JsonSchemas.Kind.INSPECT, r.out());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(List.of("model", "blocks", "excluded", "s2l", "suggestedBlocks"), fields(root));
        assertEquals(model.toString(), root.get("model").asText());
        assertEquals(3, root.get("blocks").size());
        JsonNode first = root.get("blocks").get(0);
        assertEquals(List.of("name", "ops", "inputShape", "outputShape", "nIn", "nOut", "kind", "params"), fields(first));
        assertEquals("conv1+pool1", first.get("name").asText());
        assertEquals("[\"Conv\",\"Relu\",\"MaxPool\"]", first.get("ops").toString());
        assertEquals("[1,28,28]", first.get("inputShape").toString());
        assertEquals("[6,14,14]", first.get("outputShape").toString());
        assertEquals(784, first.get("nIn").asInt());
        assertEquals(1176, first.get("nOut").asInt());
        assertEquals("S2L", first.get("kind").asText());
        assertEquals(156, first.get("params").asLong());
        assertEquals("dense1-dense3", root.get("blocks").get(2).get("name").asText());
        JsonNode excluded = root.get("excluded");
        assertEquals(1, excluded.size());
        assertEquals(List.of("name", "ops"), fields(excluded.get(0)));
        assertEquals("softmax1", excluded.get(0).get("name").asText());
        assertEquals("[\"Softmax\"]", excluded.get(0).get("ops").toString());
    }

    @Test
    void keepSoftmaxCreditsIt() throws Exception {
        Path model = TestModels.lenet(dir, Naming.PYTORCH);
        CliRunner.Run r = run("inspect", model.toString(), "--format", "json", "--keep-softmax");
        assertEquals(Main.OK, r.code(), r.err());
        JsonSchemas.assertValid(JsonSchemas.Kind.INSPECT, r.out());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(0, root.get("excluded").size());
        assertEquals("[\"Gemm\",\"Softmax\"]", root.get("blocks").get(6).get("ops").toString());
    }

    @Test
    void userErrorsGiveOneLineAndExitCode2() {
        Path model = TestModels.lenet(dir, Naming.PYTORCH);
        CliRunner.Run bad = run("inspect", model.toString(), "--blocks", "conv1+dense1");
        assertEquals(Main.USER_ERROR, bad.code());
        assertEquals("koopcredit: --blocks 'conv1+dense1': layers conv1 and dense1 are not consecutive; layers are"
                + " conv1, pool1, conv2, pool2, dense1, dense2, dense3 (see 'koopcredit inspect --help')",
                bad.err().strip());
        assertEquals("", bad.out());

        CliRunner.Run missing = run("inspect", dir.resolve("none.onnx").toString());
        assertEquals(Main.USER_ERROR, missing.code());
        assertEquals(1, missing.err().lines().count());
        assertTrue(missing.err().contains("none.onnx: expected an ONNX model file, found no such file"));

        CliRunner.Run format = run("inspect", model.toString(), "--format", "xml");
        assertEquals(Main.USER_ERROR, format.code());
        assertTrue(format.err().contains("xml"), format.err());

        CliRunner.Run noModel = run("inspect");
        assertEquals(Main.USER_ERROR, noModel.code());
    }

    @Test
    void residualSpecCuttingTheMergeIsRejected() {
        Path model = TestModels.residual(dir);
        CliRunner.Run r = run("inspect", model.toString(), "--blocks", "dense1,dense2,dense3-dense4");
        assertEquals(Main.USER_ERROR, r.code());
        assertTrue(r.err().contains("cannot cut between dense2 and dense3"), r.err());
        CliRunner.Run ok = run("inspect", model.toString());
        assertEquals(Main.OK, ok.code(), ok.err());
        assertTrue(ok.out().contains("dense2+dense3"), ok.out());
    }

    private static List<String> names(JsonNode blocks) {
        List<String> names = new ArrayList<>();
        blocks.forEach(b -> names.add(b.get("name").asText()));
        return names;
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
