package io.koopcredit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output folder's life cycle: staging, the previous run's files, the lock, and runs that died. */
class StagedDirectoryTest {
    @TempDir
    Path dir;

    private static List<String> entries(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void write(Path out, String... names) {
        try (StagedDirectory d = StagedDirectory.open(out)) {
            for (String n : names) {
                d.writeString(n, "written by this run: " + n + "\n");
            }
            d.commit();
        }
    }

    @Test
    void aNewReportRemovesThePreviousReportsFilesThatItDoesNotWriteAndNothingElse() throws IOException {
        Path out = dir.resolve("out");
        write(out, "credit.json", "credits.csv", "index.html", "layer-credit.png");
        Files.writeString(out.resolve("notes.txt"), "the user's own file\n");
        write(out, "credit.json");
        assertEquals(List.of(".koopcredit-report", "credit.json", "notes.txt"), entries(out));
        assertEquals("credit.json\n", Files.readString(out.resolve(StagedDirectory.MANIFEST)));
        assertEquals("written by this run: credit.json\n", Files.readString(out.resolve("credit.json")));
    }

    @Test
    void aRunThatFailsLeavesTheFolderAsItWasAndRemovesTheFoldersItCreated() throws IOException {
        Path out = dir.resolve("a/b/out");
        try (StagedDirectory d = StagedDirectory.open(out)) {
            d.writeString("credit.json", "half a report");
            assertTrue(Files.isDirectory(out), "created at once, before any long stage");
        }
        assertEquals(List.of(), entries(dir), "a, a/b and a/b/out were created by the run and are gone");

        write(out, "credit.json");
        List<String> before = entries(out);
        try (StagedDirectory d = StagedDirectory.open(out)) {
            d.writeString("credit.json", "a different report that is never committed");
        }
        assertEquals(before, entries(out));
        assertEquals("written by this run: credit.json\n", Files.readString(out.resolve("credit.json")));
    }

    @Test
    void aRunThatDiedWhileCommittingIsFinishedByTheNextOne() throws IOException {
        Path out = dir.resolve("out");
        write(out, "credit.json", "credits.csv", "index.html");
        // What a run killed in the middle of its commit leaves: its plan, credit.json already moved,
        // index.html still staged, credits.csv (no longer written) not yet removed, the old list of files.
        Path staging = Files.createDirectory(out.resolve(".staging-123"));
        Files.writeString(staging.resolve(StagedDirectory.JOURNAL),
                "new credit.json\nnew index.html\nold credits.csv\n");
        Files.writeString(out.resolve("credit.json"), "new credit.json\n");
        Files.writeString(staging.resolve("index.html"), "new index.html\n");

        try (StagedDirectory d = StagedDirectory.open(out)) {
            assertEquals(List.of(".koopcredit-report", "credit.json", "index.html"), entries(out).stream()
                    .filter(n -> !n.startsWith(".staging-") && !n.equals(OutputLock.FILE_NAME)).toList());
            assertEquals("new index.html\n", Files.readString(out.resolve("index.html")));
            assertEquals("credit.json\nindex.html\n", Files.readString(out.resolve(StagedDirectory.MANIFEST)));
            assertFalse(Files.exists(staging), "the dead run's staging folder is gone");
        }
    }

    @Test
    void aDeadRunsStagingFolderAndLockFileAreRemoved() throws IOException {
        Path out = dir.resolve("out");
        write(out, "credit.json");
        Path staging = Files.createDirectory(out.resolve(".staging-999"));
        Files.writeString(staging.resolve("credit.json"), "partial");
        // A lock file whose process is gone: the operating system holds no lock on it.
        Files.writeString(out.resolve(OutputLock.FILE_NAME), "pid 999999, koopcredit credit, started long ago\n");
        write(out, "credit.json");
        assertEquals(List.of(".koopcredit-report", "credit.json"), entries(out));
    }

    @Test
    void aSecondRunIntoALockedFolderIsRefusedNamingTheFirst() throws IOException {
        Path out = dir.resolve("out");
        try (StagedDirectory first = StagedDirectory.open(out, "koopcredit credit")) {
            InputException e = assertThrows(InputException.class,
                    () -> StagedDirectory.open(out, "koopcredit validate"));
            assertEquals("--out " + out + ": another koopcredit run (pid " + ProcessHandle.current().pid()
                    + ", koopcredit credit, in this process) is writing to this folder; wait for it to finish or choose"
                    + " another --out", e.getMessage());
            assertTrue(Files.readString(out.resolve(OutputLock.FILE_NAME)).startsWith("pid "
                    + ProcessHandle.current().pid() + ", koopcredit credit, started "));
            first.writeString("credit.json", "x");
            first.commit();
        }
        assertFalse(Files.exists(out.resolve(OutputLock.FILE_NAME), LinkOption.NOFOLLOW_LINKS));
        StagedDirectory.open(out).close();
    }

    @Test
    void unusableFoldersAreRefusedInOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertEquals("--out " + file + ": expected a folder, found a file",
                assertThrows(InputException.class, () -> StagedDirectory.open(file)).getMessage());
        assertEquals("--out '': expected a folder, found an empty path",
                assertThrows(InputException.class, () -> StagedDirectory.open(Path.of(""))).getMessage());
        assertEquals("--out " + file.resolve("x") + ": cannot create the folder: " + file.toAbsolutePath()
                + " is a file, not a folder", assertThrows(InputException.class,
                        () -> StagedDirectory.open(file.resolve("x"))).getMessage());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void fileNamesAreValidatedAndNothingIsWrittenAfterClose() {
        Path out = dir.resolve("out");
        StagedDirectory d = StagedDirectory.open(out);
        assertThrows(IllegalArgumentException.class, () -> d.writeString("../escape", "x"));
        assertThrows(IllegalArgumentException.class, () -> d.writeString(".hidden", "x"));
        d.close();
        assertThrows(IllegalStateException.class, () -> d.writeString("late.json", "x"));
        assertFalse(Files.exists(out));
    }
}
