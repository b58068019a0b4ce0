package io.koopcredit.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A store in RAM and one in a file give back the same doubles, whatever the shape and the way of reading. */
class ColumnStoreTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"FLOAT32, 1, 1", "FLOAT32, 7, 13", "FLOAT64, 7, 13", "FLOAT32, 300, 4", "FLOAT64, 1000, 3",
        "FLOAT32, 3, 700000"})
    void memoryAndFileStoresReadTheSameValues(Element element, int rows, int cols) {
        SplittableRandom rng = new SplittableRandom(rows * 31L + cols);
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = element == Element.FLOAT32 ? (float) rng.nextGaussian() : rng.nextGaussian();
        }
        try (Spill spill = Spill.open(tmp); MemoryColumns mem = new MemoryColumns(rows, cols, element);
             FileColumns file = spill.store(rows, cols, element, "test")) {
            // Written in uneven column runs, as a network pass writes chunks.
            for (int first = 0; first < cols; first += 5) {
                int n = Math.min(5, cols - first);
                mem.putColumns(first, values, first * rows, n);
                file.putColumns(first, values, first * rows, n);
            }
            assertArrayEquals(values, mem.toArray());
            assertArrayEquals(values, file.toArray());
            int from = rows / 3;
            int to = Math.max(from, rows - rows / 4);
            double[] a = new double[(to - from) * cols];
            double[] b = new double[(to - from) * cols];
            mem.getTile(from, to, 0, cols, a);
            file.getTile(from, to, 0, cols, b);
            assertArrayEquals(a, b);
            for (int c = 0; c < cols; c += Math.max(1, cols / 7)) {
                for (int i = from; i < to; i++) {
                    assertEquals(values[c * rows + i], a[c * (to - from) + i - from]);
                }
            }
            assertTrue(Files.exists(file.file()));
        }
    }

    @ParameterizedTest
    @CsvSource({"FLOAT32", "FLOAT64"})
    void floatInputIsKeptExactly(Element element) {
        float[] f = {1.1f, -3.5e-20f, Float.MAX_VALUE, 0f, -0f};
        try (Spill spill = Spill.open(tmp); MemoryColumns mem = new MemoryColumns(5, 1, element);
             FileColumns file = spill.store(5, 1, element, "f")) {
            mem.putColumns(0, f, 0, 1);
            file.putColumns(0, f, 0, 1);
            for (double[] got : new double[][] {mem.toArray(), file.toArray()}) {
                for (int i = 0; i < f.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(f[i]), Double.doubleToRawLongBits(got[i]));
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void closingTheSpillDeletesItsFolder(boolean closeStoreFirst) {
        Spill spill = Spill.open(tmp);
        FileColumns s = spill.store(10, 10, Element.FLOAT64, "x/y z");
        s.putColumns(0, new double[100], 0, 10);
        assertTrue(s.file().getFileName().toString().endsWith("x_y_z.bin"), "the name is made safe");
        if (closeStoreFirst) {
            s.close();
            assertFalse(Files.exists(s.file()));
        }
        spill.close();
        assertFalse(Files.exists(spill.dir()));
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void storesGoToRamWhileTheBudgetHasRoomAndReturnIt(boolean room) {
        MemoryBudget budget = MemoryBudget.of(room ? 1L << 30 : 256L << 20, 1L << 32);
        try (Stores stores = new Stores(budget, tmp)) {
            ColumnStore s = stores.create(1000, 10_000, Element.FLOAT64, "big", true);
            assertEquals(room, s.inMemory());
            assertEquals(room ? 80_000_000 : 0, budget.reserved());
            assertEquals(room ? 0 : 80_000_000, stores.spilledBytes());
            s.close();
            assertEquals(0, budget.reserved());
            assertFalse(stores.create(10, 10, Element.FLOAT32, "disk", false).inMemory());
        }
    }
}
