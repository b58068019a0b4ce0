package io.koopcredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code koopcredit bench --quick} runs (a smoke test of the benchmark, not a measurement): its one variant
 * is the one-step estimator on 200 samples, and every printed number is a finite, non-negative time, one row
 * per block of the model in the order {@code inspect} lists them.
 */
class BenchCommandTest {
    private static final String NUMBER = "(\\d+\\.\\d+)";

    @Test
    void quickBenchPrintsOneVariantWithFiniteTimesForEveryBlock() throws Exception {
        CliRunner.Run r = CliRunner.run("bench", "--quick", "--threads", "2");
        assertEquals(Main.OK, r.code(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("bench models/lenet5-mnist.onnx, "), out);
        assertTrue(out.contains(", 1 timed runs per variant"), out);
        assertTrue(out.contains("\nonestep-quick: estimator onestep, N=" + BenchCommand.QUICK_SAMPLES + ", T=1, threads 2"),
                out);
        assertTrue(!out.contains("faithful") && !out.contains("ratio"), "one variant only: " + out);
        Matcher total = Pattern.compile("total " + NUMBER + " s \\(runs: \\[" + NUMBER + "\\]\\)").matcher(out);
        assertTrue(total.find(), out);
        assertEquals(Double.parseDouble(total.group(1)), Double.parseDouble(total.group(2)), 0.005,
                "the median of one run is that run");
        Matcher stages = Pattern.compile("activations " + NUMBER + " s, estimation " + NUMBER + " s, global " + NUMBER
                + " s").matcher(out);
        assertTrue(stages.find(), out);
        double sum = 0;
        for (int g = 1; g <= 3; g++) {
            sum += Double.parseDouble(stages.group(g));
        }
        assertTrue(sum <= Double.parseDouble(total.group(1)) + 0.02, "stages within the total: " + out);

        CliRunner.Run inspect = CliRunner.run("inspect", "models/lenet5-mnist.onnx", "--format", "json");
        assertEquals(Main.OK, inspect.code(), inspect.err());
        List<String> blocks = new ArrayList<>();
        for (JsonNode b : new ObjectMapper().readTree(inspect.out()).get("blocks")) {
            blocks.add(b.get("name").asText());
        }
        Matcher row = Pattern.compile("(?m)^  (\\S+)\\s+" + NUMBER + "\\s+" + NUMBER + "\\s+" + NUMBER + "\\s+" + NUMBER
                + "$").matcher(out);
        List<String> rows = new ArrayList<>();
        while (row.find()) {
            rows.add(row.group(1));
            for (int g = 2; g <= 5; g++) {
                double v = Double.parseDouble(row.group(g));
                assertTrue(Double.isFinite(v) && v >= 0, row.group());
            }
        }
        assertEquals(blocks, rows, "one timing row per block, in the model's order");
    }

    /**
     * {@code bench --scale} on tiny settings (a smoke test, not a measurement): it builds ResNet-20, measures
     * the GEMM ceiling, runs the one-step estimator in its scalable form and prints a summary row in which
     * every block got a credit and every number is finite.
     */
    @Test
    void scaleBenchBuildsResNet20AndReportsEveryStage() {
        CliRunner.Run r = CliRunner.run("bench", "--scale", "--scale-samples", "24", "--scale-trials", "0",
                "--scale-holdout", "8", "--threads", "2", "--memory", "2g");
        assertEquals(Main.OK, r.code(), r.err());
        String out = r.out();
        Matcher ceiling = Pattern.compile("DGEMM " + NUMBER + " GFLOP/s, SGEMM " + NUMBER + " GFLOP/s").matcher(out);
        assertTrue(ceiling.find(), out);
        assertTrue(Double.parseDouble(ceiling.group(1)) > 0 && Double.parseDouble(ceiling.group(2)) > 0, out);
        assertTrue(out.contains("resnet20: input 3x32x32, seed 20221202, 12 blocks, 0.27 M parameters"), out);
        assertTrue(out.contains("resnet20 onestep, N=24, T=1, H=8, formulation scalable"), out);
        Matcher row = Pattern.compile("(?m)^resnet20\\s+onestep\\s+24\\s+1\\s+scalable\\s+" + NUMBER + "\\s+"
                + NUMBER + "\\s+" + NUMBER + "\\s+" + NUMBER + "\\s+\\S+ [KMG]iB\\s+12/12\\s+" + NUMBER
                + " \\(\\d+%\\)\\s+" + NUMBER + " \\(\\d+%\\)$").matcher(out);
        assertTrue(row.find(), "summary row with every block ok: " + out);
        double stages = 0;
        for (int g = 1; g <= 3; g++) {
            stages += Double.parseDouble(row.group(g));
        }
        assertTrue(stages <= Double.parseDouble(row.group(4)) + 0.02, "stages within the total: " + out);
        assertTrue(Double.parseDouble(row.group(5)) > 0, "an achieved GEMM rate: " + out);
        assertTrue(Double.parseDouble(row.group(6)) > 0, "the block fits' rate: " + out);
        Matcher fits = Pattern.compile("(?m)^    block \\S+: ([0-9.e+-]+) GFLOP in " + NUMBER + " s").matcher(out);
        int blocks = 0;
        while (fits.find()) {
            assertTrue(Double.parseDouble(fits.group(1)) > 0, "every block's fit has flops: " + out);
            blocks++;
        }
        assertEquals(12, blocks, "one flop line per block: " + out);
        assertTrue(out.contains("  block fits: "), out);
    }

    @Test
    void quickAndFullTogetherAreAUserError() {
        CliRunner.Run r = CliRunner.run("bench", "--quick", "--full");
        assertEquals(Main.USER_ERROR, r.code());
        assertTrue(r.err().startsWith("koopcredit: --quick and --full"), r.err());
    }
}
