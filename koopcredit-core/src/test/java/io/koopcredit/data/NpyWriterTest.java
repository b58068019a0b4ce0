package io.koopcredit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The float64 .npy writer: NumPy's header layout, and every bit of every value read back. */
class NpyWriterTest {
    @Test
    void theHeaderIsNumpysVersionOneLayoutAlignedTo64Bytes() {
        for (long[] shape : new long[][] {{3, 5}, {1000, 150528}, {7}}) {
            byte[] h = NpyWriter.header(shape);
            assertEquals(0, h.length % NpyWriter.ALIGN, "aligned");
            assertEquals((byte) 0x93, h[0]);
            assertEquals("NUMPY", new String(h, 1, 5, StandardCharsets.ISO_8859_1));
            assertEquals(1, h[6]);
            assertEquals(0, h[7]);
            int len = (h[8] & 0xff) | (h[9] & 0xff) << 8;
            assertEquals(h.length - 10, len);
            String text = new String(h, 10, len, StandardCharsets.ISO_8859_1);
            assertTrue(text.endsWith("\n"));
            NpyHeader parsed = NpyHeader.parse(Path.of("x.npy"), text);
            assertEquals("<f8", parsed.descr());
            assertFalse(parsed.fortranOrder());
            assertArrayEquals(shape, parsed.shape());
        }
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 5), }",
                new String(NpyWriter.header(new long[] {3, 5}), 10, 59, StandardCharsets.ISO_8859_1));
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.header(new long[] {-1, 2}));
    }

    @Test
    void rowsWrittenOneByOneReadBackBitForBit(@TempDir Path dir) throws IOException {
        double[][] rows = {{0.0, -0.0, 1e-310, -Double.MAX_VALUE}, {Math.PI, -1.0 / 3, Double.MIN_VALUE, 42}};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.writeHeader(out, new long[] {2, 4});
        for (double[] r : rows) {
            NpyWriter.writeRow(out, r);
        }
        Path file = dir.resolve("w.npy");
        Files.write(file, out.toByteArray());
        double[][] back = NpyReader.readDoubles(file);
        assertEquals(2, back.length);
        for (int c = 0; c < rows.length; c++) {
            for (int j = 0; j < rows[c].length; j++) {
                assertEquals(Double.doubleToRawLongBits(rows[c][j]), Double.doubleToRawLongBits(back[c][j]),
                        "row " + c + ", value " + j);
            }
        }
    }

    @Test
    void readingDoublesRefusesOtherArrays(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.writeHeader(out, new long[] {2});
        NpyWriter.writeRow(out, new double[] {1, 2});
        Path flat = dir.resolve("flat.npy");
        Files.write(flat, out.toByteArray());
        InputException e = assertThrows(InputException.class, () -> NpyReader.readDoubles(flat));
        assertTrue(e.getMessage().endsWith("expected a two-dimensional '<f8' array, found '<f8' of shape (2,)"),
                e.getMessage());
        ByteArrayOutputStream shortOut = new ByteArrayOutputStream();
        NpyWriter.writeHeader(shortOut, new long[] {2, 2});
        NpyWriter.writeRow(shortOut, new double[] {1, 2});
        Path truncated = dir.resolve("short.npy");
        Files.write(truncated, shortOut.toByteArray());
        InputException t = assertThrows(InputException.class, () -> NpyReader.readDoubles(truncated));
        assertTrue(t.getMessage().contains("truncated"), t.getMessage());
    }
}
