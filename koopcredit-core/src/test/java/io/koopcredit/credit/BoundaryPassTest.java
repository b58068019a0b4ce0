package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Network;
import io.koopcredit.model.onnx.LoadOptions;
import io.koopcredit.model.onnx.OnnxNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One boundary's statistics from its tiles ({@link BoundaryPass}): the tiles cover the boundary in
 * order (each kernel's map on its own), and the pass's R factor, cross products, norms and kernel factors
 * are those of the whole matrices (planted random activations, compared with the products formed directly).
 */
class BoundaryPassTest {
    /** Relative error of the products: sums of at most 5000 products of O(1) values, ε·(terms) ≈ 1e-12. */
    static final double PRODUCT = 1e-11;

    private static BlockPartition lenet;

    @BeforeAll
    static void load() {
        Path model = Path.of("models/lenet5-mnist.onnx");
        try (Network net = OnnxNetwork.load(Files.exists(model) ? model : Path.of("..").resolve(model),
                LoadOptions.defaults())) {
            lenet = net.partition(null);
        }
    }

    private static int width(int b) {
        return b == 0 ? lenet.block(0).nIn() : lenet.block(b - 1).nOut();
    }

    /**
     * The depth of a boundary's Gram matrix from its shapes: LeNet-5's first tile of every boundary is its
     * largest, so whether the tiles are added in turn or (tall kernels, one tile per map) each kernel's is
     * merged in turn, the deepest product meets the first tile's own additions and one per later tile.
     */
    @Test
    void theGramDepthIsTheFirstTilesAdditionsAndOnePerLaterTile() {
        for (int n : new int[] {20, 100_000, 300_000}) {
            for (int b = 0; b <= lenet.size(); b++) {
                List<BoundaryPass.Tile> tiles = BoundaryPass.tiles(lenet, b, n);
                int largest = tiles.stream().mapToInt(BoundaryPass.Tile::height).max().orElseThrow();
                assertEquals(largest, tiles.get(0).height());
                assertEquals(largest - 1L + tiles.size() - 1, BoundaryPass.gramDepth(lenet, b, n),
                        "boundary " + b + ", N = " + n + ", " + tiles.size() + " tiles");
            }
        }
    }

    @Test
    void tilesCoverEveryBoundaryInOrderAndKernelMapsOnTheirOwn() {
        for (int n : new int[] {1, 20, 700, 100_000, 300_000}) {
            for (int b = 0; b <= lenet.size(); b++) {
                List<BoundaryPass.Tile> tiles = BoundaryPass.tiles(lenet, b, n);
                int at = 0;
                for (BoundaryPass.Tile t : tiles) {
                    assertEquals(at, t.from(), "boundary " + b + ", N = " + n);
                    assertTrue(t.height() > 0 && t.height() <= ScalableOneStep.tileRows(n), t.toString());
                    at = t.to();
                }
                assertEquals(width(b), at, "boundary " + b + " covered, N = " + n);
                if (b > 0 && KernelCredit.applies(lenet.block(b - 1))) {
                    var shape = lenet.block(b - 1).outputShape();
                    int map = shape.dim(1) * shape.dim(2);
                    for (BoundaryPass.Tile t : tiles) {
                        assertEquals(t.from() / map, (t.to() - 1) / map, "a tile within one map: " + t);
                    }
                    assertEquals(n < map ? shape.dim(0) : 0, new BoundaryPass(lenet, b, n, 1).tallKernels());
                }
            }
        }
        // N = 300000: 13 rows per tile would be fewer than 16, the least.
        assertEquals(16, BoundaryPass.tiles(lenet, 0, 300_000).get(0).height());
        assertEquals(49, BoundaryPass.tiles(lenet, 0, 300_000).size());
    }

    @Test
    void statisticsAreThoseOfTheWholeMatrices() {
        int n = 30;
        int h = 7;
        SplittableRandom random = new SplittableRandom(11);
        boolean sawKernels = false;
        for (int b = 0; b <= lenet.size(); b++) {
            int w = width(b);
            double[] z = gaussian(random, w * n);
            double[] y = gaussian(random, w * h);
            BoundaryPass pass = new BoundaryPass(lenet, b, n, h);
            List<double[]> kernels = new ArrayList<>();
            for (BoundaryPass.Tile t : pass.tiles()) {
                pass.add(rows(z, w, n, t), rows(y, w, h, t), (column, square) -> {
                    assertEquals(kernels.size(), column);
                    kernels.add(square);
                });
            }
            BoundaryPass.Statistics s = pass.finish().orElseThrow();
            Matrix zm = Matrix.wrap(w, n, z);
            assertClose(Linalg.multiplyTransposeA(zm, zm), Linalg.gram(s.r()), "RᵀR = ZᵀZ, boundary " + b);
            assertClose(Linalg.multiplyTransposeA(zm, Matrix.wrap(w, h, y)), s.cross(), "ZᵀY, boundary " + b);
            for (int j = 0; j < h; j++) {
                double sq = 0;
                for (int i = 0; i < w; i++) {
                    sq += y[j * w + i] * y[j * w + i];
                }
                assertEquals(sq, s.heldNormSq()[j], PRODUCT * sq);
            }
            List<ScalableOneStep.Rows> maps = pass.kernels();
            assertEquals(maps.size(), s.kernelColumn().length);
            assertEquals(pass.tallKernels(), kernels.size());
            for (int k = 0; k < maps.size(); k++) {
                ScalableOneStep.Rows r = maps.get(k);
                int column = s.kernelColumn()[k];
                assertEquals(r.height() > n, column >= 0, "map " + k + " of " + r.height() + " rows");
                if (column >= 0) {
                    sawKernels = true;
                    Matrix map = Matrix.wrap(r.height(), n, rows(z, w, n, new BoundaryPass.Tile(r.from(), r.to())));
                    assertClose(Linalg.multiplyTransposeA(map, map), Linalg.gram(Matrix.wrap(n, n,
                            kernels.get(column))), "a kernel's own factor, boundary " + b + " map " + k);
                }
            }
        }
        assertTrue(sawKernels, "LeNet-5 with N = 30 has feature maps taller than N");
    }

    /** The statistics of one pass over planted activations: CholeskyQR with its fallback, or TSQR alone. */
    private static BoundaryPass.Statistics run(int b, double[] z, double[] y, int n, int h, BoundaryPass.Method method,
                                               List<double[]> kernels) {
        int w = width(b);
        BoundaryPass pass = new BoundaryPass(lenet, b, n, h, method);
        BoundaryPass.KernelSink sink = (column, square) -> {
            while (kernels.size() <= column) {
                kernels.add(null);
            }
            kernels.set(column, square);
        };
        for (BoundaryPass.Tile t : pass.tiles()) {
            pass.add(rows(z, w, n, t), rows(y, w, h, t), sink);
        }
        BoundaryPass.Statistics s = pass.finish().orElse(null);
        if (s == null) {
            BoundaryPass again = pass.fallback();
            for (BoundaryPass.Tile t : again.tiles()) {
                again.add(rows(z, w, n, t), new double[0], sink);
            }
            s = again.finish().orElseThrow();
            assertThrows(IllegalStateException.class, again::fallback, "no fallback of a fallback");
        }
        return s;
    }

    /**
     * A refused CholeskyQR (two identical samples: ZᵀZ singular; or one kernel's map of rank one, which
     * refuses that kernel's own factor while the boundary's is fine) falls back to the Householder fold over
     * the same tiles: the R factors, kernel factors, cross products and norms are the bits of a pass that
     * never tried the Gram matrix. Where it is accepted, R is upper triangular with a positive diagonal and
     * RᵀR = ZᵀZ.
     */
    @Test
    void aRefusedCholeskyQrGivesTodaysBitsAndAnAcceptedOneTheSameGram() {
        int n = 30;
        int h = 5;
        SplittableRandom random = new SplittableRandom(23);
        int refusedKernels = 0;
        for (int b = 0; b <= lenet.size(); b++) {
            int w = width(b);
            boolean tall = new BoundaryPass(lenet, b, n, h).tallKernels() > 0;
            for (int plant = 0; plant < (tall ? 3 : 2); plant++) {
                double[] z = gaussian(random, w * n);
                double[] y = gaussian(random, w * h);
                List<BoundaryPass.Tile> tiles = BoundaryPass.tiles(lenet, b, n);
                if (plant == 1) {
                    // sample 1 = sample 0
                    System.arraycopy(z, 0, z, w, w);
                } else if (plant == 2) {
                    // the first map's rows of rank one: every sample a multiple of sample 0 there
                    BoundaryPass.Tile first = tiles.get(0);
                    for (int j = 1; j < n; j++) {
                        for (int i = first.from(); i < first.to(); i++) {
                            z[j * w + i] = (j + 1) * z[i];
                        }
                    }
                }
                List<double[]> viaGram = new ArrayList<>();
                List<double[]> today = new ArrayList<>();
                BoundaryPass.Statistics s = run(b, z, y, n, h, BoundaryPass.Method.CHOLESKY_QR, viaGram);
                BoundaryPass.Statistics t = run(b, z, y, n, h, BoundaryPass.Method.TSQR, today);
                String where = "boundary " + b + ", plant " + plant + ": " + s.method();
                // today's fold itself: RᵀR = ZᵀZ, and each tall kernel's factor that of its map's rows
                Matrix zm = Matrix.wrap(w, n, z);
                assertClose(Linalg.multiplyTransposeA(zm, zm), Linalg.gram(t.r()), "TSQR, " + where);
                List<ScalableOneStep.Rows> maps = new BoundaryPass(lenet, b, n, h).kernels();
                for (int k = 0; k < maps.size(); k++) {
                    ScalableOneStep.Rows r = maps.get(k);
                    if (t.kernelColumn()[k] >= 0) {
                        Matrix map = Matrix.wrap(r.height(), n, rows(z, w, n, new BoundaryPass.Tile(r.from(), r.to())));
                        assertClose(Linalg.multiplyTransposeA(map, map), Linalg.gram(Matrix.wrap(n, n,
                                today.get(t.kernelColumn()[k]))), "TSQR, " + where + ", kernel " + k);
                    }
                }
                assertArrayEquals(t.cross().toColumnMajor(), s.cross().toColumnMajor(), where);
                assertArrayEquals(t.heldNormSq(), s.heldNormSq(), where);
                assertArrayEquals(t.kernelColumn(), s.kernelColumn(), where);
                assertEquals(today.size(), viaGram.size(), where);
                boolean refuse = w < n || plant > 0;
                assertEquals(refuse, s.method().startsWith("TSQR"), where);
                assertEquals("TSQR", t.method());
                if (refuse) {
                    assertArrayEquals(t.r().toColumnMajor(), s.r().toColumnMajor(), where);
                    for (int k = 0; k < today.size(); k++) {
                        assertArrayEquals(today.get(k), viaGram.get(k), where + ", kernel " + k);
                    }
                    assertTrue(s.method().contains(w < n ? "not tried" : "refused"), where);
                    if (plant == 2) {
                        refusedKernels++;
                        assertTrue(s.method().contains("kernel 0"), where);
                    }
                } else {
                    assertTrue(s.method().startsWith("Cholesky QR"), where);
                    assertTrue(s.method().contains(" summed at depth " + BoundaryPass.gramDepth(lenet, b, n) + ","), where);
                    assertClose(Linalg.multiplyTransposeA(zm, zm), Linalg.gram(s.r()), where);
                    for (int i = 0; i < n; i++) {
                        assertTrue(s.r().get(i, i) > 0, where);
                        for (int j = 0; j < i; j++) {
                            assertEquals(0.0, s.r().get(i, j), where);
                        }
                    }
                    for (int k = 0; k < today.size(); k++) {
                        assertClose(Linalg.gram(Matrix.wrap(n, n, today.get(k))), Linalg.gram(Matrix.wrap(n, n,
                                viaGram.get(k))), where + ", kernel " + k);
                    }
                }
            }
        }
        assertTrue(refusedKernels > 0, "LeNet-5 with N = 30 has a boundary of tall kernels");
    }

    /**
     * The single-machine path ({@code ScalableOneStep.factor}) reads a refused boundary's tiles again from its
     * stores, in RAM or in spill files, and gets the bits of the Householder fold, kernels' factors included.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void theStoresAreReadAgainForAFallback(boolean inMemory, @org.junit.jupiter.api.io.TempDir Path tmp) {
        int n = 30;
        int h = 4;
        int b = 1;
        int w = width(b);
        SplittableRandom random = new SplittableRandom(5);
        double[] z = gaussian(random, w * n);
        System.arraycopy(z, 0, z, 3 * w, w);
        double[] y = gaussian(random, w * h);
        try (io.koopcredit.store.Stores stores = new io.koopcredit.store.Stores(
                io.koopcredit.store.MemoryBudget.of(inMemory ? 1L << 30 : 256L << 20, 1L << 32), tmp)) {
            io.koopcredit.store.ColumnStore zs = stores.create(w, n, io.koopcredit.store.Element.FLOAT64, "z", inMemory);
            io.koopcredit.store.ColumnStore ys = stores.create(w, h, io.koopcredit.store.Element.FLOAT64, "y", inMemory);
            zs.putColumns(0, z, 0, n);
            ys.putColumns(0, y, 0, h);
            try (ScalableOneStep.BoundaryFactor f = ScalableOneStep.factor(zs, ys, new BoundaryPass(lenet, b, n, h), n,
                    stores, "g");
                 ScalableOneStep.BoundaryFactor t = ScalableOneStep.factor(zs, ys, new BoundaryPass(lenet, b, n, h,
                         BoundaryPass.Method.TSQR), n, stores, "t")) {
                assertTrue(f.method().startsWith("TSQR (Cholesky QR refused"), f.method());
                assertArrayEquals(t.r().toColumnMajor(), f.r().toColumnMajor());
                assertArrayEquals(t.cross().toColumnMajor(), f.cross().toColumnMajor());
                assertArrayEquals(t.heldNormSq(), f.heldNormSq());
                assertArrayEquals(t.kernelColumn(), f.kernelColumn());
                int cols = t.kernelR().cols();
                assertTrue(cols > 0, "boundary 1 of LeNet-5 with N = 30 has tall kernels");
                double[] a = new double[n * cols];
                double[] c = new double[n * cols];
                t.kernelR().getColumns(0, cols, a, 0);
                f.kernelR().getColumns(0, cols, c, 0);
                assertArrayEquals(a, c);
            }
            zs.close();
            ys.close();
        }
    }

    @Test
    void onlyARefusedPassFallsBack() {
        int n = 4;
        BoundaryPass pass = new BoundaryPass(lenet, 0, n, 1);
        assertThrows(IllegalStateException.class, pass::fallback, "not finished");
        SplittableRandom random = new SplittableRandom(2);
        for (BoundaryPass.Tile t : pass.tiles()) {
            pass.add(gaussian(random, t.height() * n), gaussian(random, t.height()), (c, sq) -> { });
        }
        assertTrue(pass.finish().isPresent());
        assertThrows(IllegalStateException.class, pass::fallback, "accepted");
        assertThrows(IllegalStateException.class, () -> pass.withFactor(Matrix.zeros(0, n)), "accepted");
        BoundaryPass only = BoundaryPass.factorsOnly(lenet, 0, n, 1);
        for (BoundaryPass.Tile t : only.tiles()) {
            only.add(gaussian(random, t.height() * n), new double[0], (c, sq) -> { });
        }
        BoundaryPass.Statistics s = only.finish().orElseThrow();
        assertEquals(0, s.cross().cols());
        assertEquals(n, s.r().rows());
    }

    @Test
    void tilesOutOfTurnAreRefused() {
        BoundaryPass pass = new BoundaryPass(lenet, 0, 5, 2);
        BoundaryPass.KernelSink none = (c, s) -> {
            throw new AssertionError("no kernels at the input");
        };
        assertThrows(IllegalStateException.class, pass::finish);
        BoundaryPass.Tile t = pass.tiles().get(0);
        assertThrows(IllegalArgumentException.class, () -> pass.add(new double[t.height() * 5 - 1],
                new double[t.height() * 2], none));
        assertThrows(IllegalArgumentException.class, () -> pass.add(new double[t.height() * 5],
                new double[t.height() * 2 + 1], none));
        pass.add(new double[t.height() * 5], new double[t.height() * 2], none);
        assertEquals(1, pass.tiles().size());
        assertThrows(IllegalStateException.class, () -> pass.add(new double[t.height() * 5],
                new double[t.height() * 2], none));
        // (all zero: the Gram matrix is refused, and the statistics wait for another R factor)
        assertTrue(pass.finish().isEmpty());
        BoundaryPass.Statistics s = pass.withFactor(Matrix.zeros(0, 5));
        assertArrayEquals(new double[2], s.heldNormSq());
        assertTrue(s.method().startsWith("TSQR (Cholesky QR refused"), s.method());
    }

    @Test
    void statisticsThatDoNotFitTogetherAreRefused() {
        Matrix r = Matrix.zeros(4, 4);
        new BoundaryPass.Statistics(r, Matrix.zeros(4, 2), new double[2], new int[0], "TSQR");
        assertThrows(IllegalArgumentException.class, () -> new BoundaryPass.Statistics(r, Matrix.zeros(3, 2),
                new double[2], new int[0], "TSQR"));
        assertThrows(IllegalArgumentException.class, () -> new BoundaryPass.Statistics(r, Matrix.zeros(4, 2),
                new double[3], new int[0], "TSQR"));
        assertThrows(NullPointerException.class, () -> new BoundaryPass.Statistics(null, Matrix.zeros(4, 2),
                new double[2], new int[0], "TSQR"));
    }

    private static double[] gaussian(SplittableRandom random, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = random.nextDouble(-1, 1);
        }
        return v;
    }

    /** Rows t of a column-major width × cols matrix, column-major. */
    private static double[] rows(double[] a, int width, int cols, BoundaryPass.Tile t) {
        double[] out = new double[t.height() * cols];
        for (int j = 0; j < cols; j++) {
            System.arraycopy(a, j * width + t.from(), out, j * t.height(), t.height());
        }
        return out;
    }

    private static void assertClose(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.rows(), actual.rows(), what);
        assertEquals(expected.cols(), actual.cols(), what);
        double scale = 0;
        for (double v : expected.toColumnMajor()) {
            scale = Math.max(scale, Math.abs(v));
        }
        double[] e = expected.toColumnMajor();
        double[] a = actual.toColumnMajor();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], PRODUCT * scale, what + " at " + i);
        }
    }
}
