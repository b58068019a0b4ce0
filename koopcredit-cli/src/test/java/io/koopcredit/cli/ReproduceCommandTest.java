package io.koopcredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.koopcredit.report.json.JsonSchemas;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job, {@code koopcredit reproduce}, end to end on small settings (the hidden --holdout, --samples,
 * --trials and --steps): the files it promises, the page's sections in order, and every number of the page
 * and of the printed tables consistent with the credit JSON it wrote beside them.
 */
class ReproduceCommandTest {
    private static final List<String> ANALYSES = List.of("lenet5-faithful", "lenet5-onestep", "lenet5-pca",
            "mlp81-faithful", "mlp81-onestep", "mlp81-pca");
    private static final List<String> CHARTS = List.of("layer-credit.png", "layer-credit-per-dim.png",
            "feature-weights.png", "examples.png", "fidelity.png", "snapshot-rank.png");
    private static final List<String> DATA = List.of("credit.json", "credits.csv", "feature-weights.csv",
            "feature-weights.npy");
    private static final int HOLDOUT = 50;
    private static final int SAMPLES = 100;
    private static final int TRIALS = 2;
    private static final int STEPS = 16;

    @TempDir
    static Path dir;
    private static CliRunner.Run run;
    private static String page;

    @BeforeAll
    static void reproduce() throws IOException {
        run = CliRunner.run("reproduce", "--out", dir.toString(), "--holdout", Integer.toString(HOLDOUT), "--samples",
                Integer.toString(SAMPLES), "--trials", Integer.toString(TRIALS), "--steps", Integer.toString(STEPS),
                "--threads", "2", "--no-progress");
        assertEquals(Main.OK, run.code(), run.err());
        page = Files.readString(dir.resolve("index.html"));
    }

    private static JsonNode credit(String analysis) throws IOException {
        return new ObjectMapper().readTree(dir.resolve(analysis + "-credit.json").toFile());
    }

    @Test
    void everyPromisedFileIsWrittenAndNothingElse() throws IOException {
        Set<String> expected = new TreeSet<>(List.of("index.html"));
        for (String a : ANALYSES) {
            for (String f : DATA) {
                expected.add(a + "-" + f);
            }
            for (String f : CHARTS) {
                expected.add(a + "-" + f);
            }
            if (a.startsWith("lenet5")) {
                expected.add(a + "-kernel-credit-conv1.png");
                expected.add(a + "-kernel-credit-conv2.png");
            }
        }
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).forEach(found::add);
        }
        assertEquals(expected, found);
        for (String name : found) {
            if (name.endsWith(".png")) {
                BufferedImage img = ImageIO.read(dir.resolve(name).toFile());
                assertNotNull(img, name + " decodes");
                assertTrue(img.getWidth() > 100 && img.getHeight() > 100, name);
            }
        }
        assertTrue(run.out().strip().endsWith("wrote " + dir.resolve("index.html")), run.out());
    }

    @Test
    void theJsonHoldsTheSmallSettingsAndEveryBlockIsCredited() throws IOException {
        for (String a : ANALYSES) {
            JsonSchemas.assertValid(JsonSchemas.Kind.CREDIT, dir.resolve(a + "-credit.json"));
            JsonNode root = credit(a);
            JsonNode o = root.get("options");
            assertEquals(a.substring(a.indexOf('-') + 1), o.get("estimator").asText(), a);
            assertEquals(HOLDOUT, o.get("holdout").asInt(), a);
            boolean faithful = a.endsWith("faithful");
            assertEquals(faithful ? 1 : SAMPLES, o.get("samples").asInt(), a + ": the faithful analyses keep N = 1");
            assertEquals(faithful ? TRIALS : 1, o.get("trials").asInt(), a);
            if (faithful) {
                assertEquals(STEPS, o.get("steps").asInt(), a);
            }
            assertEquals(a.startsWith("lenet5") ? 7 : 4, root.get("blocks").size(), a);
            for (JsonNode b : root.get("blocks")) {
                String where = a + " " + b.get("name").asText();
                assertEquals("ok", b.get("status").asText(), where);
                double logCredit = b.get("logCredit").asDouble();
                int rank = b.get("rank").asInt();
                assertTrue(Double.isFinite(logCredit) && rank >= 1, where);
                assertEquals(logCredit / rank, b.get("logCreditPerDim").asDouble(), 1e-12 * Math.abs(logCredit), where);
                assertTrue(b.get("fidelity").asDouble() >= 0 && b.get("fidelity").asDouble() <= b.get("fidelityP90")
                        .asDouble(), where);
                assertTrue(b.get("fidelitySamples").asInt() <= HOLDOUT, where);
            }
            JsonNode global = root.get("global");
            assertEquals(HOLDOUT, global.get("samples").asInt(), a);
            double agreement = global.get("agreement").asDouble();
            assertTrue(agreement >= 0 && agreement <= 1, a);
            assertEquals(10, root.get("featureWeights").get("weights").size(), a + ": one map per class");
        }
    }

    @Test
    void thePageHasOneSectionPerAnalysisInOrderWithTheJsonsNumbers() throws IOException {
        Matcher sections = Pattern.compile("<section class=\"analysis\" id=\"([a-z0-9-]+)\">").matcher(page);
        List<String> ids = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        while (sections.find()) {
            ids.add(sections.group(1));
            starts.add(sections.start());
        }
        assertEquals(ANALYSES, ids);
        starts.add(page.length());
        for (int i = 0; i < ANALYSES.size(); i++) {
            String a = ANALYSES.get(i);
            String section = page.substring(starts.get(i), starts.get(i + 1));
            assertTrue(section.contains(a.startsWith("lenet5") ? "IV.A Component credit" : "IV.B Feature weights"), a);
            for (String h : List.of("credit", "blocks", "features", "diagnostics", "global", "provenance")) {
                assertTrue(section.contains("id=\"" + a + "-" + h + "\""), a + " has its " + h + " part");
            }
            String table = section.substring(section.indexOf("id=\"" + a + "-blocks\""));
            table = table.substring(0, table.indexOf("</tbody>"));
            // Columns by their headers (the PCA analyses add the block sensitivity).
            List<String> headers = new ArrayList<>();
            Matcher th = Pattern.compile("<th(?: [a-z]+=\"[^\"]*\")*>([^<]+)</th>").matcher(table);
            while (th.find()) {
                headers.add(th.group(1));
            }
            assertTrue(headers.containsAll(List.of("nIn", "nOut", "log credit", "per dim", "rank", "credit rank")),
                    a + " " + headers);
            assertEquals(a.endsWith("pca"), headers.contains("log sensitivity"), a + " " + headers);
            Matcher row = Pattern.compile("<tr>(<td class=\"name\">([^<]+)</td>.*?)</tr>").matcher(table);
            JsonNode blocks = credit(a).get("blocks");
            int n = 0;
            while (row.find()) {
                JsonNode b = blocks.get(n++);
                assertEquals(b.get("name").asText(), row.group(2), a);
                List<String> cells = new ArrayList<>();
                Matcher num = Pattern.compile("<td(?: [a-z]+=\"[^\"]*\")*>(.*?)</td>").matcher(row.group(1));
                while (num.find()) {
                    cells.add(num.group(1));
                }
                assertEquals(headers.size(), cells.size(), a + " " + cells);
                assertEquals(b.get("nIn").asText(), cells.get(headers.indexOf("nIn")));
                assertEquals(b.get("nOut").asText(), cells.get(headers.indexOf("nOut")));
                assertFourDigits(b.get("logCredit").asDouble(), cells.get(headers.indexOf("log credit")), a);
                assertFourDigits(b.get("logCreditPerDim").asDouble(), cells.get(headers.indexOf("per dim")), a);
                assertEquals(b.get("rank").asText(), cells.get(headers.indexOf("rank")), a);
                assertEquals("#" + b.get("creditRank").asText(), cells.get(headers.indexOf("credit rank")), a);
                if (headers.contains("log sensitivity")) {
                    assertFourDigits(b.get("logSensitivity").asDouble(), cells.get(headers.indexOf("log sensitivity")),
                            a);
                }
            }
            assertEquals(blocks.size(), n, a + ": one table row per block");
        }
    }

    @Test
    void thePrintedTablesAgreeWithTheJson() throws IOException {
        String[] parts = run.out().split("\n== ");
        assertEquals(ANALYSES.size() + 1, parts.length, "one printed table per analysis");
        for (int i = 0; i < ANALYSES.size(); i++) {
            String a = ANALYSES.get(i);
            String part = parts[i + 1];
            for (JsonNode b : credit(a).get("blocks")) {
                Matcher m = Pattern.compile("(?m)^" + Pattern.quote(b.get("name").asText())
                        + "\\s+\\S+\\s+\\S+\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)").matcher(part);
                assertTrue(m.find(), a + " prints " + b.get("name").asText() + ":\n" + part);
                assertEquals(b.get("steps").asInt(), Integer.parseInt(m.group(1)), a);
                assertFourDigits(b.get("logCredit").asDouble(), m.group(2), a);
                assertFourDigits(b.get("logCreditPerDim").asDouble(), m.group(3), a);
                assertEquals(b.get("rank").asInt(), Integer.parseInt(m.group(4)), a);
                assertEquals(b.get("creditRank").asInt(), Integer.parseInt(m.group(5)), a);
            }
        }
    }

    /** The text shows {@code value} to four significant digits. */
    private static void assertFourDigits(double value, String text, String where) {
        double shown = Double.parseDouble(text);
        double halfUnit = value == 0 ? 0 : 0.5 * Math.pow(10, Math.floor(Math.log10(Math.abs(value))) - 3);
        assertTrue(Math.abs(shown - value) <= halfUnit * (1 + 1e-9), where + ": " + text + " shows " + value);
    }
}
