package io.koopcredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures only a separate JVM shows: the heap running out, ONNX Runtime's native library failing to
 * unpack, and ONNX Runtime's own log lines, which native code writes straight to file descriptor 2 (an
 * in-process run captures only what Java prints).
 */
class ChildProcessTest {
    @TempDir
    static Path tmp;

    static Path gen;

    @BeforeAll
    static void generate() throws IOException {
        gen = BadInputs.generate(Files.createDirectories(tmp.resolve("gen")));
    }

    /** Checks the common rules: one line, no exception class name, no C++ details. @return the line */
    private static String oneLine(CliRunner.Run r) {
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "exactly one line on stderr: " + r.err());
        String line = lines.get(0);
        assertFalse(BadInputCorpusTest.CLASS_NAME.matcher(line).find(), line);
        assertFalse(BadInputCorpusTest.NATIVE_DETAIL.matcher(line).find(), line);
        return line;
    }

    @Test
    void runningOutOfHeapIsOneLineNamingWhatRanAndTheLimit() {
        Path out = tmp.resolve("oom");
        CliRunner.Run r = ChildCli.run(tmp.resolve("logs"), List.of(), List.of("-Xmx96m"), "credit", "--threads", "2",
                "--holdout", "50", "--out", out.toString());
        assertEquals(Main.INTERNAL_ERROR, r.code(), r.err());
        String line = oneLine(r);
        // Where the heap runs out depends on the machine's load and garbage collector; usually in conv1's
        // estimation. Whatever ran is named: a block, or else the command's stage.
        assertTrue(line.matches("koopcredit: out of memory while (estimating block \\w+ \\(10 trials\\)"
                + "|computing the credit and fidelity of block \\w+|preparing the 7 blocks of \\S+ to run on their own"
                + "|running the network on .* samples|multiplying the block operators into .*"
                + "|reading the data \\S+|analysing \\S+) \\(.*"), line);
        assertTrue(line.contains("the JVM's maximum heap is 96.0 MiB; raise it (for example "
                + "KOOPCREDIT_JAVA_OPTS=-Xmx192m)"), line);
        assertFalse(Files.exists(out, LinkOption.NOFOLLOW_LINKS), "nothing is left in --out");
    }

    @Test
    void aModelTooLargeForTheHeapIsRefusedBeforeItIsRead() throws IOException {
        Path model = tmp.resolve("forty-mib.onnx");
        try (RandomAccessFile f = new RandomAccessFile(model.toFile(), "rw")) {
            f.setLength(40L << 20);
        }
        CliRunner.Run r = ChildCli.run(tmp.resolve("logs"), List.of(), List.of("-Xmx64m"), "inspect",
                model.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(oneLine(r).contains("a model file of 40.0 MiB needs at least 2 times its size in memory to be"
                + " read, found a maximum heap (-Xmx) of 64.0 MiB"), r.err());
    }

    @Test
    void onnxRuntimeThatCannotUnpackItsLibrarySaysWhereInOneLine() throws IOException {
        Path notAFolder = Files.writeString(tmp.resolve("tmpdir-is-a-file"), "x");
        CliRunner.Run r = ChildCli.run(tmp.resolve("logs"), List.of(), List.of("-Djava.io.tmpdir=" + notAFolder),
                "inspect", "models/mlp81-mnist.onnx");
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        String line = oneLine(r);
        assertTrue(line.startsWith("koopcredit: cannot load ONNX Runtime's native library: "), line);
        assertTrue(line.contains("java.io.tmpdir (" + notAFolder + ")"), line);
    }

    @Test
    void theLstmGraphThatMadeOnnxRuntimePrintItsOwnLinesGivesOneLine() {
        CliRunner.Run r = ChildCli.run(tmp.resolve("logs"), List.of(), List.of(), "inspect",
                gen.resolve("lstm-batchwise.onnx").toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(oneLine(r).contains("(LSTM) is a recurrent layer"), r.err());
    }

    @Test
    void onnxRuntimesOwnLogLinesAppearOnlyWithVerbose() {
        Path model = gen.resolve("resize-bogus.onnx");
        CliRunner.Run quiet = ChildCli.run(tmp.resolve("logs"), List.of(), List.of(), "inspect", model.toString());
        assertEquals(Main.USER_ERROR, quiet.code(), quiet.err());
        assertTrue(oneLine(quiet).contains("mode attribute is bogus"), quiet.err());
        assertFalse(quiet.err().contains("onnxruntime"), quiet.err());

        CliRunner.Run verbose = ChildCli.run(tmp.resolve("logs"), List.of(), List.of(), "inspect", "--verbose",
                model.toString());
        assertEquals(Main.USER_ERROR, verbose.code(), verbose.err());
        assertTrue(verbose.err().contains("[E:onnxruntime"), "ONNX Runtime's own error lines: " + verbose.err());
        assertTrue(verbose.err().contains("koopcredit: " + model + ": ONNX Runtime cannot run"), verbose.err());
    }
}
