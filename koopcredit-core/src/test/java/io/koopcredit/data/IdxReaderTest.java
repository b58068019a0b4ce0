package io.koopcredit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** Asserts the message is one line, names the file and contains every fragment. */
    static void assertMessage(InputException e, Path file, String... fragments) {
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.startsWith(file.toString() + ":"), "names the file: " + m);
        for (String f : fragments) {
            assertTrue(m.contains(f), "'" + f + "' in: " + m);
        }
    }

    @Test
    void readsPlainImages() {
        byte[] pixels = Fixtures.patternPixels(3, 2, 4);
        Path p = Fixtures.write(dir, "imgs", Fixtures.idxImages(3, 2, 4, pixels));
        IdxImages images = IdxReader.readImages(p);
        assertEquals(p, images.source());
        assertEquals(3, images.count());
        assertEquals(2, images.rows());
        assertEquals(4, images.cols());
        assertEquals(8, images.imageSize());
        assertArrayEquals(pixels, images.pixels());
        // image 2, row 1, col 3 is flat index 2*8 + 1*4 + 3 = 23 -> (23*7+3) mod 256 = 164 (unsigned)
        assertEquals(164, images.pixel(2, 1, 3));
    }

    @Test
    void readsGzipImagesDetectedByContentNotName() {
        byte[] pixels = Fixtures.patternPixels(2, 3, 3);
        byte[] file = Fixtures.idxImages(2, 3, 3, pixels);
        Path gz = Fixtures.write(dir, "images-without-extension", Fixtures.gzip(file));
        Path plainNamedGz = Fixtures.write(dir, "plain.gz", file);
        assertArrayEquals(pixels, IdxReader.readImages(gz).pixels());
        assertArrayEquals(pixels, IdxReader.readImages(plainNamedGz).pixels());
    }

    @Test
    void readsLabelsPlainAndGzip() {
        int[] labels = {0, 9, 255, 128, 3};
        Path plain = Fixtures.write(dir, "l", Fixtures.idxLabels(labels));
        Path gz = Fixtures.write(dir, "l.gz", Fixtures.gzip(Fixtures.idxLabels(labels)));
        Labels a = IdxReader.readLabels(plain);
        Labels b = IdxReader.readLabels(gz);
        assertEquals(5, a.count());
        assertArrayEquals(labels, a.labels());
        assertArrayEquals(labels, b.labels());
    }

    @Test
    void truncatedPayloadNamesExpectedAndFoundBytes() {
        byte[] file = Fixtures.idxImages(2, 3, 3, Fixtures.patternPixels(2, 3, 3));
        Path p = Fixtures.write(dir, "t", Fixtures.head(file, file.length - 5));
        InputException e = assertThrows(InputException.class, () -> IdxReader.readImages(p));
        assertMessage(e, p, "truncated", "expected 18 payload bytes", "found 13");
        Path gz = Fixtures.write(dir, "t.gz", Fixtures.gzip(Fixtures.head(file, file.length - 5)));
        e = assertThrows(InputException.class, () -> IdxReader.readImages(gz));
        assertMessage(e, gz, "expected 18 payload bytes", "found 13", "after gunzip");
    }

    @Test
    void truncatedLabels() {
        byte[] file = Fixtures.idxLabels(1, 2, 3);
        Path p = Fixtures.write(dir, "t", Fixtures.head(file, file.length - 1));
        InputException e = assertThrows(InputException.class, () -> IdxReader.readLabels(p));
        assertMessage(e, p, "expected 3 payload bytes", "found 2");
    }

    @Test
    void truncatedHeader() {
        byte[] file = Fixtures.idxImages(2, 3, 3, Fixtures.patternPixels(2, 3, 3));
        Path p = Fixtures.write(dir, "h", Fixtures.head(file, 10));
        InputException e = assertThrows(InputException.class, () -> IdxReader.readImages(p));
        assertMessage(e, p, "expected an IDX header of 16 bytes", "found only 10 bytes");
        Path q = Fixtures.write(dir, "h2", Fixtures.head(file, 3));
        e = assertThrows(InputException.class, () -> IdxReader.readImages(q));
        assertMessage(e, q, "expected IDX magic number 2051", "found only 3 bytes");
    }

    @Test
    void trailingBytesAreAnError() {
        byte[] file = Fixtures.idxImages(2, 3, 3, Fixtures.patternPixels(2, 3, 3));
        Path p = Fixtures.write(dir, "x", Fixtures.withTrailing(file, 7));
        InputException e = assertThrows(InputException.class, () -> IdxReader.readImages(p));
        assertMessage(e, p, "expected exactly 18 payload bytes", "found 7 extra bytes");
        Path l = Fixtures.write(dir, "l.gz", Fixtures.gzip(Fixtures.withTrailing(Fixtures.idxLabels(1, 2), 1)));
        e = assertThrows(InputException.class, () -> IdxReader.readLabels(l));
        assertMessage(e, l, "found 1 extra bytes", "after gunzip");
    }

    @Test
    void wrongMagicNumber() {
        Path labels = Fixtures.write(dir, "labels", Fixtures.idxLabels(1, 2, 3));
        InputException e = assertThrows(InputException.class, () -> IdxReader.readImages(labels));
        assertMessage(e, labels, "expected IDX magic number 2051 (unsigned-byte images, 3 dimensions),"
                + " found 2049 (unsigned-byte, 1 dimension)");
        Path images = Fixtures.write(dir, "images", Fixtures.idxImages(1, 1, 1, new byte[1]));
        e = assertThrows(InputException.class, () -> IdxReader.readLabels(images));
        assertMessage(e, images, "expected IDX magic number 2049", "found 2051 (unsigned-byte, 3 dimensions)");
        Path text = Fixtures.write(dir, "text", "hello, world".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        e = assertThrows(InputException.class, () -> IdxReader.readImages(text));
        assertMessage(e, text, "expected IDX magic number 2051", "(not an IDX file)");
        Path floats = Fixtures.write(dir, "floats", Fixtures.idx(0x0D03, new int[] {1, 1, 1}, new byte[4]));
        e = assertThrows(InputException.class, () -> IdxReader.readImages(floats));
        assertMessage(e, floats, "found 3331 (float, 3 dimensions)");
    }

    @Test
    void wrongNumberOfDimensions() {
        // unsigned-byte type, but 2 dimensions: magic 0x0802 = 2050
        Path p = Fixtures.write(dir, "2d", Fixtures.idx(0x0802, new int[] {4, 4}, new byte[16]));
        InputException e = assertThrows(InputException.class, () -> IdxReader.readImages(p));
        assertMessage(e, p, "expected IDX magic number 2051 (unsigned-byte images, 3 dimensions)",
                "found 2050 (unsigned-byte, 2 dimensions)");
        Path q = Fixtures.write(dir, "4d", Fixtures.idx(0x0804, new int[] {1, 1, 2, 2}, new byte[4]));
        e = assertThrows(InputException.class, () -> IdxReader.readImages(q));
        assertMessage(e, q, "found 2052 (unsigned-byte, 4 dimensions)");
    }

    @Test
    void zeroCountIsEmpty() {
        Path p = Fixtures.write(dir, "zero", Fixtures.idxImages(0, 28, 28, new byte[0]));
        InputException e = assertThrows(InputException.class, () -> IdxReader.readImages(p));
        assertMessage(e, p, "expected image count >= 1", "found 0 (empty)");
        Path l = Fixtures.write(dir, "zl", Fixtures.idxLabels());
        e = assertThrows(InputException.class, () -> IdxReader.readLabels(l));
        assertMessage(e, l, "expected label count >= 1", "found 0 (empty)");
    }

    @Test
    void zeroOrNegativeExtents() {
        Path rows = Fixtures.write(dir, "rows", Fixtures.idxImages(1, 0, 28, new byte[0]));
        InputException e = assertThrows(InputException.class, () -> IdxReader.readImages(rows));
        assertMessage(e, rows, "expected row count >= 1", "found 0");
        Path cols = Fixtures.write(dir, "cols", Fixtures.idxImages(1, 28, -1, new byte[0]));
        e = assertThrows(InputException.class, () -> IdxReader.readImages(cols));
        assertMessage(e, cols, "expected column count >= 1", "found -1");
    }

    @Test
    void hugeHeaderIsRejectedBeforeAllocating() {
        Path p = Fixtures.write(dir, "huge", Fixtures.idxImages(100_000, 1000, 1000, new byte[0]));
        InputException e = assertThrows(InputException.class, () -> IdxReader.readImages(p));
        assertMessage(e, p, "found a header announcing 100000000000");
    }

    @Test
    void emptyFile() throws Exception {
        Path p = Files.createFile(dir.resolve("empty"));
        InputException e = assertThrows(InputException.class, () -> IdxReader.readImages(p));
        assertMessage(e, p, "expected an IDX image file, found an empty (0-byte) file");
    }

    @Test
    void missingFileAndDirectory() throws Exception {
        Path missing = dir.resolve("nope.gz");
        InputException e = assertThrows(InputException.class, () -> IdxReader.readLabels(missing));
        assertMessage(e, missing, "expected an IDX label file, found no such file");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        e = assertThrows(InputException.class, () -> IdxReader.readImages(sub));
        assertMessage(e, sub, "expected an IDX image file, found a directory");
    }

    @Test
    void corruptGzip() {
        byte[] gz = Fixtures.gzip(Fixtures.idxImages(2, 3, 3, Fixtures.patternPixels(2, 3, 3)));
        // Keep the 10-byte gzip header, garble the deflate data after it.
        byte[] garbled = gz.clone();
        for (int i = 10; i < garbled.length; i++) {
            garbled[i] = (byte) 0xff;
        }
        Path p = Fixtures.write(dir, "garbled.gz", garbled);
        InputException e = assertThrows(InputException.class, () -> IdxReader.readImages(p));
        assertMessage(e, p, "expected a valid gzip stream, found a corrupt or truncated one");

        Path cut = Fixtures.write(dir, "cut.gz", Fixtures.head(gz, gz.length - 12));
        e = assertThrows(InputException.class, () -> IdxReader.readImages(cut));
        assertMessage(e, cut, "expected a valid gzip stream, found a corrupt or truncated one");

        Path onlyMagic = Fixtures.write(dir, "magic.gz", new byte[] {0x1f, (byte) 0x8b, 8});
        e = assertThrows(InputException.class, () -> IdxReader.readLabels(onlyMagic));
        assertMessage(e, onlyMagic, "corrupt or truncated");
    }

    @Test
    void recordsCompareByContent() {
        Path p = Path.of("a");
        IdxImages a = new IdxImages(p, 1, 1, 2, new byte[] {1, 2});
        IdxImages b = new IdxImages(p, 1, 1, 2, new byte[] {1, 2});
        IdxImages c = new IdxImages(p, 1, 1, 2, new byte[] {1, 3});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
        assertEquals(new Labels(p, 2, new int[] {1, 2}), new Labels(p, 2, new int[] {1, 2}));
        assertEquals("IdxImages[a: 1 images of 1x2]", a.toString());
    }

    @Test
    void recordsValidateAndCopy() {
        Path p = Path.of("a");
        byte[] px = {1, 2};
        IdxImages a = new IdxImages(p, 1, 1, 2, px);
        px[0] = 9;
        a.pixels()[1] = 9;
        assertArrayEquals(new byte[] {1, 2}, a.pixels());
        assertThrows(InputException.class, () -> new IdxImages(p, 1, 2, 2, new byte[3]));
        assertThrows(InputException.class, () -> new IdxImages(p, 0, 2, 2, new byte[0]));
        assertThrows(InputException.class, () -> new Labels(p, 2, new int[] {1}));
        InputException e = assertThrows(InputException.class, () -> new Labels(p, 2, new int[] {1, -1}));
        assertMessage(e, p, "expected labels >= 0, found -1 at index 1");
    }
}
