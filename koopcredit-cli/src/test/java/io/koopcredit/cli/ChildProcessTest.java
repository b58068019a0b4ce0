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
    void aHeapTooSmallForABlockIsRefusedByThePlanBeforeTheNetworkRuns() {
        Path out = tmp.resolve("planned");
        CliRunner.Run r = ChildCli.run(tmp.resolve("logs"), List.of(), List.of("-Xmx96m"), "credit", "--threads", "2",
                "--holdout", "50", "--out", out.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        String line = oneLine(r);
        // The memory plan is the first line of defence: it names the block, what it needs and the heap.
        assertTrue(line.matches("koopcredit: --memory: block \\w+ \\(estimating one trial of faithful with N = 1\\)"
                + " needs [0-9.]+ MiB on the Java heap \\([0-9.]+ MiB in all\\), found a usable heap of 81.6 MiB"
                + " \\(85% of a maximum heap of 96.0 MiB\\) .*"), line);
        assertFalse(Files.exists(out, LinkOption.NOFOLLOW_LINKS), "nothing is left in --out");
    }

    @Test
    void runningOutOfHeapIsOneLineNamingWhatRanAndTheLimit() throws IOException {
        // Data larger than the heap can hold while it is read: what runs before the memory plan can still
        // exhaust the heap, and then the line names what ran and the limit.
        Path data = tmp.resolve("big-digits.npy");
        writeNpy(data, 14_000, 784);
        Path out = tmp.resolve("oom");
        CliRunner.Run r = ChildCli.run(tmp.resolve("logs"), List.of(), List.of("-Xmx96m"), "credit", "--data",
                data.toString(), "--holdout", "50", "--out", out.toString());
        assertEquals(Main.INTERNAL_ERROR, r.code(), r.err());
        String line = oneLine(r);
        assertTrue(line.startsWith("koopcredit: out of memory while reading the data " + data), line);
        assertTrue(line.contains("the JVM's maximum heap is 96.0 MiB; raise it (for example --memory 307m, or "
                + "KOOPCREDIT_JAVA_OPTS=-Xmx192m)"), line);
        assertFalse(Files.exists(out, LinkOption.NOFOLLOW_LINKS), "nothing is left in --out");
    }

    /** Writes a float32 .npy file of {@code count} samples of 1 x 28 x 28 values in [0, 1). */
    private static void writeNpy(Path file, int count, int size) throws IOException {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + count + ", 1, 28, 28), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + 4 * count * size)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length()).put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(2);
        while (b.hasRemaining()) {
            b.putFloat((float) rng.nextDouble());
        }
        Files.write(file, b.array());
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
