package io.koopcredit.data;

import static io.koopcredit.data.IdxReaderTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) {
        return Fixtures.write(dir, name, bytes);
    }

    @Test
    void readsFloat32() {
        float[] v = {0f, 0.25f, -1.5f, 3e-7f, 1f, 0.125f, 7f, 8f, 9f, 10f, 11f, 12f};
        Path p = write("x.npy", Fixtures.npy("<f4", new int[] {2, 2, 3}, Fixtures.f4(v)));
        NpySamples s = NpyReader.readSamples(p);
        assertEquals(p, s.source());
        assertEquals(NpyDtype.FLOAT32, s.dtype());
        assertEquals(2, s.count());
        assertArrayEquals(new int[] {2, 3}, s.sampleShape());
        assertEquals(6, s.sampleSize());
        assertArrayEquals(v, s.values());
        assertFalse(s.isByteData());
    }

    @Test
    void readsUint8AsRawPixelValues() {
        Path p = write("u.npy", Fixtures.npy("|u1", new int[] {2, 1, 2, 2}, Fixtures.u1(0, 1, 128, 255, 7, 8, 9, 10)));
        NpySamples s = NpyReader.readSamples(p);
        assertEquals(NpyDtype.UINT8, s.dtype());
        assertTrue(s.isByteData());
        assertArrayEquals(new int[] {1, 2, 2}, s.sampleShape());
        assertArrayEquals(new float[] {0, 1, 128, 255, 7, 8, 9, 10}, s.values());
    }

    @Test
    void readsFloat64NarrowedToFloat() {
        double[] v = {0.5, -1.25, 0.1, 1e-3, 2.0, 1e30};
        Path p = write("d.npy", Fixtures.npy("<f8", new int[] {3, 2}, Fixtures.f8(v)));
        NpySamples s = NpyReader.readSamples(p);
        assertEquals(NpyDtype.FLOAT64, s.dtype());
        assertEquals(3, s.count());
        float[] expected = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            expected[i] = (float) v[i];
        }
        assertArrayEquals(expected, s.values());
    }

    @Test
    void readsFormatVersions2And3AndGzipAndPython2Longs() {
        byte[] payload = Fixtures.f4(1, 2, 3, 4);
        String dict = Fixtures.dict("<f4", false, new int[] {2, 2});
        for (int major = 1; major <= 3; major++) {
            Path p = write("v" + major + ".npy", Fixtures.npyRaw(major, dict, payload));
            assertArrayEquals(new float[] {1, 2, 3, 4}, NpyReader.readSamples(p).values(), "version " + major);
        }
        Path gz = write("g.npy.gz", Fixtures.gzip(Fixtures.npyRaw(1, dict, payload)));
        assertArrayEquals(new float[] {1, 2, 3, 4}, NpyReader.readSamples(gz).values());
        Path py2 = write("py2.npy", Fixtures.npyRaw(1,
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 2L), }", payload));
        assertArrayEquals(new int[] {2}, NpyReader.readSamples(py2).sampleShape());
        Path dq = write("dq.npy", Fixtures.npyRaw(1,
                "{\"shape\": (2, 2), \"fortran_order\": False, \"descr\": \"<f4\"}", payload));
        assertEquals(2, NpyReader.readSamples(dq).count());
    }

    @Test
    void nanNamesFileIndexAndValue() {
        float[] v = new float[2 * 2 * 3];
        v[9] = Float.NaN; // sample 1, row 1, col 0
        v[11] = Float.NaN;
        Path p = write("nan.npy", Fixtures.npy("<f4", new int[] {2, 2, 3}, Fixtures.f4(v)));
        InputException e = assertThrows(InputException.class, () -> NpyReader.readSamples(p));
        assertMessage(e, p, "expected finite values, found NaN at index (1, 1, 0) (sample 1)");
    }

    @Test
    void infinityAndFloat64OverflowAreRejected() {
        Path p = write("inf.npy", Fixtures.npy("<f4", new int[] {1, 3}, Fixtures.f4(0, Float.NEGATIVE_INFINITY, 0)));
        InputException e = assertThrows(InputException.class, () -> NpyReader.readSamples(p));
        assertMessage(e, p, "found -Infinity at index (0, 1)");
        Path d = write("big.npy", Fixtures.npy("<f8", new int[] {2, 1}, Fixtures.f8(0, 1e300)));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(d));
        assertMessage(e, d, "found 1.0E300 (too large for float32) at index (1, 0)");
        Path n = write("nan8.npy", Fixtures.npy("<f8", new int[] {1, 2}, Fixtures.f8(Double.NaN, 0)));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(n));
        assertMessage(e, n, "found NaN at index (0, 0)");
    }

    @Test
    void fortranOrderIsRejected() {
        Path p = write("f.npy",
                Fixtures.npyRaw(1, Fixtures.dict("<f4", true, new int[] {2, 2}), Fixtures.f4(1, 2, 3, 4)));
        InputException e = assertThrows(InputException.class, () -> NpyReader.readSamples(p));
        assertMessage(e, p, "expected C-order data (fortran_order False), found fortran_order True");
    }

    @Test
    void unsupportedDtypes() {
        Path i4 = write("i4.npy", Fixtures.npy("<i4", new int[] {1, 2}, Fixtures.i4(1, 2)));
        InputException e = assertThrows(InputException.class, () -> NpyReader.readSamples(i4));
        assertMessage(e, i4, "expected sample dtype '<f4', '<f8', '|u1', found '<i4'");
        Path be = write("be.npy", Fixtures.npy(">f4", new int[] {1, 2}, new byte[8]));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(be));
        assertMessage(e, be, "found '>f4'");
        Path f4labels = write("fl.npy", Fixtures.npy("<f4", new int[] {2}, Fixtures.f4(1, 2)));
        e = assertThrows(InputException.class, () -> NpyReader.readLabels(f4labels));
        assertMessage(e, f4labels, "expected label dtype '|u1', '<i4', '<i8', found '<f4'");
        Path structured = write("s.npy", Fixtures.npyRaw(1,
                "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1, 1), }", new byte[4]));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(structured));
        assertMessage(e, structured, "malformed NPY header", "structured dtype");
    }

    @Test
    void shapesThatAreNotAccepted() {
        Path flat = write("flat.npy", Fixtures.npy("<f4", new int[] {3}, Fixtures.f4(1, 2, 3)));
        InputException e = assertThrows(InputException.class, () -> NpyReader.readSamples(flat));
        assertMessage(e, flat, "expected shape (N, ...) of N samples with at least one more dimension, found (3,)");
        Path scalar = write("scalar.npy", Fixtures.npyRaw(1,
                "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", Fixtures.f4(1)));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(scalar));
        assertMessage(e, scalar, "found ()");
        Path empty = write("empty.npy", Fixtures.npy("<f4", new int[] {0, 28, 28}, new byte[0]));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(empty));
        assertMessage(e, empty, "expected every extent from 1", "found shape (0, 28, 28) (empty)");
        Path labels2d = write("l2.npy", Fixtures.npy("<i8", new int[] {2, 1}, Fixtures.i8(1, 2)));
        e = assertThrows(InputException.class, () -> NpyReader.readLabels(labels2d));
        assertMessage(e, labels2d, "expected shape (N,) of one label per sample, found (2, 1)");
    }

    @Test
    void truncatedAndTrailingPayload() {
        byte[] file = Fixtures.npy("<f4", new int[] {2, 2}, Fixtures.f4(1, 2, 3, 4));
        Path cut = write("cut.npy", Fixtures.head(file, file.length - 3));
        InputException e = assertThrows(InputException.class, () -> NpyReader.readSamples(cut));
        assertMessage(e, cut, "truncated: expected 16 data bytes after the header (shape (2, 2) of '<f4'), found 13");
        Path extra = write("extra.npy", Fixtures.withTrailing(file, 4));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(extra));
        assertMessage(e, extra, "expected exactly 16 data bytes", "found 4 extra bytes");
        Path headerCut = write("hcut.npy", Fixtures.head(file, 40));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(headerCut));
        assertMessage(e, headerCut, "truncated: expected a .npy header of 118 bytes, found 30");
    }

    @Test
    void badMagicVersionAndHeader() {
        Path idx = write("idx.npy", Fixtures.idxLabels(1, 2));
        InputException e = assertThrows(InputException.class, () -> NpyReader.readSamples(idx));
        assertMessage(e, idx, "expected the .npy magic string \\x93NUMPY, found bytes 00 00 08 01 00 00");
        byte[] v4 = Fixtures.npy("<f4", new int[] {1, 1}, Fixtures.f4(1));
        v4[6] = 4;
        Path p4 = write("v4.npy", v4);
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(p4));
        assertMessage(e, p4, "expected .npy format version 1.0, 2.0 or 3.0, found 4.0");
        Path missingKey = write("mk.npy", Fixtures.npyRaw(1, "{'descr': '<f4', 'shape': (1, 1), }", Fixtures.f4(1)));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(missingKey));
        assertMessage(e, missingKey, "malformed NPY header: expected the key 'fortran_order', found none");
        Path extraKey = write("ek.npy", Fixtures.npyRaw(1,
                "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), 'x': 1}", Fixtures.f4(1)));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(extraKey));
        assertMessage(e, extraKey, "found 'x'");
        Path syntax = write("sx.npy", Fixtures.npyRaw(1, "{'descr' '<f4'}", Fixtures.f4(1)));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(syntax));
        assertMessage(e, syntax, "malformed NPY header: expected ':' at character 9, found '''");
        Path badShape = write("bs.npy", Fixtures.npyRaw(1,
                "{'descr': '<f4', 'fortran_order': False, 'shape': (1, -1), }", Fixtures.f4(1)));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(badShape));
        assertMessage(e, badShape, "expected a non-negative integer in the shape");
        Path wrongType = write("wt.npy", Fixtures.npyRaw(1,
                "{'descr': '<f4', 'fortran_order': 'no', 'shape': (1, 1), }", Fixtures.f4(1)));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(wrongType));
        assertMessage(e, wrongType, "expected 'fortran_order' to be True or False, found the string 'no'");
    }

    @Test
    void headerValuesMustHaveTheirTypeAndKeysAppearOnce() {
        Path twice = write("twice.npy", Fixtures.npyRaw(1,
                "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1, 1)}", Fixtures.f4(1)));
        InputException e = assertThrows(InputException.class, () -> NpyReader.readSamples(twice));
        assertMessage(e, twice, "malformed NPY header: expected each key once, found 'descr' twice");
        Path intShape = write("is.npy", Fixtures.npyRaw(1,
                "{'descr': '<f4', 'fortran_order': False, 'shape': 4}", Fixtures.f4(1, 2, 3, 4)));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(intShape));
        assertMessage(e, intShape, "expected 'shape' to be a tuple of integers, found the integer 4");
        Path tupleDescr = write("td.npy", Fixtures.npyRaw(1,
                "{'descr': (4,), 'fortran_order': False, 'shape': (1, 1)}", Fixtures.f4(1)));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(tupleDescr));
        assertMessage(e, tupleDescr, "expected 'descr' to be a dtype string such as '<f4', found the tuple (4,)");
        Path afterBrace = write("ab.npy", Fixtures.npyRaw(1,
                Fixtures.dict("<f4", false, new int[] {1, 1}) + " x", Fixtures.f4(1)));
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(afterBrace));
        assertMessage(e, afterBrace, "expected the end of the header after '}', found 'x'");
    }

    @Test
    void missingEmptyAndDirectory() throws Exception {
        Path missing = dir.resolve("none.npy");
        InputException e = assertThrows(InputException.class, () -> NpyReader.readSamples(missing));
        assertMessage(e, missing, "found no such file");
        Path empty = Files.createFile(dir.resolve("empty.npy"));
        e = assertThrows(InputException.class, () -> NpyReader.readLabels(empty));
        assertMessage(e, empty, "found an empty (0-byte) file");
        e = assertThrows(InputException.class, () -> NpyReader.readSamples(dir));
        assertMessage(e, dir, "found a directory");
    }

    @Test
    void readsLabelsOfEveryIntegerType() {
        Path i8 = write("a.npy", Fixtures.npy("<i8", new int[] {3}, Fixtures.i8(0, 9, 2_000_000_000L)));
        Path i4 = write("b.npy", Fixtures.npy("<i4", new int[] {3}, Fixtures.i4(4, 5, 6)));
        Path u1 = write("c.npy", Fixtures.npy("|u1", new int[] {2}, Fixtures.u1(255, 0)));
        assertArrayEquals(new int[] {0, 9, 2_000_000_000}, NpyReader.readLabels(i8).labels());
        assertArrayEquals(new int[] {4, 5, 6}, NpyReader.readLabels(i4).labels());
        Labels l = NpyReader.readLabels(u1);
        assertEquals(2, l.count());
        assertArrayEquals(new int[] {255, 0}, l.labels());
    }

    @Test
    void negativeOrHugeLabelsAreRejected() {
        Path neg = write("neg.npy", Fixtures.npy("<i4", new int[] {3}, Fixtures.i4(1, -1, 2)));
        InputException e = assertThrows(InputException.class, () -> NpyReader.readLabels(neg));
        assertMessage(e, neg, "found -1 at index 1");
        Path big = write("big.npy", Fixtures.npy("<i8", new int[] {1}, Fixtures.i8(1L << 40)));
        e = assertThrows(InputException.class, () -> NpyReader.readLabels(big));
        assertMessage(e, big, "found 1099511627776 at index 0");
    }

    @Test
    void dtypeLookup() {
        assertEquals(Optional.of(NpyDtype.INT64), NpyDtype.ofDescr("<i8"));
        assertEquals(Optional.empty(), NpyDtype.ofDescr("<f2"));
        assertEquals(4, NpyDtype.FLOAT32.itemBytes());
    }

    @Test
    void samplesRecordValidates() {
        Path p = Path.of("s");
        assertThrows(InputException.class, () -> new NpySamples(p, NpyDtype.INT32, 1, new int[] {1}, new float[1]));
        assertThrows(InputException.class, () -> new NpySamples(p, NpyDtype.FLOAT32, 2, new int[] {2}, new float[3]));
        assertThrows(InputException.class, () -> new NpySamples(p, NpyDtype.FLOAT32, 1, new int[] {0}, new float[0]));
        assertThrows(InputException.class,
                () -> new NpySamples(p, NpyDtype.FLOAT32, 1, new int[] {1}, new float[] {Float.NaN}));
        assertThrows(InputException.class,
                () -> new NpySamples(p, NpyDtype.UINT8, 1, new int[] {1}, new float[] {0.5f}));
        assertThrows(InputException.class, () -> new Labels(p, 1, new int[] {-3}));
        NpySamples a = new NpySamples(p, NpyDtype.FLOAT32, 1, new int[] {2}, new float[] {1, 2});
        assertEquals(a, new NpySamples(p, NpyDtype.FLOAT32, 1, new int[] {2}, new float[] {1, 2}));
        assertEquals("NpySamples[s: 1 samples of 2, <f4]", a.toString());
    }
}
