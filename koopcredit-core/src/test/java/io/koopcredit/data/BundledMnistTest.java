package io.koopcredit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real digits bundled in data/mnist (tests run with the repository root as working directory). */
class BundledMnistTest {

    private static final int[] TRAIN_CLASS_COUNTS = {813, 894, 807, 825, 786, 686, 811, 849, 743, 786};
    private static final int[] TEST_CLASS_COUNTS = {188, 233, 184, 207, 194, 177, 203, 221, 201, 192};

    /**
     * The first test digit (a 3) max-pooled 3x3 over rows/cols 0..26, as pixel bytes: computed outside Java
     * (Python's gzip and struct modules on the bundled file) and pasted here as the known answer.
     */
    private static final int[][] FIRST_TEST_DIGIT_POOLED = {
        {0, 0, 0, 0, 0, 0, 0, 0, 0},
        {0, 0, 0, 254, 255, 254, 254, 0, 0},
        {0, 0, 22, 254, 254, 254, 254, 0, 0},
        {0, 0, 0, 150, 254, 254, 254, 0, 0},
        {0, 0, 85, 254, 254, 254, 254, 0, 0},
        {0, 0, 5, 77, 1, 6, 254, 33, 0},
        {0, 70, 3, 0, 128, 254, 254, 0, 0},
        {108, 254, 254, 254, 254, 254, 31, 0, 0},
        {0, 0, 0, 0, 0, 0, 0, 0, 0},
    };

    private static DataSplits mnist;

    @BeforeAll
    static void load() {
        mnist = DataSource.load(DataSource.DEFAULT_DATA, Preprocessing.DEFAULT);
    }

    private static int[] classCounts(Dataset d) {
        int[] counts = new int[10];
        for (int label : d.labels().orElseThrow()) {
            counts[label]++;
        }
        return counts;
    }

    @Test
    void countsShapesAndClasses() {
        Dataset train = mnist.train().orElseThrow();
        Dataset test = mnist.test();
        assertEquals(8000, train.count());
        assertEquals(2000, test.count());
        assertArrayEquals(new int[] {1, 28, 28}, train.sampleShape());
        assertArrayEquals(new int[] {1, 28, 28}, test.sampleShape());
        assertArrayEquals(TRAIN_CLASS_COUNTS, classCounts(train));
        assertArrayEquals(TEST_CLASS_COUNTS, classCounts(test));
        assertEquals(Path.of("data/mnist/t10k-images-idx3-ubyte.gz").toString(), test.description());
    }

    @Test
    void valuesAreScaledToTheUnitInterval() {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : mnist.test().values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void firstTestDigitPooledTo9x9MatchesAMaxComputedByHand() {
        IdxImages raw = IdxReader.readImages(DataSource.DEFAULT_DATA.resolve("t10k-images-idx3-ubyte.gz"));
        assertEquals(28, raw.rows());
        Dataset pooled = Preprocessing.parse("pool=3").apply(raw, null);
        assertArrayEquals(new int[] {1, 9, 9}, pooled.sampleShape());
        float[] first = pooled.sample(0);
        for (int r = 0; r < 9; r++) {
            for (int c = 0; c < 9; c++) {
                int max = 0;
                for (int rr = 3 * r; rr < 3 * r + 3; rr++) {       // rows 0..26; row 27 is dropped
                    for (int cc = 3 * c; cc < 3 * c + 3; cc++) {   // cols 0..26; col 27 is dropped
                        max = Math.max(max, raw.pixel(0, rr, cc));
                    }
                }
                assertEquals(FIRST_TEST_DIGIT_POOLED[r][c], max, "hand max of window " + r + "," + c);
                assertEquals(max / 255f, first[r * 9 + c], "pooled window " + r + "," + c);
            }
        }
        assertEquals(3, mnist.test().label(0));
    }

    @Test
    void defaultSplitUsesTrainForFittingAndTestForHoldout() {
        SampleSplit s = mnist.split(1000, 500);
        assertEquals(1000, s.fit().count());
        assertEquals(500, s.holdout().count());
        assertArrayEquals(mnist.train().orElseThrow().sample(999), s.fit().sample(999));
        assertArrayEquals(mnist.test().sample(499), s.holdout().sample(499));
    }
}
