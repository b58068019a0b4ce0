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
            BoundaryPass.Statistics s = pass.finish();
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
        assertArrayEquals(new double[2], pass.finish().heldNormSq());
    }

    @Test
    void statisticsThatDoNotFitTogetherAreRefused() {
        Matrix r = Matrix.zeros(4, 4);
        new BoundaryPass.Statistics(r, Matrix.zeros(4, 2), new double[2], new int[0]);
        assertThrows(IllegalArgumentException.class, () -> new BoundaryPass.Statistics(r, Matrix.zeros(3, 2),
                new double[2], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new BoundaryPass.Statistics(r, Matrix.zeros(4, 2),
                new double[3], new int[0]));
        assertThrows(NullPointerException.class, () -> new BoundaryPass.Statistics(null, Matrix.zeros(4, 2),
                new double[2], new int[0]));
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
