package io.koopcredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SIGINT, SIGTERM and SIGKILL at two points of a real run in a child JVM (the bundled 81-wide model, so runs
 * are short): during the analysis (the output folder is locked, nothing staged yet) and while the report is
 * being written (some files staged). The test waits for the stage by watching the run's progress and its
 * output folder, never for a fixed time. Afterwards the folder shows the previous report, unchanged; after
 * SIGINT and SIGTERM nothing hidden is left either; after SIGKILL the next run cleans up.
 */
class SignalTest {
    /** A test aid of the report module: every staged file waits this long, so the writing stage can be hit. */
    private static final String WRITE_DELAY = "-Dkoopcredit.test.stagingWriteDelayMillis=250";

    @TempDir
    static Path tmp;

    /** The previous report every case starts from. */
    static Path previous;

    @BeforeAll
    static void writePreviousReport() {
        previous = tmp.resolve("previous");
        CliRunner.Run r = CliRunner.run("credit", "--model", "models/mlp81-mnist.onnx", "--trials", "1", "--holdout",
                "20", "--seed", "1", "--report", "json,csv", "--out", previous.toString());
        assertEquals(Main.OK, r.code(), r.err());
    }

    @ParameterizedTest(name = "SIG{0} during the {1}")
    @CsvSource({"INT, analysis", "INT, writing", "TERM, analysis", "TERM, writing", "KILL, analysis",
        "KILL, writing"})
    void nothingPartialIsVisibleAndTheNextRunCleansUp(String signal, String stage) throws IOException {
        Path out = tmp.resolve(signal + "-" + stage);
        copy(previous, out);
        Map<String, byte[]> before = visible(out);
        ChildCli.Child child = ChildCli.start(tmp.resolve("logs"), resetSignals(), List.of(WRITE_DELAY), "credit",
                "--model", "models/mlp81-mnist.onnx", "--trials", "10", "--holdout", "100", "--seed", "2", "--report",
                "json,csv,png,html", "--progress", "--out", out.toString());
        if (stage.equals("analysis")) {
            child.await("the analysis", () -> lockedBy(out).startsWith("pid ") && child.err().contains("trials")
                    && stagedFiles(out) == 0);
        } else {
            child.await("the report being written", () -> stagedFiles(out) > 0);
        }
        child.signal(signal);
        CliRunner.Run r = child.finish();

        int signo = switch (signal) {
            case "INT" -> 2;
            case "TERM" -> 15;
            default -> 9;
        };
        assertEquals(128 + signo, r.code(), r.err());
        BadInputCorpusTest.assertSame(signal + " " + stage, before, visible(out));
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
        if (!signal.equals("KILL")) {
            assertEquals(List.of(), hidden(out), "nothing hidden is left after SIG" + signal);
            String last = r.err().lines().reduce((a, b) -> b).orElse("");
            assertEquals("koopcredit: stopped before finishing; nothing was written to " + out, last.trim());
        }

        CliRunner.Run next = CliRunner.run("credit", "--model", "models/mlp81-mnist.onnx", "--trials", "1",
                "--holdout", "20", "--seed", "3", "--out", out.toString());
        assertEquals(Main.OK, next.code(), next.err());
        assertEquals(List.of(), hidden(out), "the next run leaves nothing hidden but its file list");
        assertEquals(List.of("credit.json", "feature-weights.npy"), new ArrayList<>(visible(out).keySet()),
                "the next run's report only: the previous run's CSV files are gone");
    }

    @Test
    void aFolderInUseByAnotherProcessIsRefusedNamingItAndTakenOverWhenItDies() throws IOException {
        Path out = tmp.resolve("locked");
        ChildCli.Child child = ChildCli.start(tmp.resolve("logs"), resetSignals(), List.of(WRITE_DELAY), "credit",
                "--model", "models/mlp81-mnist.onnx", "--trials", "10", "--holdout", "100", "--report",
                "json,csv,png,html", "--out", out.toString());
        child.await("the lock", () -> lockedBy(out).startsWith("pid "));
        CliRunner.Run refused = CliRunner.run("credit", "--model", "models/mlp81-mnist.onnx", "--trials", "1",
                "--holdout", "20", "--out", out.toString());
        assertEquals(Main.USER_ERROR, refused.code(), refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().startsWith("koopcredit: --out " + out + ": another koopcredit run (pid "
                + child.process().pid() + ", koopcredit credit, started "), refused.err());
        assertTrue(refused.err().contains("wait for it to finish or choose another --out"), refused.err());

        child.signal("KILL");
        assertEquals(137, child.finish().code());
        CliRunner.Run next = CliRunner.run("credit", "--model", "models/mlp81-mnist.onnx", "--trials", "1",
                "--holdout", "20", "--out", out.toString());
        assertEquals(Main.OK, next.code(), "the dead run's lock is taken over: " + next.err());
        assertEquals(List.of(), hidden(out));
    }

    /**
     * A JVM keeps SIGINT ignored if it starts with SIGINT ignored (as background jobs of a shell without job
     * control do): {@code env --default-signal} gives the child the default disposition, as in a terminal.
     */
    static List<String> resetSignals() {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT,TERM", "true").start();
            if (p.waitFor() == 0) {
                return List.of("env", "--default-signal=INT,TERM");
            }
        } catch (IOException e) {
            // No such env: start the JVM directly.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }

    /** @return the text of the folder's lock file (written once the lock is held), or "" */
    private static String lockedBy(Path out) {
        try {
            return Files.readString(out.resolve(".koopcredit.lock"));
        } catch (IOException e) {
            return "";
        }
    }

    /** @return the number of files in the folder's staging folders */
    private static long stagedFiles(Path out) {
        if (!Files.isDirectory(out)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".staging-")).mapToLong(p -> {
                try (Stream<Path> f = Files.list(p)) {
                    return f.filter(Files::isRegularFile).count();
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** @return the visible files (names not starting with a dot) and their bytes */
    private static Map<String, byte[]> visible(Path dir) {
        Map<String, byte[]> all = BadInputCorpusTest.snapshot(dir);
        Map<String, byte[]> shown = new TreeMap<>();
        all.forEach((k, v) -> {
            if (!k.startsWith(".")) {
                shown.put(k, v);
            }
        });
        return shown;
    }

    /** @return the hidden entries other than the list of the last report's files */
    private static List<String> hidden(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")
                    && !n.equals(".koopcredit-report")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
