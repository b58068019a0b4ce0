package io.koopcredit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** 5 samples of shape 1x1x2: sample i is {10i, 10i+1}, labelled i+5. */
    private static Dataset five() {
        float[] v = new float[10];
        int[] labels = new int[5];
        for (int i = 0; i < 5; i++) {
            v[2 * i] = 10 * i;
            v[2 * i + 1] = 10 * i + 1;
            labels[i] = i + 5;
        }
        return new Dataset("five", new int[] {1, 1, 2}, v, labels);
    }

    static void assertOneLine(InputException e, String... fragments) {
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        for (String f : fragments) {
            assertTrue(m.contains(f), "'" + f + "' in: " + m);
        }
    }

    @Test
    void basics() {
        Dataset d = five();
        assertEquals(5, d.count());
        assertEquals(2, d.sampleSize());
        assertArrayEquals(new int[] {1, 1, 2}, d.sampleShape());
        assertEquals("1x1x2", d.shapeText());
        assertTrue(d.hasLabels());
        assertEquals(8, d.label(3));
        assertArrayEquals(new int[] {5, 6, 7, 8, 9}, d.labels().orElseThrow());
        assertArrayEquals(new float[] {30, 31}, d.sample(3));
        float[] batch = new float[7];
        d.copySamples(1, 3, batch, 1);
        assertArrayEquals(new float[] {0, 10, 11, 20, 21, 30, 31}, batch);
        assertEquals("Dataset[five: 5 samples of 1x1x2, labelled]", d.toString());
    }

    @Test
    void arraysAreCopiedInAndOut() {
        int[] shape = {2};
        float[] v = {1, 2};
        int[] l = {3};
        Dataset d = new Dataset("d", shape, v, l);
        shape[0] = 1;
        v[0] = 9;
        l[0] = 9;
        d.sampleShape()[0] = 7;
        d.values()[1] = 7;
        d.labelsOrNull()[0] = 7;
        d.labels().orElseThrow()[0] = 7;
        assertArrayEquals(new int[] {2}, d.sampleShape());
        assertArrayEquals(new float[] {1, 2}, d.values());
        assertArrayEquals(new int[] {3}, d.labelsOrNull());
    }

    @Test
    void unlabelled() {
        Dataset d = new Dataset("u", new int[] {2}, new float[] {1, 2, 3, 4}, null);
        assertFalse(d.hasLabels());
        assertEquals(Optional.empty(), d.labels());
        assertNull(d.labelsOrNull());
        assertThrows(IllegalStateException.class, () -> d.label(0));
        assertNull(d.tail(1).labelsOrNull());
        assertEquals("Dataset[u: 2 samples of 2, unlabelled]", d.toString());
    }

    @Test
    void equalityIsByContent() {
        assertEquals(five(), five());
        assertEquals(five().hashCode(), five().hashCode());
        Dataset other = new Dataset("five", new int[] {1, 2, 1}, five().values(), five().labelsOrNull());
        assertNotEquals(five(), other);
        Dataset unlabelled = new Dataset("five", new int[] {1, 1, 2}, five().values(), null);
        assertNotEquals(five(), unlabelled);
    }

    @Test
    void headTailSlice() {
        Dataset d = five();
        Dataset h = d.head(2);
        assertEquals(2, h.count());
        assertArrayEquals(new float[] {0, 1, 10, 11}, h.values());
        assertArrayEquals(new int[] {5, 6}, h.labelsOrNull());
        assertEquals("five [0, 2)", h.description());
        Dataset t = d.tail(2);
        assertArrayEquals(new float[] {30, 31, 40, 41}, t.values());
        assertArrayEquals(new int[] {8, 9}, t.labelsOrNull());
        assertEquals("five [3, 5)", t.description());
        Dataset s = d.slice(1, 4);
        assertArrayEquals(new int[] {6, 7, 8}, s.labelsOrNull());
        assertArrayEquals(new int[] {1, 1, 2}, s.sampleShape());
        assertSame(d, d.head(5));
        Dataset empty = d.head(0);
        assertEquals(0, empty.count());
        assertArrayEquals(new int[0], empty.labelsOrNull());
        assertEquals(0, d.tail(0).count());
        assertEquals(0, d.slice(5, 5).count());
    }

    @Test
    void rangeErrorsNameTheDatasetAndTheValidRange() {
        Dataset d = five();
        InputException e = assertThrows(InputException.class, () -> d.head(6));
        assertOneLine(e, "five: expected head(n) with n in 0..5", "found 6");
        e = assertThrows(InputException.class, () -> d.tail(-1));
        assertOneLine(e, "five: expected tail(n) with n in 0..5", "found -1");
        e = assertThrows(InputException.class, () -> d.slice(3, 2));
        assertOneLine(e, "five: expected a sample range [from, to) with 0 <= from <= to <= 5, found [3, 2)");
        e = assertThrows(InputException.class, () -> d.slice(-1, 2));
        assertOneLine(e, "found [-1, 2)");
        e = assertThrows(InputException.class, () -> d.slice(0, 6));
        assertOneLine(e, "found [0, 6)");
        assertThrows(IndexOutOfBoundsException.class, () -> d.sample(5));
        assertThrows(IndexOutOfBoundsException.class, () -> d.copySamples(4, 2, new float[10], 0));
    }

    @Test
    void constructionIsValidated() {
        InputException e = assertThrows(InputException.class,
                () -> new Dataset("d", new int[] {2, 2}, new float[6], null));
        assertOneLine(e, "d: expected a whole number of samples of 2x2 (4 values each), found 6 values");
        e = assertThrows(InputException.class, () -> new Dataset("d", new int[] {2}, new float[6], new int[] {1, 2}));
        assertOneLine(e, "d: expected one label per sample (3), found 2 labels");
        e = assertThrows(InputException.class, () -> new Dataset("d", new int[] {1}, new float[2], new int[] {0, -1}));
        assertOneLine(e, "d: expected labels >= 0, found -1 for sample 1");
        e = assertThrows(InputException.class, () -> new Dataset("d", new int[] {2, 0}, new float[0], null));
        assertOneLine(e, "d: expected sample extents >= 1, found 2x0");
        e = assertThrows(InputException.class, () -> new Dataset("d", new int[0], new float[0], null));
        assertOneLine(e, "d: expected a sample shape with at least one extent, found none");
        e = assertThrows(InputException.class,
                () -> new Dataset("d", new int[] {3}, new float[] {0, 0, 0, 0, Float.POSITIVE_INFINITY, 0}, null));
        assertOneLine(e, "d: expected finite values, found Infinity in sample 1 at position 1");
        assertThrows(IllegalArgumentException.class, () -> new Dataset(" ", new int[] {1}, new float[1], null));
        assertThrows(NullPointerException.class, () -> new Dataset("d", null, new float[1], null));
    }
}
