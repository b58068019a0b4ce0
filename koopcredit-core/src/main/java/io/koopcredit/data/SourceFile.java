package io.koopcredit.data;

import io.koopcredit.base.InputException;
import io.koopcredit.base.InputFiles;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A data file opened for sequential reading, decompressed on the fly when its first two bytes are the
 * gzip magic number. Every I/O problem becomes an {@link InputException} naming the file.
 */
final class SourceFile implements AutoCloseable {

    /** The first byte of every gzip stream (RFC 1952). */
    private static final int GZIP_MAGIC_1 = 0x1f;
    /** The second byte of every gzip stream (RFC 1952). */
    private static final int GZIP_MAGIC_2 = 0x8b;
    /** Buffer size for reading; large enough that the per-call overhead does not matter. */
    private static final int BUFFER_BYTES = 1 << 16;

    /**
     * First buffer when reading a payload of compressed data, whose real length is unknown until it has
     * been read: the buffer doubles as data arrives, so a header announcing more than the file holds costs
     * no more memory than the data that is there.
     */
    private static final int FIRST_PAYLOAD_BUFFER = 1 << 20;

    private final Path path;
    private final boolean gzipped;
    private final long fileSize;
    private final InputStream in;
    private long consumed;

    private SourceFile(Path path, boolean gzipped, long fileSize, InputStream in) {
        this.path = path;
        this.gzipped = gzipped;
        this.fileSize = fileSize;
        this.in = in;
    }

    /**
     * Opens a file after checking that it exists, is a regular file and is not empty.
     *
     * @param path the file (not modified)
     * @param expected what kind of file is expected, for messages, e.g. "an IDX image file"
     * @return the opened file; the caller closes it
     * @throws InputException if the file is missing, not a regular file (a directory, a named pipe, a
     *     device), empty, unreadable or a corrupt gzip stream
     */
    static SourceFile open(Path path, String expected) {
        long size = InputFiles.requireRegularFile(path, expected);
        if (size == 0) {
            throw new InputException(path + ": expected " + expected + ", found an empty (0-byte) file");
        }
        InputStream raw = null;
        try {
            raw = new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES);
            raw.mark(2);
            int b1 = raw.read();
            int b2 = raw.read();
            raw.reset();
            boolean gzip = b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2;
            InputStream in = raw;
            if (gzip) {
                try {
                    in = new BufferedInputStream(new GZIPInputStream(raw, BUFFER_BYTES), BUFFER_BYTES);
                } catch (IOException e) {
                    throw gzipError(path, e);
                }
            }
            return new SourceFile(path, gzip, size, in);
        } catch (IOException e) {
            closeQuietly(raw);
            throw ioError(path, e);
        } catch (RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    /** @return the file's path */
    Path path() {
        return path;
    }

    /** @return whether the file is gzip-compressed (byte counts in messages are then after decompression) */
    boolean gzipped() {
        return gzipped;
    }

    /**
     * Reads until {@code len} bytes have been read or the content ends.
     *
     * @param buf receives the bytes (modified in {@code [off, off + len)})
     * @param off where to start writing
     * @param len how many bytes to read at most
     * @return how many bytes were read; less than {@code len} only at the end of the content
     */
    int readFully(byte[] buf, int off, int len) {
        int total = 0;
        try {
            while (total < len) {
                int n = in.read(buf, off + total, len - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            throw gzipped ? gzipError(path, e) : ioError(path, e);
        }
        consumed += total;
        return total;
    }

    /**
     * Reads up to {@code expected} bytes without trusting that they are there: an uncompressed file is
     * never asked for more than it holds, and compressed data is read into a buffer that grows as it
     * arrives. A header that announces gigabytes in a small file therefore costs no large allocation.
     *
     * @param expected how many bytes the caller wants, &gt;= 0
     * @return the bytes read: {@code expected} of them, or fewer if the content ends first
     */
    byte[] readUpTo(int expected) {
        if (!gzipped) {
            int n = (int) Math.max(0, Math.min(expected, fileSize - consumed));
            byte[] b = new byte[n];
            int read = readFully(b, 0, n);
            return read == n ? b : Arrays.copyOf(b, read);
        }
        byte[] buf = new byte[Math.min(expected, FIRST_PAYLOAD_BUFFER)];
        int n = 0;
        while (n < expected) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(expected, 2L * buf.length));
            }
            int read = readFully(buf, n, buf.length - n);
            n += read;
            if (n < buf.length) {
                break;
            }
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /**
     * Counts the content left, up to a limit (a compressed file can expand to far more than it holds).
     *
     * @param limit the most bytes to count
     * @return the number of bytes left before the end of the content, or {@code limit} if there are at
     *     least that many
     */
    long countRemaining(long limit) {
        byte[] scratch = new byte[BUFFER_BYTES];
        long total = 0;
        int n;
        while (total < limit && (n = readFully(scratch, 0, (int) Math.min(scratch.length, limit - total))) > 0) {
            total += n;
        }
        return total;
    }

    /** @return " (after gunzip)" for compressed files, "" otherwise: a suffix for byte counts in messages */
    String contentNote() {
        return gzipped ? " (after gunzip)" : "";
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private static void closeQuietly(InputStream s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // Nothing useful to do: everything needed has been read already.
        }
    }

    private static InputException gzipError(Path path, IOException e) {
        String detail = e instanceof EOFException ? "the compressed data ends early" : String.valueOf(e.getMessage());
        return new InputException(path + ": expected a valid gzip stream, found a corrupt or truncated one ("
                + detail + ")", e);
    }

    private static InputException ioError(Path path, IOException e) {
        return new InputException(path + ": expected a readable file, found " + InputFiles.describeFailure(path, e),
                e);
    }
}
