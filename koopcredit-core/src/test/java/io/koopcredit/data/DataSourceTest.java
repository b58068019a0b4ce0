package io.koopcredit.data;

import static io.koopcredit.data.DatasetTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourceTest {

    @TempDir
    Path dir;

    /** {@code count} 2x2 images; image i has all four pixels equal to {@code base + i}. */
    private static byte[] images(int count, int base) {
        byte[] px = new byte[count * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (base + i / 4);
        }
        return Fixtures.idxImages(count, 2, 2, px);
    }

    /** Labels 0, 1, ..., count-1 shifted by {@code base}. */
    private static byte[] labels(int count, int base) {
        int[] l = new int[count];
        for (int i = 0; i < count; i++) {
            l[i] = base + i;
        }
        return Fixtures.idxLabels(l);
    }

    /**
     * A folder with 6 training images (pixel values 100..105, labels 0..5) and 4 test images (pixel values
     * 10..13, labels 20..23).
     */
    private Path mnistFolder() {
        Fixtures.write(dir, "train-images-idx3-ubyte.gz", Fixtures.gzip(images(6, 100)));
        Fixtures.write(dir, "train-labels-idx1-ubyte", labels(6, 0));
        Fixtures.write(dir, "t10k-images-idx3-ubyte", images(4, 10));
        Fixtures.write(dir, "t10k-labels-idx1-ubyte.gz", Fixtures.gzip(labels(4, 20)));
        return dir;
    }

    /** @return sample i's first value times 255, rounded: the planted pixel value */
    private static int pixelOf(Dataset d, int i) {
        return Math.round(d.sample(i)[0] * 255f);
    }

    @Test
    void folderWithTrainAndTestMixingPlainAndGzip() {
        DataSplits s = DataSource.load(mnistFolder(), Preprocessing.DEFAULT);
        Dataset train = s.train().orElseThrow();
        assertEquals(6, train.count());
        assertEquals(4, s.test().count());
        assertArrayEquals(new int[] {1, 2, 2}, train.sampleShape());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, train.labelsOrNull());
        assertArrayEquals(new int[] {20, 21, 22, 23}, s.test().labelsOrNull());
        assertEquals(103, pixelOf(train, 3));
        assertEquals(12, pixelOf(s.test(), 2));
        assertEquals(dir.resolve("t10k-images-idx3-ubyte").toString(), s.test().description());
        assertEquals(dir.resolve("train-images-idx3-ubyte.gz").toString(), train.description());
    }

    @Test
    void preprocessingIsAppliedToBothSets() {
        DataSplits s = DataSource.load(mnistFolder(), Preprocessing.parse("pool=2"));
        assertArrayEquals(new int[] {1, 1, 1}, s.test().sampleShape());
        assertArrayEquals(new int[] {1, 1, 1}, s.train().orElseThrow().sampleShape());
        assertEquals(105 / 255f, s.train().orElseThrow().sample(5)[0]);
    }

    @Test
    void folderWithOnlyATestSet() {
        Fixtures.write(dir, "t10k-images-idx3-ubyte.gz", Fixtures.gzip(images(3, 0)));
        Fixtures.write(dir, "t10k-labels-idx1-ubyte.gz", Fixtures.gzip(labels(3, 0)));
        DataSplits s = DataSource.load(dir, Preprocessing.DEFAULT);
        assertEquals(Optional.empty(), s.train());
        assertEquals(3, s.test().count());
        assertTrue(s.test().hasLabels());
    }

    @Test
    void folderWithoutTestLabelsGivesUnlabelledData() {
        Fixtures.write(dir, "t10k-images-idx3-ubyte", images(3, 0));
        assertFalse(DataSource.load(dir, Preprocessing.DEFAULT).test().hasLabels());
    }

    @Test
    void folderWithoutTheStandardNamesListsThem() {
        Fixtures.write(dir, "digits.gz", Fixtures.gzip(images(3, 0)));
        InputException e = assertThrows(InputException.class, () -> DataSource.load(dir, Preprocessing.DEFAULT));
        assertOneLine(e, dir + ": expected a folder with the MNIST files t10k-images-idx3-ubyte[.gz] and"
                + " t10k-labels-idx1-ubyte[.gz], optionally train-images-idx3-ubyte[.gz] and"
                + " train-labels-idx1-ubyte[.gz], found none of them");
    }

    @Test
    void folderWithOnlyTrainingFiles() {
        Fixtures.write(dir, "train-images-idx3-ubyte", images(3, 0));
        Fixtures.write(dir, "train-labels-idx1-ubyte", labels(3, 0));
        InputException e = assertThrows(InputException.class, () -> DataSource.load(dir, Preprocessing.DEFAULT));
        assertOneLine(e, "found only train-images-idx3-ubyte, train-labels-idx1-ubyte");
    }

    @Test
    void folderWithPlainAndGzipOfTheSameFileIsAmbiguous() {
        Fixtures.write(dir, "t10k-images-idx3-ubyte", images(3, 0));
        Fixtures.write(dir, "t10k-images-idx3-ubyte.gz", Fixtures.gzip(images(3, 0)));
        InputException e = assertThrows(InputException.class, () -> DataSource.load(dir, Preprocessing.DEFAULT));
        assertOneLine(e, "expected either t10k-images-idx3-ubyte or t10k-images-idx3-ubyte.gz, found both");
    }

    @Test
    void trainingLabelsWithoutTrainingImages() {
        Fixtures.write(dir, "t10k-images-idx3-ubyte", images(3, 0));
        Fixtures.write(dir, "train-labels-idx1-ubyte", labels(3, 0));
        InputException e = assertThrows(InputException.class, () -> DataSource.load(dir, Preprocessing.DEFAULT));
        assertOneLine(e,
                "expected train-images-idx3-ubyte[.gz] beside train-labels-idx1-ubyte, found no training images");
    }

    @Test
    void labelAndImageCountMismatchInAFolder() {
        Fixtures.write(dir, "t10k-images-idx3-ubyte", images(4, 0));
        Path l = Fixtures.write(dir, "t10k-labels-idx1-ubyte", labels(3, 0));
        InputException e = assertThrows(InputException.class, () -> DataSource.load(dir, Preprocessing.DEFAULT));
        assertOneLine(e, l + ": expected 4 labels, one per sample in " + dir.resolve("t10k-images-idx3-ubyte")
                + ", found 3");
    }

    @Test
    void trainAndTestShapesMustAgree() {
        Fixtures.write(dir, "t10k-images-idx3-ubyte", Fixtures.idxImages(1, 3, 3, new byte[9]));
        Fixtures.write(dir, "train-images-idx3-ubyte", images(2, 0));
        InputException e = assertThrows(InputException.class, () -> DataSource.load(dir, Preprocessing.DEFAULT));
        assertOneLine(e, "expected samples of shape 1x2x2 like the training set", "found 1x3x3");
    }

    @Test
    void singleIdxFileFindsItsLabelsByName() {
        Path images = Fixtures.write(dir, "my-images-idx3-ubyte.gz", Fixtures.gzip(images(3, 7)));
        Fixtures.write(dir, "my-labels-idx1-ubyte.gz", Fixtures.gzip(labels(3, 4)));
        DataSplits s = DataSource.load(images, Preprocessing.DEFAULT);
        assertEquals(Optional.empty(), s.train());
        assertArrayEquals(new int[] {4, 5, 6}, s.test().labelsOrNull());
        assertEquals(9, pixelOf(s.test(), 2));
    }

    @Test
    void singleIdxFileWithoutLabels() {
        Path tagged = Fixtures.write(dir, "a-images-idx3-ubyte", images(2, 0)); // no a-labels-idx1-ubyte beside it
        assertFalse(DataSource.load(tagged, Preprocessing.DEFAULT).test().hasLabels());
        Path untagged = Fixtures.write(dir, "digits.bin", images(2, 0));
        assertFalse(DataSource.load(untagged, Preprocessing.DEFAULT).test().hasLabels());
        assertEquals(Optional.empty(), DataSource.idxLabelsPath(untagged));
    }

    @Test
    void aLabelFileOrOtherFileIsNotData() {
        Path l = Fixtures.write(dir, "x-labels-idx1-ubyte", labels(3, 0));
        InputException e = assertThrows(InputException.class, () -> DataSource.load(l, Preprocessing.DEFAULT));
        assertOneLine(e, l + ": expected an IDX image file (magic number 2051), found an IDX label file (2049)");
        Path html = Fixtures.write(dir, "page.html", "<html></html>".getBytes(StandardCharsets.US_ASCII));
        e = assertThrows(InputException.class, () -> DataSource.load(html, Preprocessing.DEFAULT));
        assertOneLine(e, html + ": expected an IDX image file or a .npy file, found neither (first bytes 3c 68 74 6d)");
        Path tiny = Fixtures.write(dir, "tiny", new byte[] {0, 0});
        e = assertThrows(InputException.class, () -> DataSource.load(tiny, Preprocessing.DEFAULT));
        assertOneLine(e, "found neither (first bytes fewer than 4)");
        Path floats = Fixtures.write(dir, "floats-images-idx3-ubyte",
                Fixtures.idx(0x0D03, new int[] {1, 1, 1}, new byte[4]));
        e = assertThrows(InputException.class, () -> DataSource.load(floats, Preprocessing.DEFAULT));
        assertOneLine(e, "expected IDX magic number 2051 (unsigned-byte images, 3 dimensions),"
                + " found 3331 (float, 3 dimensions)");
    }

    @Test
    void missingPath() {
        Path missing = dir.resolve("nothing-here");
        InputException e = assertThrows(InputException.class, () -> DataSource.load(missing, Preprocessing.DEFAULT));
        assertOneLine(e, missing
                + ": expected a data folder, an IDX image file or a .npy file, found no such file or folder");
    }

    @Test
    void npyWithSiblingLabels() {
        Path x = Fixtures.write(dir, "x.npy", Fixtures.npy("<f4", new int[] {3, 2, 2}, Fixtures.f4(new float[12])));
        Fixtures.write(dir, "x-labels.npy", Fixtures.npy("<i8", new int[] {3}, Fixtures.i8(2, 1, 0)));
        DataSplits s = DataSource.load(x, Preprocessing.DEFAULT);
        assertArrayEquals(new int[] {2, 2}, s.test().sampleShape());
        assertArrayEquals(new int[] {2, 1, 0}, s.test().labelsOrNull());
        assertEquals(dir.resolve("x-labels.npy"), DataSource.npyLabelsPath(x));
        assertEquals(dir.resolve("y-labels.npy"), DataSource.npyLabelsPath(dir.resolve("y.npy.gz")));
        assertEquals(dir.resolve("z.bin-labels.npy"), DataSource.npyLabelsPath(dir.resolve("z.bin")));
    }

    @Test
    void npyWithoutLabelsAndDetectedByContent() {
        Path u = Fixtures.write(dir, "pixels.dat",
                Fixtures.gzip(Fixtures.npy("|u1", new int[] {1, 1, 2}, Fixtures.u1(0, 255))));
        Dataset d = DataSource.load(u, Preprocessing.DEFAULT).test();
        assertFalse(d.hasLabels());
        assertArrayEquals(new float[] {0f, 1f}, d.values());
    }

    @Test
    void npyLabelCountMismatch() {
        Path x = Fixtures.write(dir, "x.npy", Fixtures.npy("<f4", new int[] {3, 1}, Fixtures.f4(1, 2, 3)));
        Path l = Fixtures.write(dir, "x-labels.npy", Fixtures.npy("<i4", new int[] {2}, Fixtures.i4(1, 2)));
        InputException e = assertThrows(InputException.class, () -> DataSource.load(x, Preprocessing.DEFAULT));
        assertOneLine(e, l + ": expected 3 labels, one per sample in " + x + ", found 2");
    }

    @Test
    void splitWithATrainingSet() {
        DataSplits s = DataSource.load(mnistFolder(), Preprocessing.DEFAULT);
        SampleSplit split = s.split(4, 3);
        assertEquals(4, split.fit().count());
        assertArrayEquals(new int[] {0, 1, 2, 3}, split.fit().labelsOrNull());
        assertEquals(100, pixelOf(split.fit(), 0));
        assertEquals(3, split.holdout().count());
        assertArrayEquals(new int[] {20, 21, 22}, split.holdout().labelsOrNull());
        assertEquals(10, pixelOf(split.holdout(), 0));
        // all of both sets is allowed, and so is an empty holdout
        assertEquals(6, s.split(6, 4).fit().count());
        assertEquals(0, s.split(1, 0).holdout().count());
    }

    @Test
    void splitErrorsWithATrainingSet() {
        DataSplits s = DataSource.load(mnistFolder(), Preprocessing.DEFAULT);
        InputException e = assertThrows(InputException.class, () -> s.split(7, 1));
        assertOneLine(e, "train-images-idx3-ubyte.gz: expected at most 6 fitting samples"
                + " (the size of the training set), found 7 requested");
        e = assertThrows(InputException.class, () -> s.split(1, 5));
        assertOneLine(e, "t10k-images-idx3-ubyte: expected at most 4 holdout samples (the size of the test set),"
                + " found 5 requested");
    }

    @Test
    void splitWithASingleSetTakesFirstAndLast() {
        Path images = Fixtures.write(dir, "s-images-idx3-ubyte", images(10, 0));
        Fixtures.write(dir, "s-labels-idx1-ubyte", labels(10, 0));
        DataSplits s = DataSource.load(images, Preprocessing.DEFAULT);
        SampleSplit split = s.split(3, 4);
        assertArrayEquals(new int[] {0, 1, 2}, split.fit().labelsOrNull());
        assertArrayEquals(new int[] {6, 7, 8, 9}, split.holdout().labelsOrNull());
        assertEquals(9, pixelOf(split.holdout(), 3));
        SampleSplit all = s.split(6, 4);
        assertArrayEquals(new int[] {6, 7, 8, 9}, all.holdout().labelsOrNull());
        assertEquals(10, s.split(10, 0).fit().count());
        InputException e = assertThrows(InputException.class, () -> s.split(7, 4));
        assertOneLine(e, images + ": expected fitting + holdout samples to be at most 10 (the first for fitting,"
                + " the last held out, without overlap), found 7 + 4 = 11");
    }

    @Test
    void splitArgumentErrors() {
        DataSplits s = DataSource.load(mnistFolder(), Preprocessing.DEFAULT);
        InputException e = assertThrows(InputException.class, () -> s.split(0, 1));
        assertOneLine(e, "number of fitting samples: expected at least 1, found 0");
        e = assertThrows(InputException.class, () -> s.split(1, -1));
        assertOneLine(e, "number of holdout samples: expected at least 0, found -1");
        DataSplits single = new DataSplits(Optional.empty(), s.test());
        e = assertThrows(InputException.class, () -> single.split(Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertOneLine(e, "found 2147483647 + 2147483647 = 4294967294");
    }

    @Test
    void splitRecordsValidate() {
        Dataset a = new Dataset("a", new int[] {2}, new float[4], null);
        Dataset b = new Dataset("b", new int[] {1, 2}, new float[4], null);
        InputException e = assertThrows(InputException.class, () -> new SampleSplit(a.head(0), a));
        assertOneLine(e, "a [0, 0): expected at least 1 fitting sample, found 0");
        e = assertThrows(InputException.class, () -> new SampleSplit(a, b));
        assertOneLine(e, "b: expected holdout samples of shape 2 like the fitting samples, found 1x2");
        assertThrows(InputException.class, () -> new DataSplits(Optional.of(a), b));
    }

    @Test
    void requireShape() {
        Dataset d = new Dataset("d.gz", new int[] {1, 9, 9}, new float[81], null);
        assertDoesNotThrow(() -> DataSource.requireShape(d, new int[] {1, 9, 9}));
        assertDoesNotThrow(() -> DataSource.requireShape(d, new int[] {81}));
        assertDoesNotThrow(() -> DataSource.requireShape(d, new int[] {9, 9}));
        assertDoesNotThrow(() -> DataSource.requireShape(d, new int[] {9, 1, 9}));
        InputException e = assertThrows(InputException.class, () -> DataSource.requireShape(d, new int[] {1, 28, 28}));
        assertOneLine(e, "d.gz: data sample shape 1x9x9 does not match the model input 1x28x28; expected the same shape"
                + " (extents of 1 aside) or a flat model input of 81 values");
        assertThrows(InputException.class, () -> DataSource.requireShape(d, new int[] {80}));
        assertThrows(InputException.class, () -> DataSource.requireShape(d, new int[] {81, 1, 1, 2}));
        // a flat data sample is not reshaped into an image-shaped model input
        assertFalse(DataSource.fitsShape(new int[] {784}, new int[] {1, 28, 28}));
        assertFalse(DataSource.fitsShape(new int[] {1, 28, 28}, new int[] {1, 9, 9}));
        assertTrue(DataSource.fitsShape(new int[] {1, 28, 28}, new int[] {784}));
    }

    @Test
    void defaultDataIsRelativeToTheWorkingDirectory() {
        assertEquals(Path.of("data", "mnist"), DataSource.DEFAULT_DATA);
        assertFalse(DataSource.DEFAULT_DATA.isAbsolute());
    }

    @Test
    void unreadableFolderEntriesAreReportedByName() throws Exception {
        Files.createDirectory(dir.resolve("t10k-images-idx3-ubyte"));
        InputException e = assertThrows(InputException.class, () -> DataSource.load(dir, Preprocessing.DEFAULT));
        assertOneLine(e, dir.resolve("t10k-images-idx3-ubyte") + ": expected an IDX image file, found a directory");
    }
}
