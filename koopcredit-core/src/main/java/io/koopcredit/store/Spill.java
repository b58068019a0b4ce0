package io.koopcredit.store;

import io.koopcredit.base.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private folder for values that do not fit the memory budget: {@code koopcredit-spill-<pid>-<n>} under
 * {@code java.io.tmpdir} (or a given root). Its files are {@link FileColumns}; closing the spill deletes the
 * folder and everything in it, and a folder left open when the JVM exits (a signal, an error) is deleted by
 * a shutdown hook. A run killed outright (SIGKILL, a crash) runs no hook: each folder holds an operating-system
 * lock on its {@link #LOCK} file for the life of its spill, which dies with the process, and every new spill
 * deletes the folders beside it whose process is no longer running and whose lock it can take
 * ({@link #sweep}).
 */
public final class Spill implements AutoCloseable {
    private static final Set<Spill> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(Spill::close), "koopcredit-spill-cleanup"));
    }

    /** The lock file inside every spill folder. */
    static final String LOCK = ".lock";

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("koopcredit-spill-(\\d+)-\\d+");

    private final Path dir;
    private final java.nio.channels.FileChannel lockChannel;
    private final AtomicInteger files = new AtomicInteger();
    private volatile boolean closed;

    private Spill(Path dir, java.nio.channels.FileChannel lockChannel) {
        this.dir = dir;
        this.lockChannel = lockChannel;
    }

    /** @return the root spill folders are made in: {@code java.io.tmpdir} */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Makes a new spill folder.
     *
     * @param root an existing writable folder
     * @return the spill; close it when done
     * @throws InputException if the folder cannot be made
     */
    public static Spill open(Path root) {
        Path dir = root.resolve("koopcredit-spill-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        java.nio.channels.FileChannel lock;
        try {
            Files.createDirectories(dir);
            lock = java.nio.channels.FileChannel.open(dir.resolve(LOCK), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE);
            lock.lock();
        } catch (IOException e) {
            throw new InputException("cannot make the spill folder " + dir + " (" + e.getMessage() + "); expected a"
                    + " writable folder for values that do not fit the memory budget (set java.io.tmpdir)", e);
        }
        Spill s = new Spill(dir, lock);
        OPEN.add(s);
        sweep(root, dir);
        return s;
    }

    /**
     * Deletes the spill folders under {@code root} that no running process owns: those whose process id (in
     * the name) is not running and whose lock file, if they have one, can be locked (the lock guards against
     * a process id that belongs to another PID namespace sharing the folder). Folders of live runs, in this
     * JVM or another, are left alone.
     *
     * @param root the folder spill folders are made in
     * @param own this run's folder, never touched
     */
    static void sweep(Path root, Path own) {
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.toList()) {
                java.util.regex.Matcher m = NAME.matcher(d.getFileName().toString());
                if (d.equals(own) || !m.matches() || !Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        || ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
                    continue;
                }
                if (Files.exists(d.resolve(LOCK))) {
                    try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(d.resolve(LOCK),
                            java.nio.file.StandardOpenOption.WRITE)) {
                        java.nio.channels.FileLock l = c.tryLock();
                        if (l != null) {
                            deleteFolder(d);
                            l.release();
                        }
                    } catch (java.nio.channels.OverlappingFileLockException | IOException e) {
                        // Held in this JVM, or not ours to open: a live run's folder.
                    }
                } else {
                    deleteFolder(d);
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            // A folder that cannot be listed or cleaned is left as it was: the sweep is housekeeping.
        }
    }

    /** Deletes a spill folder's files and the folder (spill folders hold plain files only). */
    private static void deleteFolder(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(d);
    }

    /** @return the folder */
    public Path dir() {
        return dir;
    }

    /**
     * @return bytes free for new files where the spill folder lives (0 if unknown)
     */
    public long usableSpace() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * A new store in a file of this folder.
     *
     * @param rows values per column
     * @param cols columns
     * @param element float32 or float64
     * @param name a short name for the file (letters, digits, dashes)
     * @return the store; close it when done (closing the spill closes it too)
     */
    public FileColumns store(int rows, int cols, Element element, String name) {
        if (closed) {
            throw new IllegalStateException("spill folder " + dir + " is closed");
        }
        String safe = name.replaceAll("[^A-Za-z0-9.-]", "_");
        return new FileColumns(dir.resolve(files.incrementAndGet() + "-" + safe + ".bin"), rows, cols, element);
    }

    /** Deletes the folder and its files. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        try {
            lockChannel.close();
        } catch (IOException e) {
            // The lock dies with the channel or the process.
        }
        try {
            deleteFolder(dir);
        } catch (IOException | UncheckedIOException e) {
            // Nothing more can be done; the folder's name says what it is, and the next run sweeps it.
        }
    }
}
