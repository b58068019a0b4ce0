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
 * a shutdown hook.
 */
public final class Spill implements AutoCloseable {
    private static final Set<Spill> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(Spill::close), "koopcredit-spill-cleanup"));
    }

    private final Path dir;
    private final AtomicInteger files = new AtomicInteger();
    private volatile boolean closed;

    private Spill(Path dir) {
        this.dir = dir;
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
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException("cannot make the spill folder " + dir + " (" + e.getMessage() + "); expected a"
                    + " writable folder for values that do not fit the memory budget (set java.io.tmpdir)", e);
        }
        Spill s = new Spill(dir);
        OPEN.add(s);
        return s;
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
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException | UncheckedIOException e) {
            // Nothing more can be done; the folder's name says what it is.
        }
    }
}
