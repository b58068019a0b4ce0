package io.koopcredit.data;

import io.koopcredit.base.InputException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), plain or gzip-compressed (recognised
 * by the gzip magic bytes, not by the file name), for users who bring their own data.
 *
 * <p>Sample files hold an array of shape {@code (N, ...)} with at least two dimensions, in C order, of type
 * {@code '<f4'}, {@code '<f8'} or {@code '|u1'}. Unsigned bytes are pixel values 0..255 that
 * {@link Preprocessing} scales to [0, 1] like IDX pixels; float values are taken as already scaled and are
 * not divided by 255 (float64 values are narrowed to float). NaN and infinite values are rejected.
 *
 * <p>Label files hold a one-dimensional array of {@code '<i8'}, {@code '<i4'} or {@code '|u1'} integers, each
 * at least 0.
 *
 * <p>Stateless; all methods are static.
 */
public final class NpyReader {

    /** The six bytes every {@code .npy} file starts with: 0x93 then "NUMPY". */
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Magic plus the two version bytes. */
    private static final int PREFIX_BYTES = MAGIC.length + 2;
    /**
     * Largest header accepted. NumPy itself refuses headers above 10,000 bytes by default; a little more
     * room costs nothing and still stops a corrupt length field from allocating gigabytes.
     */
    private static final int MAX_HEADER_BYTES = 1 << 16;
    /** Largest payload this reader accepts: the largest Java array it can safely allocate. */
    private static final long MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 8;
    /** Extra bytes after the payload counted for a message (compressed data can expand almost without end). */
    private static final long MAX_EXTRA_BYTES_COUNTED = 1 << 20;

    private NpyReader() {
    }

    /**
     * Reads a sample file.
     *
     * @param path the file, plain or gzip-compressed (not modified)
     * @return {@code N} samples of the shape after the first extent
     * @throws InputException if the file is missing, unreadable or not a valid {@code .npy} file, or its
     *     dtype, order or shape is not accepted, or it holds a NaN or infinite value (the message names the
     *     first offending index and value)
     */
    public static NpySamples readSamples(Path path) {
        try (SourceFile in = SourceFile.open(path, "a .npy file")) {
            NpyHeader header = readHeader(in);
            NpyDtype dtype = dtype(path, header, false);
            int[] shape = checkShape(path, header, false);
            byte[] payload = readPayload(in, header, dtype);
            float[] values = toFloats(path, dtype, shape, payload);
            return new NpySamples(path, dtype, shape[0], Arrays.copyOfRange(shape, 1, shape.length), values);
        }
    }

    /**
     * Reads a label file.
     *
     * @param path the file, plain or gzip-compressed (not modified)
     * @return the labels
     * @throws InputException if the file is missing, unreadable or not a valid {@code .npy} file, or it is
     *     not a one-dimensional C-order integer array, or a label is negative or larger than an int
     */
    public static Labels readLabels(Path path) {
        try (SourceFile in = SourceFile.open(path, "a .npy label file")) {
            NpyHeader header = readHeader(in);
            NpyDtype dtype = dtype(path, header, true);
            int[] shape = checkShape(path, header, true);
            byte[] payload = readPayload(in, header, dtype);
            ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
            int[] labels = new int[shape[0]];
            for (int i = 0; i < labels.length; i++) {
                long v = switch (dtype) {
                    case INT64 -> b.getLong();
                    case INT32 -> b.getInt();
                    case UINT8 -> b.get() & 0xff;
                    default -> throw new IllegalStateException("not a label dtype: " + dtype);
                };
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new InputException(path + ": expected labels from 0 to " + Integer.MAX_VALUE + ", found " + v
                            + " at index " + i);
                }
                labels[i] = (int) v;
            }
            return new Labels(path, labels.length, labels);
        }
    }

    /**
     * Reads a two-dimensional float64 array exactly (no narrowing to float), as {@link NpyWriter} writes it
     * (the feature weights of a report, {@code feature-weights.npy}).
     *
     * @param path the file, plain or gzip-compressed (not modified)
     * @return its rows
     * @throws InputException if the file is missing, unreadable or not a valid {@code .npy} file, or it is not
     *     a C-order {@code '<f8'} array of two dimensions
     */
    public static double[][] readDoubles(Path path) {
        try (SourceFile in = SourceFile.open(path, "a .npy file")) {
            NpyHeader header = readHeader(in);
            if (!NpyDtype.FLOAT64.descr().equals(header.descr()) || header.shape().length != 2) {
                throw new InputException(path + ": expected a two-dimensional '" + NpyDtype.FLOAT64.descr()
                        + "' array, found '" + Messages.printable(header.descr()) + "' of shape " + header.shapeText());
            }
            int[] shape = checkShape(path, header, false);
            ByteBuffer b = ByteBuffer.wrap(readPayload(in, header, NpyDtype.FLOAT64)).order(ByteOrder.LITTLE_ENDIAN);
            double[][] rows = new double[shape[0]][shape[1]];
            for (double[] row : rows) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = b.getDouble();
                }
            }
            return rows;
        }
    }

    /**
     * @param path a file (not modified)
     * @return whether the file's content (after gunzip) starts with the {@code .npy} magic string
     * @throws InputException if the file is missing, unreadable or a corrupt gzip stream
     */
    static boolean looksLikeNpy(Path path) {
        try (SourceFile in = SourceFile.open(path, "a data file")) {
            byte[] b = new byte[MAGIC.length];
            return in.readFully(b, 0, b.length) == b.length && Arrays.equals(b, MAGIC);
        }
    }

    private static NpyHeader readHeader(SourceFile in) {
        Path path = in.path();
        byte[] prefix = new byte[PREFIX_BYTES];
        int n = in.readFully(prefix, 0, PREFIX_BYTES);
        if (n < MAGIC.length || !Arrays.equals(Arrays.copyOf(prefix, MAGIC.length), MAGIC)) {
            throw new InputException(path + ": expected the .npy magic string \\x93NUMPY, found "
                    + (n == 0 ? "nothing" : "bytes " + Messages.hex(prefix, Math.min(n, MAGIC.length))));
        }
        if (n < PREFIX_BYTES) {
            throw new InputException(path + ": expected a .npy format version after the magic string, found the end of"
                    + " the file");
        }
        int major = prefix[MAGIC.length] & 0xff;
        int minor = prefix[MAGIC.length + 1] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new InputException(path + ": expected .npy format version 1.0, 2.0 or 3.0, found " + major + "."
                    + minor);
        }
        int lenBytes = major == 1 ? 2 : 4;
        byte[] len = new byte[lenBytes];
        if (in.readFully(len, 0, lenBytes) < lenBytes) {
            throw new InputException(path + ": expected a " + lenBytes
                    + "-byte header length, found the end of the file");
        }
        ByteBuffer lb = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = major == 1 ? lb.getShort() & 0xffff : lb.getInt() & 0xffffffffL;
        if (headerLen > MAX_HEADER_BYTES) {
            throw new InputException(path + ": expected a .npy header of at most " + MAX_HEADER_BYTES
                    + " bytes, found a header length of " + headerLen);
        }
        byte[] header = new byte[(int) headerLen];
        int got = in.readFully(header, 0, header.length);
        if (got < headerLen) {
            throw new InputException(path + ": truncated: expected a .npy header of " + headerLen + " bytes, found "
                    + got + in.contentNote());
        }
        String text = new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return NpyHeader.parse(path, text);
    }

    private static NpyDtype dtype(Path path, NpyHeader header, boolean labels) {
        NpyDtype dtype = NpyDtype.ofDescr(header.descr()).orElse(null);
        if (dtype == null || (labels ? !dtype.forLabels() : !dtype.forSamples())) {
            throw new InputException(path + ": expected " + (labels ? "label" : "sample") + " dtype "
                    + NpyDtype.accepted(labels) + ", found '" + Messages.printable(header.descr()) + "'");
        }
        return dtype;
    }

    private static int[] checkShape(Path path, NpyHeader header, boolean labels) {
        if (header.fortranOrder()) {
            throw new InputException(path + ": expected C-order data (fortran_order False), found fortran_order True;"
                    + " save a C-contiguous copy, e.g. numpy.save(f, numpy.ascontiguousarray(a))");
        }
        long[] shape = header.shape();
        if (labels ? shape.length != 1 : shape.length < 2) {
            throw new InputException(path + ": expected " + (labels ? "shape (N,) of one label per sample"
                    : "shape (N, ...) of N samples with at least one more dimension") + ", found "
                    + header.shapeText());
        }
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 1 || shape[i] > Integer.MAX_VALUE) {
                throw new InputException(path + ": expected every extent from 1 to " + Integer.MAX_VALUE
                        + ", found shape " + header.shapeText() + (shape[i] == 0 ? " (empty)" : ""));
            }
            out[i] = (int) shape[i];
        }
        return out;
    }

    private static byte[] readPayload(SourceFile in, NpyHeader header, NpyDtype dtype) {
        long elements = 1;
        for (long d : header.shape()) {
            elements *= d;
            if (elements > MAX_PAYLOAD_BYTES) {
                break;
            }
        }
        long expected = elements * dtype.itemBytes();
        String what = "shape " + header.shapeText() + " of '" + dtype.descr() + "'";
        if (elements > MAX_PAYLOAD_BYTES || expected > MAX_PAYLOAD_BYTES) {
            throw new InputException(in.path() + ": expected at most " + MAX_PAYLOAD_BYTES
                    + " data bytes, found a header announcing " + what);
        }
        byte[] payload = in.readUpTo((int) expected);
        int n = payload.length;
        if (n < expected) {
            throw new InputException(in.path() + ": truncated: expected " + expected + " data bytes after the header ("
                    + what + "), found " + n + in.contentNote());
        }
        long extra = in.countRemaining(MAX_EXTRA_BYTES_COUNTED);
        if (extra > 0) {
            throw new InputException(in.path() + ": expected exactly " + expected + " data bytes after the header ("
                    + what + "), found " + (extra < MAX_EXTRA_BYTES_COUNTED ? "" : "at least ") + extra
                    + " extra bytes after them" + in.contentNote());
        }
        return payload;
    }

    private static float[] toFloats(Path path, NpyDtype dtype, int[] shape, byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[payload.length / dtype.itemBytes()];
        for (int i = 0; i < values.length; i++) {
            switch (dtype) {
                case UINT8 -> values[i] = b.get() & 0xff;
                case FLOAT32 -> {
                    float v = b.getFloat();
                    if (!Float.isFinite(v)) {
                        throw notFinite(path, shape, i, Float.toString(v), "");
                    }
                    values[i] = v;
                }
                case FLOAT64 -> {
                    double v = b.getDouble();
                    float f = (float) v;
                    if (!Float.isFinite(f)) {
                        throw notFinite(path, shape, i, Double.toString(v),
                                Double.isFinite(v) ? " (too large for float32)" : "");
                    }
                    values[i] = f;
                }
                default -> throw new IllegalStateException("not a sample dtype: " + dtype);
            }
        }
        return values;
    }

    private static InputException notFinite(Path path, int[] shape, int flat, String value, String note) {
        long[] index = new long[shape.length];
        int rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = rest % shape[d];
            rest /= shape[d];
        }
        return new InputException(path + ": expected finite values, found " + value + note + " at index "
                + NpyHeader.tuple(index) + " (sample " + index[0] + ")");
    }
}
