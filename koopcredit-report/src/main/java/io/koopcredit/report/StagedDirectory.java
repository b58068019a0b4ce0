package io.koopcredit.report;

import io.koopcredit.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a set of report files all or nothing: files go to a hidden staging folder inside the output
 * folder and move into place only on {@link #commit()}. If anything fails first, {@link #close()} removes
 * the staging folder and the output folder is as it was: never a half-written report.
 */
public final class StagedDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final List<String> names = new ArrayList<>();
    private boolean committed;

    private StagedDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /**
     * @param target the output folder (created if missing)
     * @return a staging area inside it
     * @throws InputException if the folder cannot be created or written
     */
    public static StagedDirectory open(Path target) {
        try {
            if (Files.exists(target) && !Files.isDirectory(target)) {
                throw new InputException("--out " + target + ": expected a folder, found a file");
            }
            Files.createDirectories(target);
            return new StagedDirectory(target, Files.createTempDirectory(target, ".staging-"));
        } catch (IOException e) {
            throw new InputException("--out " + target + ": cannot create or write the folder (" + e.getMessage() + ")",
                    e);
        }
    }

    /**
     * @param name a file name (no folders)
     * @param text its content, written as UTF-8
     */
    public void writeString(String name, String text) {
        writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param name a file name (no folders)
     * @param bytes its content; not modified
     */
    public void writeBytes(String name, byte[] bytes) {
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("report file names are plain names, found " + name);
        }
        try {
            Files.write(staging.resolve(name), bytes);
            names.add(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the folder the files will end up in */
    public Path target() {
        return target;
    }

    /** Moves every written file into the output folder. */
    public void commit() {
        try {
            for (String n : names) {
                try {
                    Files.move(staging.resolve(n), target.resolve(n), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(staging.resolve(n), target.resolve(n), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the staging folder (and any file not committed). */
    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(staging)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            if (!committed) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
