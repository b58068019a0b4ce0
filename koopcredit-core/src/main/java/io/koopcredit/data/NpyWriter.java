package io.koopcredit.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@code .npy} files (NumPy's format, version 1.0) of little-endian float64 values in C order, a
 * row at a time, so that an array never needs to be in memory as a whole: the header first
 * ({@link #writeHeader}), then the rows in order ({@link #writeRow}). {@code numpy.load} reads the result;
 * so does {@link NpyReader#readDoubles}.
 *
 * <p>Stateless; all methods are static.
 */
public final class NpyWriter {
    /** The six bytes every {@code .npy} file starts with, and version 1.0. */
    private static final byte[] PREFIX = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** The header (prefix, length, dictionary, padding, newline) ends on a multiple of this, as NumPy does. */
    static final int ALIGN = 64;
    /** Largest header of version 1.0: its length field has two bytes. */
    private static final int MAX_HEADER = 0xffff;

    private NpyWriter() {
    }

    /**
     * @param shape the array's extents, each at least 0; not modified
     * @return the complete header of a float64 C-order array of that shape
     */
    static byte[] header(long[] shape) {
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("array extents must be >= 0, found " + d);
            }
        }
        String dict = "{'descr': '" + NpyDtype.FLOAT64.descr() + "', 'fortran_order': False, 'shape': "
                + NpyHeader.tuple(shape) + ", }";
        int unpadded = PREFIX.length + 2 + dict.length() + 1;
        int padding = (ALIGN - unpadded % ALIGN) % ALIGN;
        String text = dict + " ".repeat(padding) + "\n";
        if (text.length() > MAX_HEADER) {
            throw new IllegalArgumentException("a .npy 1.0 header holds at most " + MAX_HEADER + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(PREFIX.length + 2 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(PREFIX).putShort((short) text.length()).put(text.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    /**
     * @param out where the file goes (written to, not closed)
     * @param shape the array's extents; not modified
     * @throws IOException if writing fails
     */
    public static void writeHeader(OutputStream out, long[] shape) throws IOException {
        out.write(header(shape));
    }

    /**
     * @param out where the file goes, after the header and the rows before this one (written to, not closed)
     * @param row the next row's values; not modified
     * @throws IOException if writing fails
     */
    public static void writeRow(OutputStream out, double[] row) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * row.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : row) {
            b.putDouble(v);
        }
        out.write(b.array());
    }
}
