package io.koopcredit.data;

import static io.koopcredit.data.DatasetTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PreprocessingTest {

    private static final Path IMAGES = Path.of("planted-images");
    private static final Path LABELS = Path.of("planted-labels");

    /** A 6x6 image with planted maxima; 254 at (3,2) is the largest value in rows/cols 0..3. */
    private static final int[][] PLANTED = {
        {10, 200, 30, 40, 50, 60},
        {70, 80, 90, 100, 250, 120},
        {5, 15, 25, 35, 45, 55},
        {65, 75, 254, 95, 105, 115},
        {1, 2, 3, 4, 5, 6},
        {7, 8, 9, 10, 11, 177},
    };

    private static IdxImages planted() {
        byte[] px = new byte[36];
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 6; c++) {
                px[r * 6 + c] = (byte) PLANTED[r][c];
            }
        }
        return new IdxImages(IMAGES, 1, 6, 6, px);
    }

    /** @return the pixel bytes scaled the documented way */
    private static float[] scaled(int... bytes) {
        float[] f = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            f[i] = bytes[i] / 255f;
        }
        return f;
    }

    @Test
    void defaultScalesBytesBy255InFloat() {
        Dataset d = Preprocessing.DEFAULT.apply(
                new IdxImages(IMAGES, 2, 1, 3, Fixtures.u1(0, 1, 51, 128, 254, 255)),
                new Labels(LABELS, 2, new int[] {7, 3}));
        assertArrayEquals(new int[] {1, 1, 3}, d.sampleShape());
        assertEquals(2, d.count());
        assertArrayEquals(new float[] {0f, 1 / 255f, 0.2f, 128 / 255f, 254 / 255f, 1f}, d.values());
        assertArrayEquals(new int[] {7, 3}, d.labelsOrNull());
        assertEquals(IMAGES.toString(), d.description());
    }

    @Test
    void poolingOnAPlantedImage() {
        Dataset k2 = Preprocessing.DEFAULT.withPool(2).apply(planted(), null);
        assertArrayEquals(new int[] {1, 3, 3}, k2.sampleShape());
        assertArrayEquals(scaled(200, 100, 250, 75, 254, 115, 8, 10, 177), k2.values());

        Dataset k3 = Preprocessing.DEFAULT.withPool(3).apply(planted(), null);
        assertArrayEquals(new int[] {1, 2, 2}, k3.sampleShape());
        assertArrayEquals(scaled(200, 250, 254, 177), k3.values());

        // Floor mode: K=4 keeps one window over rows/cols 0..3; 250 at (1,4) and 177 at (5,5) are dropped.
        Dataset k4 = Preprocessing.DEFAULT.withPool(4).apply(planted(), null);
        assertArrayEquals(new int[] {1, 1, 1}, k4.sampleShape());
        assertArrayEquals(scaled(254), k4.values());

        Dataset k1 = Preprocessing.DEFAULT.withPool(1).apply(planted(), null);
        assertArrayEquals(new int[] {1, 6, 6}, k1.sampleShape());
    }

    @Test
    void poolingWorksPerSampleAndPerChannel() {
        // NPY samples of shape (2 channels, 2, 3), pooled with K=2: each channel keeps one 1x1 window (cols 0..1).
        float[] v = {
            1, 2, 99, 3, 4, 99, // sample 0, channel 0
            -1, -2, 99, -3, -4, 99, // sample 0, channel 1
            5, 6, 99, 7, 8, 99, // sample 1, channel 0
            0, 0, 99, 0, 9, 99, // sample 1, channel 1
        };
        NpySamples s = new NpySamples(Path.of("c.npy"), NpyDtype.FLOAT32, 2, new int[] {2, 2, 3}, v);
        Dataset d = Preprocessing.DEFAULT.withPool(2).apply(s, null);
        assertArrayEquals(new int[] {2, 1, 1}, d.sampleShape());
        assertArrayEquals(new float[] {4, -1, 8, 9}, d.values());
    }

    @Test
    void normalizationIsAppliedAfterScalingAndBeforePooling() {
        Preprocessing p = Preprocessing.DEFAULT.withNormalization(0.5f, 0.25f);
        Dataset d = p.apply(new IdxImages(IMAGES, 1, 1, 3, Fixtures.u1(0, 255, 51)), null);
        assertArrayEquals(new float[] {-2f, 2f, (0.2f - 0.5f) / 0.25f}, d.values());

        Preprocessing mnist = Preprocessing.parse("normalize=0.1307,0.3081;pool=3");
        Dataset pooled = mnist.apply(planted(), null);
        float[] expected = new float[4];
        int[] maxima = {200, 250, 254, 177};
        for (int i = 0; i < 4; i++) {
            expected[i] = (maxima[i] / 255f - 0.1307f) / 0.3081f;
        }
        assertArrayEquals(expected, pooled.values());
    }

    @Test
    void floatNpyIsNotScaledButByteNpyIs() {
        NpySamples floats = new NpySamples(Path.of("f.npy"), NpyDtype.FLOAT32, 1, new int[] {1, 2},
                new float[] {0.5f, 200f});
        assertArrayEquals(new float[] {0.5f, 200f}, Preprocessing.DEFAULT.apply(floats, null).values());
        NpySamples bytes = new NpySamples(Path.of("u.npy"), NpyDtype.UINT8, 1, new int[] {1, 2},
                new float[] {51f, 255f});
        Dataset d = Preprocessing.DEFAULT.apply(bytes, new Labels(Path.of("l.npy"), 1, new int[] {4}));
        assertArrayEquals(new float[] {0.2f, 1f}, d.values());
        assertArrayEquals(new int[] {1, 2}, d.sampleShape());
        assertArrayEquals(new int[] {4}, d.labelsOrNull());
        Dataset n = Preprocessing.DEFAULT.withNormalization(0.5f, 2f).apply(floats, null);
        assertArrayEquals(new float[] {0f, (200f - 0.5f) / 2f}, n.values());
    }

    @Test
    void poolErrorsNameKAndTheImageSize() {
        InputException e = assertThrows(InputException.class,
                () -> Preprocessing.DEFAULT.withPool(7).apply(planted(), null));
        assertOneLine(e, "planted-images: pool=7 is larger than the 6x6 images; expected K from 1 to 6");
        NpySamples flat = new NpySamples(Path.of("flat.npy"), NpyDtype.FLOAT32, 1, new int[] {4}, new float[4]);
        e = assertThrows(InputException.class, () -> Preprocessing.DEFAULT.withPool(2).apply(flat, null));
        assertOneLine(e, "flat.npy: pool=2 expected samples with at least 2 dimensions (height, width), found shape 4");
        e = assertThrows(InputException.class, () -> Preprocessing.DEFAULT.withPool(0));
        assertOneLine(e, "pool size K: expected an integer >= 1, found 0");
    }

    @Test
    void outputShape() {
        assertArrayEquals(new int[] {1, 9, 9}, Preprocessing.parse("pool=3").outputShape(new int[] {1, 28, 28}));
        assertArrayEquals(new int[] {2, 3}, Preprocessing.parse("pool=2").outputShape(new int[] {5, 7}));
        assertArrayEquals(new int[] {784}, Preprocessing.DEFAULT.outputShape(new int[] {784}));
    }

    @Test
    void labelCountMustMatchImageCount() {
        InputException e = assertThrows(InputException.class, () -> Preprocessing.DEFAULT.apply(
                new IdxImages(IMAGES, 3, 1, 1, new byte[3]), new Labels(LABELS, 2, new int[] {1, 2})));
        assertOneLine(e, "planted-labels: expected 3 labels, one per sample in planted-images, found 2");
        NpySamples s = new NpySamples(Path.of("s.npy"), NpyDtype.UINT8, 1, new int[] {1}, new float[1]);
        e = assertThrows(InputException.class,
                () -> Preprocessing.DEFAULT.apply(s, new Labels(Path.of("l.npy"), 2, new int[] {1, 2})));
        assertOneLine(e, "l.npy: expected 1 labels, one per sample in s.npy, found 2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "scale                              | scale",
        "pool=1                             | scale",
        "scale;pool=1                       | scale",
        "pool=3                             | pool=3",
        "scale;pool=3                       | pool=3",
        "' pool = 3 '                       | pool=3",
        "pool=+3                            | pool=3",
        "normalize=0.1307,0.3081            | normalize=0.1307,0.3081",
        "normalize=0.5,0.5;pool=3           | normalize=0.5,0.5;pool=3",
        "pool=3;normalize=0.5,0.5;scale     | normalize=0.5,0.5;pool=3",
        "normalize=-0,1                     | normalize=0,1",
        "normalize=1.50,2e-1                | normalize=1.5,0.2",
        "normalize=-.25, 3.                 | normalize=-0.25,3",
        "normalize=0.00001,1E3              | normalize=0.00001,1000",
    })
    void parseGivesTheCanonicalSpecBack(String spec, String canonical) {
        Preprocessing p = Preprocessing.parse(spec);
        assertEquals(canonical, p.toString());
        assertEquals(p, Preprocessing.parse(p.toString()));
    }

    @Test
    void parsedValues() {
        assertEquals(Preprocessing.DEFAULT, Preprocessing.parse("scale"));
        assertEquals("scale", Preprocessing.DEFAULT.toString());
        Preprocessing p = Preprocessing.parse("normalize=0.1307,0.3081;pool=3");
        assertEquals(3, p.pool());
        assertEquals(Optional.of(new Normalization(0.1307f, 0.3081f)), p.normalization());
    }

    @Test
    void overridesFromTheCommandLine() {
        Preprocessing fromModel = Preprocessing.parse("normalize=0.5,0.5;pool=3");
        assertEquals("normalize=0.5,0.5;pool=2", fromModel.withPool(2).toString());
        assertEquals("normalize=0.1307,0.3081;pool=3",
                fromModel.withNormalization(Normalization.parse("0.1307,0.3081")).toString());
        assertEquals("pool=3", fromModel.withoutNormalization().toString());
        assertEquals("normalize=1,2", Preprocessing.DEFAULT.withNormalization(1f, 2f).toString());
        assertEquals("koopcredit.preprocessing", io.koopcredit.model.ModelInfo.PREPROCESSING_KEY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                     | expected at least one item, found none",
        "\"   \"                  | expected at least one item, found none",
        "foo                        | item 'foo': expected a known item, found 'foo'",
        "foo=1                      | item 'foo=1': expected a known item, found 'foo'",
        "Pool=3                     | expected a known item, found 'Pool'",
        "scale=1                    | item 'scale=1': expected 'scale' without a value, found '=1'",
        "pool                       | item 'pool': expected pool=K with an integer K >= 1, found no value",
        "pool=                      | expected pool=K with an integer K >= 1, found ''",
        "pool=0                     | expected pool=K with an integer K >= 1, found '0'",
        "pool=-1                    | found '-1'",
        "pool=1.5                   | found '1.5'",
        "pool=abc                   | found 'abc'",
        "pool=99999999999           | found '99999999999'",
        "normalize                  | item 'normalize': expected normalize=MEAN,STD",
        "normalize=0.1              | item 'normalize=0.1': expected MEAN,STD as two decimal numbers with STD > 0,"
            + " e.g. 0.1307,0.3081, found 1 value",
        "\"normalize=0.1,0.2,0.3\"  | found 3 values",
        "\"normalize=a,0.3\"        | found MEAN 'a'",
        "\"normalize=0.1,\"         | found STD ''",
        "\"normalize=0.1,0\"        | expected STD > 0, found 0",
        "\"normalize=0.1,-1\"       | expected STD > 0, found -1",
        "\"normalize=NaN,1\"        | found MEAN 'NaN'",
        "\"normalize=0.1f,1\"       | found MEAN '0.1f'",
        "\"normalize=0x1p3,1\"      | found MEAN '0x1p3'",
        "\"normalize=1e39,1\"       | expected MEAN within the float range, found 1e39",
        "pool=3;pool=2              | item 'pool=2': expected each item once, found 'pool' again",
        "\"normalize=0,1;normalize=0,2\" | expected each item once, found 'normalize' again",
        "scale;scale                | expected each item once, found 'scale' again",
        "scale;;pool=3              | item '': expected a known item, found an empty item",
        "pool=3;                    | found an empty item",
        "\"pool=3,normalize=0,1\"   | found '3,normalize=0,1'",
    })
    void parseErrorsNameTheSpecAndWhatIsAccepted(String spec, String fragment) {
        InputException e = assertThrows(InputException.class, () -> Preprocessing.parse(spec));
        assertOneLine(e, "preprocessing spec '" + spec + "'", fragment,
                "accepted: 'scale', 'pool=K' (K >= 1), 'normalize=MEAN,STD' (STD > 0), joined by ';'");
    }

    @Test
    void specsWithControlCharactersStayOnOneLine() {
        InputException e = assertThrows(InputException.class, () -> Preprocessing.parse("pool=3\nfoo"));
        assertOneLine(e, "pool=3\\u000afoo");
    }

    @Test
    void normalizationRecord() {
        Normalization n = Normalization.parse(" 0.1307 , 0.3081 ");
        assertEquals(0.1307f, n.mean());
        assertEquals(0.3081f, n.std());
        assertEquals("0.1307,0.3081", n.toString());
        assertEquals(new Normalization(0f, 1f), new Normalization(-0f, 1f));
        InputException e = assertThrows(InputException.class, () -> Normalization.parse("1"));
        assertOneLine(e, "normalization '1': expected MEAN,STD");
        e = assertThrows(InputException.class, () -> new Normalization(Float.NaN, 1f));
        assertOneLine(e, "normalization mean: expected a finite number, found NaN");
        e = assertThrows(InputException.class, () -> new Normalization(0f, 0f));
        assertOneLine(e, "normalization std: expected a finite number > 0, found 0.0");
        e = assertThrows(InputException.class, () -> new Normalization(0f, Float.POSITIVE_INFINITY));
        assertOneLine(e, "found Infinity");
        assertTrue(Preprocessing.DEFAULT.normalization().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void poolingMatchesABruteForceMaxForEveryK(int k) {
        Dataset d = Preprocessing.DEFAULT.withPool(k).apply(planted(), null);
        int out = 6 / k;
        assertArrayEquals(new int[] {1, out, out}, d.sampleShape());
        for (int r = 0; r < out; r++) {
            for (int c = 0; c < out; c++) {
                int max = 0;
                for (int rr = r * k; rr < r * k + k; rr++) {
                    for (int cc = c * k; cc < c * k + k; cc++) {
                        max = Math.max(max, PLANTED[rr][cc]);
                    }
                }
                assertEquals(max / 255f, d.values()[r * out + c], "K=" + k + " at " + r + "," + c);
            }
        }
    }
}
