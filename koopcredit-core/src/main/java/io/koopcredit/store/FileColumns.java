package io.koopcredit.store;

import io.koopcredit.base.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link ColumnStore} in a file of a {@link Spill} folder: values little-endian, column after column,
 * read and written with positional I/O (so the operating system's page cache, not this process, holds what
 * is cached: the file's pages are never mapped into the process).
 */
public final class FileColumns extends ColumnStore {
    /** Bytes moved per read or write call at most: 4 MiB. */
    static final int IO_BYTES = 1 << 22;

    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(IO_BYTES).order(ByteOrder.LITTLE_ENDIAN));

    private final Path file;
    private final FileChannel channel;
    private volatile boolean closed;

    /**
     * Creates the file.
     *
     * @param file where (in a spill folder); must not exist
     * @param rows values per column
     * @param cols columns
     * @param element float32 or float64
     */
    FileColumns(Path file, int rows, int cols, Element element) {
        super(rows, cols, element);
        this.file = file;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failure("create", e);
        }
    }

    @Override
    public boolean inMemory() {
        return false;
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    @Override
    public void putColumns(int first, float[] values, int offset, int count) {
        check(first, count, values.length - (long) offset, (long) count * rows());
        write((long) first * rows(), (long) count * rows(), i -> values[(int) (offset + i)]);
    }

    @Override
    public void putColumns(int first, double[] values, int offset, int count) {
        check(first, count, values.length - (long) offset, (long) count * rows());
        write((long) first * rows(), (long) count * rows(), i -> values[(int) (offset + i)]);
    }

    @Override
    public void getColumns(int first, int count, double[] into, int offset) {
        check(first, count, into.length - (long) offset, (long) count * rows());
        read((long) first * rows(), (long) count * rows(), into, offset);
    }

    @Override
    public void getTile(int from, int to, int first, int count, double[] into) {
        checkRows(from, to);
        int h = to - from;
        check(first, count, into.length, (long) h * count);
        if (h == rows()) {
            read((long) first * rows(), (long) count * rows(), into, 0);
            return;
        }
        for (int c = 0; c < count; c++) {
            read((long) (first + c) * rows() + from, h, into, c * h);
        }
    }

    /** Values in double precision, by position in the run being written. */
    @FunctionalInterface
    private interface Source {
        double at(long i);
    }

    private void write(long start, long n, Source source) {
        ensureOpen();
        ByteBuffer buf = BUFFER.get();
        int eb = element().bytes();
        int per = IO_BYTES / eb;
        long done = 0;
        try {
            while (done < n) {
                int k = (int) Math.min(per, n - done);
                buf.clear();
                if (element() == Element.FLOAT32) {
                    for (int i = 0; i < k; i++) {
                        buf.putFloat((float) source.at(done + i));
                    }
                } else {
                    for (int i = 0; i < k; i++) {
                        buf.putDouble(source.at(done + i));
                    }
                }
                buf.flip();
                long pos = (start + done) * eb;
                while (buf.hasRemaining()) {
                    pos += channel.write(buf, pos);
                }
                done += k;
            }
        } catch (IOException e) {
            throw failure("write", e);
        }
    }

    private void read(long start, long n, double[] into, int at) {
        ensureOpen();
        ByteBuffer buf = BUFFER.get();
        int eb = element().bytes();
        int per = IO_BYTES / eb;
        long done = 0;
        try {
            while (done < n) {
                int k = (int) Math.min(per, n - done);
                buf.clear().limit(k * eb);
                long pos = (start + done) * eb;
                while (buf.hasRemaining()) {
                    int r = channel.read(buf, pos + buf.position());
                    if (r < 0) {
                        throw new IOException("unexpected end of file");
                    }
                }
                buf.flip();
                int base = (int) (at + done);
                if (element() == Element.FLOAT32) {
                    for (int i = 0; i < k; i++) {
                        into[base + i] = buf.getFloat();
                    }
                } else {
                    buf.asDoubleBuffer().get(into, base, k);
                }
                done += k;
            }
        } catch (IOException e) {
            throw failure("read", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("spilled store " + file + " is closed");
        }
    }

    private InputException failure(String what, IOException e) {
        return new InputException("cannot " + what + " the spill file " + file + " (" + e.getMessage() + "); expected a"
                + " writable folder with free space for values that do not fit the memory budget (set java.io.tmpdir,"
                + " or give more --memory)", e);
    }

    @Override
    synchronized void release() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Best effort: the spill folder is removed as a whole when its owner closes.
        }
    }
}
