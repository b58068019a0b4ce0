package io.koopcredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.koopcredit.report.json.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code koopcredit validate} through {@link Main#run}. */
class ValidateCommandTest {

    static final Path MLP81 = Path.of("models/mlp81-mnist.onnx");
    static final Path MNIST = Path.of("data/mnist");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void zeroSeedsIsOneLineAndExitTwo() {
        Run r = run("validate", "--seeds", "0", "--out", dir.toString());
        assertEquals(Main.USER_ERROR, r.code());
        assertEquals(List.of("koopcredit: --seeds: expected 2..100, found 0 (see 'koopcredit validate --help')"),
                r.err().lines().toList());
        assertEquals("", r.out());
        assertFalse(Files.exists(dir.resolve("validation.json")));
    }

    @Test
    void anUnknownEstimatorIsAUserErrorWithoutAStackTrace() {
        Run r = run("validate", "--estimator", "bogus", "--out", dir.toString());
        assertEquals(Main.USER_ERROR, r.code());
        List<String> lines = r.err().lines().toList();
        // The error itself is one line; Main adds its usual pointer to --help for option errors.
        assertTrue(lines.get(0).startsWith("koopcredit: ") && lines.get(0).contains("--estimator")
                && lines.get(0).contains("bogus"), lines.get(0));
        assertTrue(lines.size() <= 2 && lines.stream().noneMatch(l -> l.startsWith("\tat ")), r.err());
    }

    @Test
    void aDecreasingSampleSweepIsAUserError() {
        Run r = run("validate", "--sample-sweep", "4,2", "--out", dir.toString());
        assertEquals(Main.USER_ERROR, r.code());
        assertEquals(List.of("koopcredit: --sample-sweep: expected increasing counts, found 4 before 2 (see"
                + " 'koopcredit validate --help')"), r.err().lines().toList());
    }

    @Test
    void aQuickOneStepRunOnTheBundledMlpWritesValidationJson() throws Exception {
        assumeTrue(Files.exists(MLP81) && Files.isDirectory(MNIST), "the bundled MLP or digits are not here");
        Path out = dir.resolve("report");
        Run r = run("validate", "--model", MLP81.toString(), "--estimator", "onestep", "--quick", "--samples", "300",
                "--holdout", "100", "--no-progress", "--out", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertEquals("", r.err(), "no progress without a terminal");
        assertTrue(r.out().contains("randomization (cascade top-down over dense4, dense3, dense2, dense1)"), r.out());
        assertTrue(r.out().contains("seeds and T: not applicable"), r.out());
        assertTrue(r.out().endsWith(" to " + out + System.lineSeparator()), r.out());
        JsonSchemas.assertValid(JsonSchemas.Kind.VALIDATION, out.resolve("validation.json"));
        JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, out.resolve("credit.json"));
        JsonNode root = new ObjectMapper().readTree(Files.readString(out.resolve("validation.json")));
        assertEquals("onestep", root.get("options").get("estimator").asText());
        assertEquals(300, root.get("options").get("samples").asInt());
        assertTrue(root.get("validation").get("quick").asBoolean());
        assertEquals(2, root.get("randomization").get("steps").size(), "--quick: first and last step");
        assertEquals(4, root.get("credits").size());
        try (var files = Files.list(out)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.containsAll(List.of("validation.json", "index.html", "credit.json", "credits.csv",
                    "layer-credit.png")), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.startsWith(".") && !n.equals(".koopcredit-report")),
                    "no staging folder or lock left behind, only the list of the report's files: " + names);
        }
        String page = Files.readString(out.resolve("index.html"));
        assertTrue(page.contains("id=\"validation\""), "the page has a validation section");
        assertTrue(page.contains("Randomization sanity check") && page.contains("Ablation agreement"));
        // Every link is a file in the folder (or an anchor); heat maps embed their colours as PNG data.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:src|href)=\"(?!data:image/png;base64,)([^\"#]+)\"")
                .matcher(page);
        while (m.find()) {
            assertTrue(Files.exists(out.resolve(m.group(1))), "referenced file exists: " + m.group(1));
        }
    }

    @Test
    void aPruningRunOnTheBundledLeNetWritesItsLesionsAndCurves() throws Exception {
        Path lenet = Path.of("models/lenet5-mnist.onnx");
        assumeTrue(Files.exists(lenet) && Files.isDirectory(MNIST), "the bundled LeNet-5 or digits are not here");
        Path out = dir.resolve("pruned");
        Run r = run("validate", "--estimator", "onestep", "--quick", "--samples", "100", "--holdout", "50",
                "--pruning", "--pruning-fractions", "0.2,0.5", "--pruning-seeds", "2", "--bootstrap", "20",
                "--no-progress", "--out", out.toString());
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("kernel lesions: 22 kernels zeroed one at a time"), r.out());
        assertTrue(r.out().contains("pruning 22 candidate kernels of conv1, conv2 without fine-tuning"), r.out());
        assertTrue(r.out().contains("wrote validation.json, index.html (with its validation section), lesions.csv, "
                + "pruning.csv, credit.json"), r.out());
        JsonSchemas.assertValid(JsonSchemas.Kind.VALIDATION, out.resolve("validation.json"));
        JsonNode root = new ObjectMapper().readTree(Files.readString(out.resolve("validation.json")));
        assertEquals(8, root.get("pruning").get("curves").size());
        assertEquals(22, root.get("lesions").get("kernels").size());
        assertEquals(1 + 22, Files.readAllLines(out.resolve("lesions.csv")).size());
        assertEquals(1 + 8 * 2, Files.readAllLines(out.resolve("pruning.csv")).size());
        String page = Files.readString(out.resolve("index.html"));
        assertTrue(page.contains("Lesion studies") && page.contains("href=\"pruning-global.png\"")
                && page.contains("href=\"lesions.csv\""), "the page shows the lesions and links the curves");
        assertTrue(Files.size(out.resolve("pruning-per-layer.png")) > 0);
    }
}
