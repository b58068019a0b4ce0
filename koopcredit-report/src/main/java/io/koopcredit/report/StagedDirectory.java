package io.koopcredit.report;

import io.koopcredit.base.InputException;
import io.koopcredit.base.InputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An output folder written all or nothing, by one run at a time.
 *
 * <ul>
 *   <li>{@link #open} checks the folder (creating it if missing), locks it against a concurrent run (see
 *       {@link OutputLock}), and cleans up after runs that died: their hidden staging folders are removed,
 *       and a run that died while committing is finished first. Commands call it before their long stage,
 *       so an unusable {@code --out} fails in a second, not after the analysis.</li>
 *   <li>Files are written to a hidden staging folder {@code .staging-*} inside the output folder.</li>
 *   <li>{@link #commit()} moves them into place and removes the files the previous run wrote that this
 *       run did not (the folder's hidden manifest {@value #MANIFEST} lists what the last run wrote; files
 *       not listed there, such as a user's own notes, are left alone). Before moving anything it writes its
 *       plan into the staging folder, so a run killed halfway through the commit is finished by the next
 *       one.</li>
 *   <li>{@link #close()} removes the staging folder and the lock; without a commit it also removes the
 *       folders {@link #open} created, so a failed run leaves the output as it was.</li>
 *   <li>When the JVM is stopped (SIGINT, SIGTERM), a shutdown hook does what {@link #close()} would; a
 *       commit under way is finished first. After SIGKILL the next run cleans up.</li>
 * </ul>
 */
public final class StagedDirectory implements AutoCloseable {
    /** Prefix of the hidden staging folders. */
    static final String STAGING_PREFIX = ".staging-";
    /** The hidden list of the files the last committed run wrote, one name a line. */
    static final String MANIFEST = ".koopcredit-report";
    /** Inside a staging folder: the commit's plan ({@code new NAME} and {@code old NAME} lines). */
    static final String JOURNAL = ".commit";

    /**
     * Test aid: with the system property {@value} set to N, every file written waits N milliseconds, so
     * that a test can stop a run while its report is being written. Never set in normal use.
     */
    static final String WRITE_DELAY_PROPERTY = "koopcredit.test.stagingWriteDelayMillis";

    /** What happened to the staging area. */
    private enum State {
        OPEN, COMMITTED, CLOSED
    }

    /** Staging areas not yet closed, for the shutdown hook. */
    private static final Set<StagedDirectory> OPEN = Collections.synchronizedSet(new LinkedHashSet<>());
    /** Output folders discarded by {@link #discardAll()}. */
    private static final List<Path> DISCARDED = new ArrayList<>();
    private static volatile boolean hookInstalled;
    private static volatile boolean shuttingDown;

    private final Path target;
    private final Path staging;
    private final OutputLock lock;
    private final List<Path> created;
    private final Set<String> names = new LinkedHashSet<>();
    private State state = State.OPEN;

    private StagedDirectory(Path target, Path staging, OutputLock lock, List<Path> created) {
        this.target = target;
        this.staging = staging;
        this.lock = lock;
        this.created = List.copyOf(created);
    }

    /**
     * Opens an output folder for writing; see the class comment.
     *
     * @param target the output folder (created if missing)
     * @return a staging area inside it, holding the folder's lock until closed
     * @throws InputException if the path is empty or not a folder, the folder cannot be created or
     *     written, or another run is writing to it (the message names that run)
     */
    public static StagedDirectory open(Path target) {
        return open(target, "koopcredit");
    }

    /**
     * @param target the output folder (created if missing)
     * @param command what this run is, for the message of a run that finds the folder locked
     * @return a staging area inside it, holding the folder's lock until closed
     * @throws InputException as {@link #open(Path)}
     */
    public static StagedDirectory open(Path target, String command) {
        if (target.toString().isEmpty()) {
            throw new InputException("--out '': expected a folder, found an empty path");
        }
        installHook();
        List<Path> created = createFolders(target);
        OutputLock lock = null;
        try {
            lock = OutputLock.acquire(target, command);
            cleanStaleStaging(target);
            Path staging;
            try {
                staging = Files.createTempDirectory(target, STAGING_PREFIX);
            } catch (IOException e) {
                throw new InputException("--out " + target + ": cannot write in the folder: " + InputFiles.reason(e),
                        e);
            }
            StagedDirectory dir = new StagedDirectory(target, staging, lock, created);
            OPEN.add(dir);
            return dir;
        } catch (RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            removeEmpty(created);
            throw e;
        }
    }

    /**
     * @param name a file name (no folders)
     * @param text its content, written as UTF-8
     * @throws InputException if the file cannot be written (for example, the disk is full)
     */
    public void writeString(String name, String text) {
        writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param name a file name (no folders)
     * @param bytes its content; not modified
     * @throws InputException if the file cannot be written (for example, the disk is full)
     */
    public synchronized void writeBytes(String name, byte[] bytes) {
        requireWritable(name);
        try {
            Files.write(staging.resolve(name), bytes);
            names.add(name);
        } catch (IOException e) {
            throw new InputException("--out " + target + ": cannot write " + name + ": " + InputFiles.reason(e), e);
        }
        pauseForTests();
    }

    /** What writes one file's content into a stream. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the file's stream (buffered; not to be closed)
         * @throws IOException if writing fails
         */
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /**
     * Writes a file as it is produced, without holding its bytes (the feature weights of a large model).
     * Like every file it reaches the output folder only with {@link #commit()}; a write that fails leaves
     * nothing behind there.
     *
     * @param name a file name (no folders)
     * @param content writes the content
     * @throws InputException if the file cannot be written (for example, the disk is full)
     */
    public void writeStreamed(String name, Content content) {
        synchronized (this) {
            requireWritable(name);
        }
        // Not under the lock: a stop (SIGINT) may discard the staging folder meanwhile, and the write then fails.
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(staging.resolve(name)),
                1 << 16)) {
            content.writeTo(out);
        } catch (IOException e) {
            throw new InputException("--out " + target + ": cannot write " + name + ": " + InputFiles.reason(e), e);
        }
        synchronized (this) {
            requireWritable(name);
            names.add(name);
        }
        pauseForTests();
    }

    private void requireWritable(String name) {
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("report file names are plain names, found " + name);
        }
        if (state != State.OPEN) {
            throw new IllegalStateException("--out " + target + ": the report is " + state.name().toLowerCase()
                    + (shuttingDown ? " (the run was stopped)" : ""));
        }
    }

    /** @return the folder the files will end up in */
    public Path target() {
        return target;
    }

    /**
     * Moves every written file into the output folder and removes the files of the previous run that this
     * run did not write.
     *
     * @throws InputException if a file cannot be moved or removed
     */
    public synchronized void commit() {
        if (state != State.OPEN) {
            throw new IllegalStateException("--out " + target + ": the report is " + state.name().toLowerCase());
        }
        try {
            Set<String> obsolete = new LinkedHashSet<>(readManifest(target));
            obsolete.removeAll(names);
            List<String> plan = new ArrayList<>();
            names.forEach(n -> plan.add("new " + n));
            obsolete.forEach(n -> plan.add("old " + n));
            writeAtomically(staging.resolve(JOURNAL), String.join("\n", plan) + "\n");
            finishCommit(target, staging, List.copyOf(names), List.copyOf(obsolete));
            state = State.COMMITTED;
        } catch (IOException e) {
            throw new InputException("--out " + target + ": cannot move the report into place: " + InputFiles.reason(e),
                    e);
        }
    }

    /** Removes the staging folder (and any file not committed) and the lock. Idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean committed = state == State.COMMITTED;
        state = State.CLOSED;
        OPEN.remove(this);
        try {
            deleteTree(staging);
        } catch (IOException e) {
            // A staging folder left behind is removed by the next run in this folder.
        } finally {
            lock.close();
            if (!committed) {
                removeEmpty(created);
            }
        }
    }

    /**
     * @return whether the JVM is shutting down and open staging areas have been (or are being) discarded:
     *     errors that follow are the consequence of the stop, not failures of their own
     */
    public static boolean shuttingDown() {
        return shuttingDown;
    }

    /**
     * Discards every staging area not yet closed, as the shutdown hook does (a commit under way finishes
     * first). Idempotent.
     *
     * @return the output folders whose staging areas were discarded before their commit (by this call or
     *     an earlier one: the shutdown hooks of the library and of the command line may both call it)
     */
    public static List<Path> discardAll() {
        synchronized (DISCARDED) {
            shuttingDown = true;
            List<StagedDirectory> open;
            synchronized (OPEN) {
                open = new ArrayList<>(OPEN);
            }
            for (StagedDirectory d : open) {
                synchronized (d) {
                    if (d.state == State.OPEN) {
                        DISCARDED.add(d.target);
                    }
                    d.close();
                }
            }
            return List.copyOf(DISCARDED);
        }
    }

    private static synchronized void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(StagedDirectory::discardAll, "koopcredit-staging-cleanup"));
            hookInstalled = true;
        }
    }

    /** Creates the folder and any missing parents. @return the folders created, outermost first */
    private static List<Path> createFolders(Path target) {
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new InputException("--out " + target + ": expected a folder, found "
                        + InputFiles.describe(target));
            }
            if (!Files.isWritable(target)) {
                throw new InputException("--out " + target + ": expected a folder this user can write to, found"
                        + " permission denied");
            }
            return List.of();
        }
        List<Path> missing = new ArrayList<>();
        for (Path p = target.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        Path existing = missing.isEmpty() ? null : missing.get(0).getParent();
        if (existing != null && !Files.isDirectory(existing)) {
            throw new InputException("--out " + target + ": cannot create the folder: " + existing + " is "
                    + InputFiles.describe(existing) + ", not a folder");
        }
        List<Path> created = new ArrayList<>();
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                created.add(p);
            } catch (IOException e) {
                removeEmpty(created);
                String where = p.equals(target.toAbsolutePath().normalize()) ? "" : " (at " + p + ")";
                Path parent = p.getParent();
                // mkdir says "no such file" where a file system takes no new folders (/proc, /sys).
                String why = e instanceof java.nio.file.NoSuchFileException && parent != null
                        && Files.isDirectory(parent) ? parent + " does not accept new folders (no such file or"
                        + " directory)" : InputFiles.describeFailure(p, e);
                throw new InputException("--out " + target + ": cannot create the folder" + where + ": " + why, e);
            }
        }
        return created;
    }

    /** Removes folders this run created, innermost first, as long as they are empty. */
    private static void removeEmpty(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** With the folder locked, every staging folder in it belongs to a run that died: finish or remove it. */
    private static void cleanStaleStaging(Path target) {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target, STAGING_PREFIX + "*")) {
            for (Path p : entries) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    stale.add(p);
                }
            }
        } catch (IOException e) {
            throw new InputException("--out " + target + ": cannot list the folder: " + InputFiles.reason(e), e);
        }
        for (Path p : stale) {
            try {
                Path journal = p.resolve(JOURNAL);
                if (Files.isRegularFile(journal)) {
                    List<String> fresh = new ArrayList<>();
                    List<String> old = new ArrayList<>();
                    for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                        if (line.startsWith("new ") && plain(line.substring(4))) {
                            fresh.add(line.substring(4));
                        } else if (line.startsWith("old ") && plain(line.substring(4))) {
                            old.add(line.substring(4));
                        }
                    }
                    finishCommit(target, p, fresh, old);
                }
                deleteTree(p);
            } catch (IOException e) {
                throw new InputException("--out " + target + ": cannot clean up " + p.getFileName() + " left by an"
                        + " earlier run that stopped: " + InputFiles.reason(e), e);
            }
        }
    }

    /**
     * Moves the new files that are still in the staging folder into place, removes the old ones, and records
     * the new list. Safe to repeat: a run that died halfway is finished by the next one.
     */
    private static void finishCommit(Path target, Path staging, List<String> fresh, List<String> old)
            throws IOException {
        for (String n : fresh) {
            Path from = staging.resolve(n);
            if (Files.exists(from)) {
                move(from, target.resolve(n));
            }
        }
        for (String n : old) {
            Files.deleteIfExists(target.resolve(n));
        }
        writeAtomically(target.resolve(MANIFEST), fresh.isEmpty() ? "" : String.join("\n", fresh) + "\n");
        Files.deleteIfExists(staging.resolve(JOURNAL));
    }

    private static List<String> readManifest(Path target) throws IOException {
        Path m = target.resolve(MANIFEST);
        if (!Files.isRegularFile(m)) {
            return List.of();
        }
        return Files.readAllLines(m, StandardCharsets.UTF_8).stream().filter(StagedDirectory::plain).toList();
    }

    /** @return whether a manifest line is a plain file name (nothing outside the folder is ever removed) */
    private static boolean plain(String name) {
        return !name.isEmpty() && !name.contains("/") && !name.contains("\\") && !name.startsWith(".");
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        move(tmp, file);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void pauseForTests() {
        String delay = System.getProperty(WRITE_DELAY_PROPERTY);
        if (delay == null) {
            return;
        }
        try {
            Thread.sleep(Long.parseLong(delay));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(WRITE_DELAY_PROPERTY + ": expected milliseconds, found " + delay, e);
        }
    }
}
