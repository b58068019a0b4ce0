package io.koopcredit.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX and NPY files byte by byte, so that tests control every byte. */
final class Fixtures {

    private Fixtures() {
    }

    /** @return an IDX file: the magic number, the extents and the payload, all as written */
    static byte[] idx(int magic, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length); // big-endian by default
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(payload);
        return b.array();
    }

    /** @return a well-formed IDX image file holding the given pixels */
    static byte[] idxImages(int count, int rows, int cols, byte[] pixels) {
        return idx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, cols}, pixels);
    }

    /** @return a well-formed IDX label file holding the given labels (each 0..255) */
    static byte[] idxLabels(int... labels) {
        byte[] payload = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            payload[i] = (byte) labels[i];
        }
        return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, payload);
    }

    /** @return {@code count} images whose pixel i (counting over all images) is {@code (i * 7 + 3) mod 256} */
    static byte[] patternPixels(int count, int rows, int cols) {
        byte[] p = new byte[count * rows * cols];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) ((i * 7 + 3) & 0xff);
        }
        return p;
    }

    /** @return the bytes compressed with gzip */
    static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the bytes to {@code dir/name} and returns that path. */
    static Path write(Path dir, String name, byte[] bytes) {
        try {
            Path p = dir.resolve(name);
            Files.write(p, bytes);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the first {@code n} bytes */
    static byte[] head(byte[] bytes, int n) {
        byte[] h = new byte[n];
        System.arraycopy(bytes, 0, h, 0, n);
        return h;
    }

    /** @return the bytes followed by {@code extra} zero bytes */
    static byte[] withTrailing(byte[] bytes, int extra) {
        byte[] b = new byte[bytes.length + extra];
        System.arraycopy(bytes, 0, b, 0, bytes.length);
        return b;
    }

    /**
     * @return an NPY file of the given format version whose header dictionary is exactly {@code dict}
     *     (padded with spaces and a newline as NumPy does), followed by the payload
     */
    static byte[] npyRaw(int major, String dict, byte[] payload) {
        int lenBytes = major == 1 ? 2 : 4;
        int prefix = 6 + 2 + lenBytes;
        int unpadded = prefix + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        StringBuilder header = new StringBuilder(dict);
        while (prefix + header.length() + 1 < total) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + h.length + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        b.put(h).put(payload);
        return b.array();
    }

    /** @return a version-1.0 NPY file with the given dtype descriptor, C order and shape */
    static byte[] npy(String descr, int[] shape, byte[] payload) {
        return npyRaw(1, dict(descr, false, shape), payload);
    }

    /**
     * @return the header dictionary NumPy writes, e.g.
     *     {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}
     */
    static String dict(String descr, boolean fortran, int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                s.append(shape.length == 1 ? "," : ", ");
            }
        }
        s.append(')');
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + s
                + ", }";
    }

    /** @return the values as little-endian float32 */
    static byte[] f4(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    /** @return the values as little-endian float64 */
    static byte[] f8(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    /** @return the values as little-endian int32 */
    static byte[] i4(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }

    /** @return the values as little-endian int64 */
    static byte[] i8(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    /** @return the values as unsigned bytes */
    static byte[] u1(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
