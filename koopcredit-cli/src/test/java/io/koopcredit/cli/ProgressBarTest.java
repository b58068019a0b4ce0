package io.koopcredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar (issue #10 item 5): stage, %, done/total, the unit just finished, the stage's elapsed
 * time and ETA; a new stage on a new line; nothing when disabled; {@code --quiet} wins over {@code --progress}.
 */
class ProgressBarTest {
    @Test
    void drawsStagePercentItemAndEtaAndStartsEveryStageOnItsOwnLine() throws Exception {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), "credit", true);
        bar.update("R factors", 0, 4);
        Thread.sleep(30);
        bar.update("R factors", "boundary 0", 1, 4);
        bar.update("R factors", "boundary 3", 4, 4);
        bar.update("blocks", 0, 2);
        bar.update("blocks", "block conv1", 2, 2);
        String out = text.toString();
        assertTrue(out.contains("credit R factors [" + " ".repeat(30) + "]   0% 0/4 0s"), out);
        assertTrue(out.contains("credit R factors [=======" + " ".repeat(23) + "]  25% 1/4 (boundary 0) "), out);
        assertTrue(out.contains(", ETA "), "an estimate while the stage runs: " + out);
        assertTrue(out.contains(" 100% 4/4 (boundary 3) "), out);
        String[] lines = out.split("\n", -1);
        assertEquals(3, lines.length, "one line per stage, each ended: " + out);
        assertTrue(lines[0].contains("R factors") && !lines[0].contains("blocks"), out);
        assertTrue(lines[1].contains("blocks") && lines[1].endsWith("(block conv1) 0s"), out);
        assertEquals("", lines[2]);
        assertFalse(lines[1].contains("ETA"), "no estimate once the stage is done: " + lines[1]);
    }

    @Test
    void aLineLeftOpenOnAnotherStreamDoesNotBreakThisOne() {
        StringWriter other = new StringWriter();
        new ProgressBar(new PrintWriter(other), "validate", true).update("lesions", 1, 3);
        StringWriter text = new StringWriter();
        PrintWriter err = new PrintWriter(text);
        new ProgressBar(err, "credit", true).update("blocks", 0, 2);
        assertTrue(text.toString().startsWith("\rcredit blocks ["), "no newline for another stream's line: " + text);
        // Bars that share a stream share its line: the second bar's new stage starts a new line.
        new ProgressBar(err, "credit", true).update("trials", 0, 2);
        assertTrue(text.toString().contains("0/2 0s\n\rcredit trials ["), text.toString());
        assertTrue(other.toString().startsWith("\rvalidate lesions ["), other.toString());
    }

    @Test
    void aDisabledBarDrawsNothing() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), "credit", false);
        bar.update("trials", 0, 3);
        bar.update("trials", "block a, trial 1", 1, 3);
        assertEquals("", text.toString());
    }

    @Test
    void quietOverridesProgress(@TempDir Path dir) {
        String[] common = {"credit", "--model", "models/mlp81-mnist.onnx", "--estimator", "onestep", "--samples",
            "100", "--holdout", "20", "--out"};
        CliRunner.Run shown = CliRunner.run(concat(common, dir.resolve("a").toString(), "--progress"));
        assertEquals(Main.OK, shown.code(), shown.err());
        assertTrue(shown.err().contains("credit activations (fitting samples) [") && shown.err().contains("100%"),
                shown.err());
        CliRunner.Run quiet = CliRunner.run(concat(common, dir.resolve("b").toString(), "--progress", "--quiet"));
        assertEquals(Main.OK, quiet.code(), quiet.err());
        assertEquals("", quiet.err());
        assertTrue(Files.exists(dir.resolve("b").resolve("credit.json")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
