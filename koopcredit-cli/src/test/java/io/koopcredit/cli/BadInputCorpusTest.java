package io.koopcredit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the bad-input corpus ({@code src/test/resources/bad-inputs/cases.txt}) through the CLI's entry point,
 * in this JVM: for every case the exit code, exactly one line on stderr that names what was expected, no
 * exception class name or C++ source location in it, nothing on stdout, and the state of {@code --out}
 * afterwards.
 */
class BadInputCorpusTest {
    /**
     * A fully qualified Java class (a capitalised last segment: {@code java.io.tmpdir}, a property, is fine),
     * a Java exception or error class name: never shown to a user.
     */
    static final Pattern CLASS_NAME = Pattern.compile("\\b(?:java|javax|jdk|sun|ai\\.onnxruntime|com\\.google|picocli"
            + "|io\\.koopcredit)(?:\\.[a-z_]\\w*)*\\.[A-Z][\\w$]*|\\b\\w+Exception\\b|\\b(?:OutOfMemory"
            + "|StackOverflow|NoClassDefFound|UnsatisfiedLink|ExceptionInInitializer|Assertion|Linkage|Internal"
            + "|Virtual(?:Machine)?)Error\\b");

    /** A C++ source location or qualified C++ name, as ONNX Runtime puts before its messages. */
    static final Pattern NATIVE_DETAIL = Pattern.compile("\\.(?:cc|cpp|h|hpp):\\d+|onnxruntime::|onnxruntime_src");

    /** What {@code {fast}} stands for: a short analysis where one runs at all. */
    private static final List<String> FAST = List.of("--trials", "1", "--holdout", "5");

    /** The report a "kept" output folder holds before the case runs. */
    private static final Map<String, String> PREVIOUS = Map.of(
            "credit.json", "{\"previous\": true}\n",
            "notes.txt", "the user's own notes, never touched\n",
            ".koopcredit-report", "credit.json\n");

    @TempDir
    static Path tmp;

    static Path gen;

    /**
     * One line of the corpus.
     *
     * @param id the case's name
     * @param exit expected exit code
     * @param out expected state of the output folder: absent, kept, file or none
     * @param expected texts stderr must contain
     * @param args the command line, placeholders unresolved
     */
    record Case(String id, int exit, String out, List<String> expected, List<String> args) {
    }

    @BeforeAll
    static void generate() throws IOException {
        gen = BadInputs.generate(Files.createDirectories(tmp.resolve("gen")));
    }

    static Path fixtures() {
        try {
            return Path.of(BadInputCorpusTest.class.getResource("/bad-inputs/cases.txt").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(fixtures().resolve("cases.txt"), StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split(" \\|(?: |$)", -1);
                if (cols.length != 5) {
                    throw new IllegalStateException("cases.txt: expected 5 columns, found " + cols.length + ": "
                            + line);
                }
                List<String> expected = Arrays.stream(cols[3].split(" ; ")).map(String::trim).toList();
                List<String> args = cols[4].isBlank() ? List.of()
                        : Arrays.stream(cols[4].trim().split(" +")).map(a -> a.equals("''") ? "" : a).toList();
                cases.add(new Case(cols[0].trim(), Integer.parseInt(cols[1].trim()), cols[2].trim(), expected, args));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    @Test
    void everyCaseHasAUniqueIdAndAKnownOutputState() {
        List<Case> cases = cases();
        Set<String> ids = new HashSet<>();
        for (Case c : cases) {
            assertTrue(ids.add(c.id()), "duplicate id " + c.id());
            assertTrue(Set.of("absent", "kept", "file", "none").contains(c.out()), c.id() + ": " + c.out());
            assertTrue(c.out().equals("none") || c.args().contains("{out}"), c.id() + " names no {out}");
        }
        assertTrue(cases.size() >= 100, "the corpus holds " + cases.size() + " cases");
    }

    @TestFactory
    Stream<DynamicTest> corpus() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> check(c)));
    }

    private void check(Case c) throws IOException {
        Path out = tmp.resolve("out").resolve(c.id());
        Files.createDirectories(out.getParent());
        Map<String, byte[]> before = prepare(c, out);
        List<String> args = new ArrayList<>();
        for (String a : c.args()) {
            if (a.equals("{fast}")) {
                args.addAll(FAST);
            } else {
                args.add(a.replace("{bad}", fixtures().toString()).replace("{gen}", gen.toString())
                        .replace("{out}", out.toString()).replace("{mlp}", "models/mlp81-mnist.onnx"));
            }
        }
        CliRunner.Run r = c.id().startsWith("noroot-") ? runWithoutRootAccess(args) : CliRunner.run(
                args.toArray(String[]::new));
        assertEquals(c.exit(), r.code(), c.id() + ": " + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), c.id() + ": exactly one line on stderr, found " + r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("koopcredit: "), line);
        for (String e : c.expected()) {
            assertTrue(line.contains(e), c.id() + ": expected '" + e + "' in: " + line);
        }
        assertFalse(CLASS_NAME.matcher(line).find(), c.id() + ": an exception class name in: " + line);
        assertFalse(NATIVE_DETAIL.matcher(line).find(), c.id() + ": C++ details in: " + line);
        assertEquals("", r.out(), c.id() + ": nothing on stdout");
        switch (c.out()) {
            case "absent" -> assertFalse(Files.exists(out, LinkOption.NOFOLLOW_LINKS), c.id() + ": " + out + " exists");
            case "kept", "file" -> assertSame(c.id(), before, snapshot(out));
            default -> {
                // The command writes nothing.
            }
        }
    }

    /** Sets up the output folder's state before the case. @return its snapshot, or null */
    private static Map<String, byte[]> prepare(Case c, Path out) throws IOException {
        switch (c.out()) {
            case "kept" -> {
                Files.createDirectories(out);
                for (Map.Entry<String, String> e : PREVIOUS.entrySet()) {
                    Files.writeString(out.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
                }
                return snapshot(out);
            }
            case "file" -> {
                Files.writeString(out, "a file where a folder was expected\n", StandardCharsets.UTF_8);
                return snapshot(out);
            }
            default -> {
                return null;
            }
        }
    }

    /** @return every entry under {@code path} (hidden ones too) and its bytes; a file maps "" to its bytes */
    static Map<String, byte[]> snapshot(Path path) {
        Map<String, byte[]> files = new TreeMap<>();
        try {
            if (Files.isRegularFile(path)) {
                files.put("", Files.readAllBytes(path));
                return files;
            }
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.filter(p -> !p.equals(path)).toList()) {
                    files.put(path.relativize(p).toString(), Files.isRegularFile(p) ? Files.readAllBytes(p)
                            : new byte[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static void assertSame(String id, Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet(), id + ": the output folder's entries changed");
        for (String k : before.keySet()) {
            assertArrayEquals(before.get(k), after.get(k), id + ": " + k + " changed");
        }
    }

    /**
     * Root reads and writes whatever the permissions say: as root, run such a case in a child JVM that has
     * lost root's file access (setpriv drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH).
     */
    private static CliRunner.Run runWithoutRootAccess(List<String> args) {
        if (!Files.isReadable(gen.resolve("unreadable.onnx"))) {
            return CliRunner.run(args.toArray(String[]::new));
        }
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "running as root without setpriv: cannot make a file unreadable");
        return ChildCli.run(tmp.resolve("child"), List.of("/usr/bin/setpriv",
                "--bounding-set=-dac_override,-dac_read_search"), List.of(), args.toArray(String[]::new));
    }
}
