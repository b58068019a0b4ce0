package io.koopcredit.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spill folders left by runs that were killed outright are deleted by the next spill; folders of live runs
 * (this JVM's, or one whose lock is held) and anything else in the folder are left alone.
 */
class SpillTest {
    /** @return the process id of a process that has exited */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    static Path folder(Path root, long pid, int n, boolean withLock) throws Exception {
        Path d = Files.createDirectories(root.resolve("koopcredit-spill-" + pid + "-" + n));
        Files.write(d.resolve("1-fit-0.bin"), new byte[1024]);
        if (withLock) {
            Files.write(d.resolve(Spill.LOCK), new byte[0]);
        }
        return d;
    }

    @Test
    void foldersOfDeadRunsAreSweptAndLiveOnesKept(@TempDir Path root) throws Exception {
        long dead = deadPid();
        Path stale = folder(root, dead, 7, true);
        Path legacy = folder(root, dead, 8, false);
        Path held = folder(root, dead, 9, true);
        Path notes = Files.write(root.resolve("koopcredit-spill-notes.txt"), new byte[] {1});
        try (FileChannel c = FileChannel.open(held.resolve(Spill.LOCK), StandardOpenOption.WRITE);
             FileLock lock = c.lock();
             Spill first = Spill.open(root)) {
            assertFalse(Files.exists(stale), "a dead run's locked folder, its lock free");
            assertFalse(Files.exists(legacy), "a dead run's folder without a lock file");
            assertTrue(Files.exists(held.resolve("1-fit-0.bin")), "a folder whose lock is held (by another PID"
                    + " namespace, say) is kept even if its process id looks dead");
            assertTrue(Files.exists(notes), "files that are not spill folders are never touched");
            assertTrue(Files.exists(first.dir().resolve(Spill.LOCK)), "the new folder holds its lock");
            try (Spill second = Spill.open(root)) {
                assertTrue(Files.exists(first.dir()), "a live spill of this JVM is kept");
                assertTrue(Files.exists(second.dir()));
            }
            lock.release();
            try (Spill third = Spill.open(root)) {
                assertFalse(Files.exists(held), "swept once its lock is free");
                assertTrue(Files.exists(first.dir()));
            }
        }
        try (var s = Files.list(root)) {
            assertTrue(s.allMatch(notes::equals), "closing removes the spills' own folders");
        }
    }
}
