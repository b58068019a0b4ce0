package io.koopcredit.base;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks on the files a user names, before anything reads them, and one-line descriptions of what was
 * found instead: an empty path, no such file, a dangling symbolic link, a symbolic link loop, a directory,
 * a named pipe, a device, a socket, permission denied. Reading a named pipe would wait forever and reading
 * a device such as {@code /dev/zero} would never end, so readers call {@link #requireRegularFile} first.
 *
 * <p>Stateless; all methods are static.
 */
public final class InputFiles {

    /** Symbolic links followed before a chain is called a loop: Linux's own limit (MAXSYMLINKS). */
    static final int MAX_LINK_HOPS = 40;

    /** File-type bits of a POSIX mode ({@code S_IFMT}) and the types that are not regular files. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private InputFiles() {
    }

    /**
     * Checks that {@code path} names an existing, readable regular file (following symbolic links).
     *
     * @param path the file; not modified
     * @param expected what was expected, for messages, e.g. {@code "an ONNX model file"}
     * @return the file's size in bytes
     * @throws InputException naming the path, what was expected and what was found
     */
    public static long requireRegularFile(Path path, String expected) {
        if (path.toString().isEmpty()) {
            throw new InputException("'': expected " + expected + ", found an empty path");
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new InputException(path + ": expected " + expected + ", found " + describeFailure(path, e), e);
        }
        if (!attributes.isRegularFile()) {
            throw new InputException(path + ": expected " + expected + ", found " + kind(path, attributes));
        }
        if (!Files.isReadable(path)) {
            throw new InputException(path + ": expected " + expected + ", found permission denied (not readable)");
        }
        return attributes.size();
    }

    /**
     * Describes why a file could not be used, for "found ..." in messages.
     *
     * @param path the path that failed; not modified
     * @param e what the file system said
     * @return e.g. {@code no such file}, {@code permission denied}, {@code a symbolic link loop (a -> b -> a)}
     */
    public static String describeFailure(Path path, IOException e) {
        if (Files.isSymbolicLink(path)) {
            String chain = linkLoop(path);
            if (chain != null) {
                return "a symbolic link loop (" + chain + ")";
            }
            if (e instanceof NoSuchFileException) {
                return "a dangling symbolic link (to " + readLink(path) + ", which does not exist)";
            }
        }
        return reason(e);
    }

    /**
     * @param e an I/O error
     * @return what went wrong in words, without exception class names: {@code no such file},
     *     {@code permission denied}, {@code no space left on device}, ...
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "a path through something that is not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            if (r.startsWith("Too many levels of symbolic links")) {
                return "a symbolic link loop";
            }
            return lowerFirst(r);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "an I/O error" : lowerFirst(m.replaceAll("\\s*\\R\\s*", " ").trim());
    }

    /**
     * @param path any path; not modified
     * @return what is there, for "found ..." in messages: {@code a file}, {@code a directory},
     *     {@code a named pipe (FIFO)}, ..., or why it cannot be seen ({@code no such file}, ...)
     */
    public static String describe(Path path) {
        try {
            return kind(path, Files.readAttributes(path, BasicFileAttributes.class));
        } catch (IOException e) {
            return describeFailure(path, e);
        }
    }

    /**
     * @param path an existing path; not modified
     * @param attributes its attributes
     * @return {@code a file}, {@code a directory}, {@code a named pipe (FIFO)}, {@code a character device}, ...
     */
    static String kind(Path path, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
            return "a file";
        }
        if (attributes.isDirectory()) {
            return "a directory";
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            switch (mode & S_IFMT) {
                case S_IFIFO:
                    return "a named pipe (FIFO)";
                case S_IFCHR:
                    return "a character device";
                case S_IFBLK:
                    return "a block device";
                case S_IFSOCK:
                    return "a socket";
                default:
                    break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // No "unix" attribute view on this platform: fall back to the portable description.
        }
        return "something that is not a regular file";
    }

    /**
     * @param bytes a size in bytes, &gt;= 0
     * @return the size for people, in binary units: {@code 512 bytes}, {@code 3.0 GiB}
     */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** @return the chain {@code a -> b -> a} if following {@code path}'s links comes back to a link, else null */
    private static String linkLoop(Path path) {
        Set<Path> seen = new HashSet<>();
        List<String> chain = new ArrayList<>();
        Path p = path;
        for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
            Path key = p.toAbsolutePath().normalize();
            chain.add(p.toString());
            if (!seen.add(key)) {
                return String.join(" -> ", chain);
            }
            if (!Files.isSymbolicLink(p)) {
                return null;
            }
            try {
                Path target = Files.readSymbolicLink(p);
                Path parent = p.toAbsolutePath().getParent();
                p = parent == null ? target : parent.resolve(target);
            } catch (IOException | UnsupportedOperationException e) {
                return null;
            }
        }
        return chain.get(0) + " -> ... (more than " + MAX_LINK_HOPS + " links)";
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || (s.length() > 1 && Character.isUpperCase(s.charAt(1))) ? s
                : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
