package io.koopcredit.data;

import io.koopcredit.base.InputException;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads MNIST's IDX files, plain or gzip-compressed (recognised by the gzip magic bytes {@code 1f 8b}, not
 * by the file name).
 *
 * <p>An IDX file is a 4-byte big-endian magic number {@code 0x0000TTDD} (TT the element type, {@code 0x08}
 * for unsigned bytes; DD the number of dimensions), one big-endian 32-bit extent per dimension, then the
 * elements in row-major order. The reader insists on the exact layout: the magic number, every extent at
 * least 1, and exactly as many payload bytes as the extents announce (neither fewer nor more).
 *
 * <p>Stateless; all methods are static.
 */
public final class IdxReader {

    /** Magic number of unsigned-byte images: type 0x08, 3 dimensions (count, rows, cols). */
    public static final int IMAGES_MAGIC = 0x0803;
    /** Magic number of unsigned-byte labels: type 0x08, 1 dimension (count). */
    public static final int LABELS_MAGIC = 0x0801;

    /** Bytes in the magic number and in each extent. */
    private static final int INT_BYTES = 4;
    /** Largest payload this reader accepts: the largest Java array it can safely allocate. */
    private static final long MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 8;
    /** Extra bytes after the payload counted for a message (compressed data can expand almost without end). */
    private static final long MAX_EXTRA_BYTES_COUNTED = 1 << 20;

    private IdxReader() {
    }

    /**
     * Reads an image file (magic number 2051).
     *
     * @param path the file, plain or gzip-compressed (not modified)
     * @return the images
     * @throws InputException if the file is missing, unreadable, not an IDX image file, has an extent of 0
     *     or a payload that is shorter or longer than its header announces
     */
    public static IdxImages readImages(Path path) {
        try (SourceFile in = SourceFile.open(path, "an IDX image file")) {
            int[] dims = readHeader(in, IMAGES_MAGIC, "unsigned-byte images, 3 dimensions",
                    new String[] {"image count", "row count", "column count"});
            byte[] pixels = readPayload(in, dims, dims[0] + " images of " + dims[1] + "x" + dims[2]);
            return new IdxImages(path, dims[0], dims[1], dims[2], pixels);
        }
    }

    /**
     * Reads a label file (magic number 2049).
     *
     * @param path the file, plain or gzip-compressed (not modified)
     * @return the labels, each 0..255
     * @throws InputException if the file is missing, unreadable, not an IDX label file, announces 0 labels
     *     or has a payload that is shorter or longer than its header announces
     */
    public static Labels readLabels(Path path) {
        try (SourceFile in = SourceFile.open(path, "an IDX label file")) {
            int[] dims = readHeader(in, LABELS_MAGIC, "unsigned-byte labels, 1 dimension",
                    new String[] {"label count"});
            byte[] bytes = readPayload(in, dims, dims[0] + " labels");
            int[] labels = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return new Labels(path, dims[0], labels);
        }
    }

    /**
     * Reads the magic number of an IDX file, to tell what kind of IDX file it is.
     *
     * @param path the file, plain or gzip-compressed (not modified)
     * @return the magic number (the first 4 bytes, big-endian), or -1 if the file is shorter than that
     * @throws InputException if the file is missing, unreadable or a corrupt gzip stream
     */
    static int peekMagic(Path path) {
        try (SourceFile in = SourceFile.open(path, "an IDX file")) {
            byte[] b = new byte[INT_BYTES];
            return in.readFully(b, 0, INT_BYTES) == INT_BYTES ? ByteBuffer.wrap(b).getInt() : -1;
        }
    }

    /**
     * Describes an IDX magic number for messages, e.g. {@code 2049 (unsigned-byte, 1 dimension)}.
     *
     * @param magic the magic number as read
     * @return the number followed by its meaning in parentheses
     */
    static String describeMagic(int magic) {
        if ((magic >>> 16) != 0) {
            return magic + " (not an IDX file)";
        }
        String type = switch ((magic >>> 8) & 0xff) {
            case 0x08 -> "unsigned-byte";
            case 0x09 -> "signed-byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> null;
        };
        if (type == null) {
            return magic + " (not an IDX file)";
        }
        int ndims = magic & 0xff;
        return magic + " (" + type + ", " + ndims + (ndims == 1 ? " dimension)" : " dimensions)");
    }

    private static int[] readHeader(SourceFile in, int magic, String meaning, String[] dimNames) {
        int headerBytes = INT_BYTES * (1 + dimNames.length);
        byte[] header = new byte[headerBytes];
        int n = in.readFully(header, 0, INT_BYTES);
        if (n < INT_BYTES) {
            throw new InputException(in.path() + ": expected IDX magic number " + magic + " (" + meaning
                    + ") in the first 4 bytes, found only " + n + " bytes" + in.contentNote());
        }
        ByteBuffer buf = ByteBuffer.wrap(header);
        int found = buf.getInt();
        if (found != magic) {
            throw new InputException(in.path() + ": expected IDX magic number " + magic + " (" + meaning
                    + "), found " + describeMagic(found));
        }
        n += in.readFully(header, INT_BYTES, headerBytes - INT_BYTES);
        if (n < headerBytes) {
            throw new InputException(in.path() + ": expected an IDX header of " + headerBytes + " bytes ("
                    + meaning + "), found only " + n + " bytes" + in.contentNote());
        }
        int[] dims = new int[dimNames.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = buf.getInt();
            if (dims[i] < 1) {
                throw new InputException(in.path() + ": expected " + dimNames[i] + " >= 1 in the IDX header, found "
                        + dims[i] + (dims[i] == 0 && i == 0 ? " (empty)" : ""));
            }
        }
        return dims;
    }

    private static byte[] readPayload(SourceFile in, int[] dims, String what) {
        long expected = 1;
        for (int d : dims) {
            expected *= d;
        }
        int headerBytes = INT_BYTES * (1 + dims.length);
        if (expected > MAX_PAYLOAD_BYTES) {
            throw new InputException(in.path() + ": expected at most " + MAX_PAYLOAD_BYTES
                    + " payload bytes, found a header announcing " + expected + " (" + what + ")");
        }
        byte[] payload = in.readUpTo((int) expected);
        int n = payload.length;
        if (n < expected) {
            throw new InputException(in.path() + ": truncated: expected " + expected + " payload bytes after the "
                    + headerBytes + "-byte header (" + what + "), found " + n + in.contentNote());
        }
        long extra = in.countRemaining(MAX_EXTRA_BYTES_COUNTED);
        if (extra > 0) {
            throw new InputException(in.path() + ": expected exactly " + expected + " payload bytes after the "
                    + headerBytes + "-byte header (" + what + "), found "
                    + (extra < MAX_EXTRA_BYTES_COUNTED ? "" : "at least ") + extra + " extra bytes after them"
                    + in.contentNote());
        }
        return payload;
    }
}
