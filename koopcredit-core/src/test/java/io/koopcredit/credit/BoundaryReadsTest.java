package io.koopcredit.credit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.store.ColumnStore;
import io.koopcredit.store.Element;
import io.koopcredit.store.MemoryColumns;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Gram form's second stage ({@link BoundaryReads}): whoever feeds a boundary's rows, in whatever pieces,
 * the answer is the same bits as the single-machine path's reads from its stores, and it is right (kernel
 * singular values and direct errors against plain loops).
 */
class BoundaryReadsTest {
    private static final int WIDTH = 23;
    private static final int N = 6;
    private static final int H = 5;
    /** The block's input width, for the kernels' credits (kernels × NIN operators). */
    private static final int NIN = 9;
    /** Plain loops against BLAS: rounding of a few products of O(1) values. */
    private static final double LOOPS = 1e-12;

    private static double[] random(Random rnd, int count) {
        double[] v = new double[count];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }

    private static ColumnStore store(int rows, int cols, double[] values) {
        MemoryColumns s = new MemoryColumns(rows, cols, Element.FLOAT64);
        s.putColumns(0, values, 0, cols);
        return s;
    }

    /** Rows {@code from..to-1} of a rows × cols column-major matrix. */
    private static double[] rows(double[] m, int rows, int cols, int from, int to) {
        double[] out = new double[(to - from) * cols];
        for (int j = 0; j < cols; j++) {
            System.arraycopy(m, j * rows + from, out, j * (to - from), to - from);
        }
        return out;
    }

    private static BoundaryReads.Request request(Random rnd, int[] kernels, int[] samples) {
        int r = 3;
        return new BoundaryReads.Request(4, WIDTH, N, kernels, kernels.length == 0 ? new double[0]
                : random(rnd, N * r), kernels.length == 0 ? 0 : r, false, NIN, CreditTolerance.DOUBLE, samples,
                random(rnd, N * samples.length));
    }

    /** Feeds the reader the rows in pieces of the given heights (the rest in one piece). */
    private static BoundaryReads.Answer fed(BoundaryReads.Request q, double[] z, double[] y, int step, int... cuts) {
        BoundaryReads.Reader reader = new BoundaryReads.Reader(q, step);
        int from = 0;
        for (int c : cuts) {
            reader.add(from, from + c, rows(z, WIDTH, N, from, from + c), BoundaryReads.chosenColumns(
                    rows(y, WIDTH, H, from, from + c), c, q.samples()));
            from += c;
        }
        reader.add(from, WIDTH, rows(z, WIDTH, N, from, WIDTH), BoundaryReads.chosenColumns(rows(y, WIDTH, H, from,
                WIDTH), WIDTH - from, q.samples()));
        return reader.finish();
    }

    @Test
    void piecesOfAnyHeightGiveTheStoresBits() {
        Random rnd = new Random(11);
        double[] z = random(rnd, WIDTH * N);
        double[] y = random(rnd, WIDTH * H);
        BoundaryReads.Request q = request(rnd, new int[] {0, 4, 4, 10, 15, 21}, new int[] {1, 3, 4});
        for (int step : new int[] {5, 7, 23, 64}) {
            BoundaryReads.Answer local = BoundaryReads.read(q, store(WIDTH, N, z), store(WIDTH, H, y), step);
            for (int[] cuts : new int[][] {{}, {1}, {3, 3, 3}, {4, 6, 5, 6}, {22}, {2, 9, 1, 1}}) {
                BoundaryReads.Answer a = fed(q, z, y, step, cuts);
                assertEquals(4, a.boundary());
                for (int k = 0; k < 3; k++) {
                    assertEquals(local.kernels().get(k), a.kernels().get(k), "kernel " + k + ", step " + step);
                }
                assertArrayEquals(local.directSumSq(), a.directSumSq(), "step " + step);
            }
        }
    }

    @Test
    void theAnswersAreTheKernelsSingularValuesAndTheSquaredErrors() {
        Random rnd = new Random(12);
        double[] z = random(rnd, WIDTH * N);
        double[] y = random(rnd, WIDTH * H);
        int[] kernels = {2, 8, 9, 15};
        int[] samples = {0, 2};
        BoundaryReads.Request q = request(rnd, kernels, samples);
        BoundaryReads.Answer a = fed(q, z, y, 5, 3, 7);
        Matrix am = Matrix.wrap(N, 3, q.a());
        for (int k = 0; k < 2; k++) {
            int from = kernels[2 * k];
            int to = kernels[2 * k + 1];
            double[] expected = Linalg.singularValues(Linalg.multiply(Matrix.wrap(to - from, N, rows(z, WIDTH, N, from,
                    to)), am));
            BlockCredit want = BlockCredit.ofSingularValues(expected, to - from, NIN, CreditTolerance.DOUBLE)
                    .orElseThrow();
            BlockCredit got = a.kernels().get(k).orElseThrow();
            assertEquals(want.rank(), got.rank(), "kernel " + k);
            assertEquals(want.logCredit(), got.logCredit(), LOOPS * (1 + Math.abs(want.logCredit())), "kernel " + k);
        }
        for (int s = 0; s < samples.length; s++) {
            double sum = 0;
            for (int i = 0; i < WIDTH; i++) {
                double p = 0;
                for (int j = 0; j < N; j++) {
                    p += z[j * WIDTH + i] * q.c()[s * N + j];
                }
                double d = p - y[samples[s] * WIDTH + i];
                sum += d * d;
            }
            assertEquals(sum, a.directSumSq()[s], LOOPS * sum, "sample " + samples[s]);
        }
        assertEquals(Double.BYTES * (q.a().length + q.c().length) + Integer.BYTES * 6L, q.bytes());
        assertEquals(2, q.kernels());
    }

    /** Kernels whose rows join on are read together up to a step's rows; a gap or the step ends a run. */
    @Test
    void adjoiningKernelsAreReadTogetherWithinAStep() {
        int[] kr = {0, 4, 4, 10, 10, 15, 17, 21};
        assertEquals(4, BoundaryReads.lastOfRun(kr, 0, 23), "0..15, then a gap");
        assertEquals(4, BoundaryReads.lastOfRun(kr, 0, 15), "15 rows fit a step of 15");
        assertEquals(2, BoundaryReads.lastOfRun(kr, 0, 14));
        assertEquals(2, BoundaryReads.lastOfRun(kr, 0, 10));
        assertEquals(0, BoundaryReads.lastOfRun(kr, 0, 9));
        assertEquals(0, BoundaryReads.lastOfRun(kr, 0, 1), "a kernel taller than the step is read alone");
        assertEquals(4, BoundaryReads.lastOfRun(kr, 2, 11));
        assertEquals(2, BoundaryReads.lastOfRun(kr, 2, 10));
        assertEquals(6, BoundaryReads.lastOfRun(kr, 6, 100), "the last kernel");
        Random rnd = new Random(15);
        double[] z = random(rnd, WIDTH * N);
        BoundaryReads.Request q = request(rnd, kr, new int[0]);
        BoundaryReads.Reader reader = new BoundaryReads.Reader(q);
        for (int k = 0; k < kr.length; k += 2) {
            reader.add(kr[k], kr[k + 1], rows(z, WIDTH, N, kr[k], kr[k + 1]), new double[0]);
        }
        BoundaryReads.Answer one = reader.finish();
        for (int step : new int[] {1, 9, 10, 15, 23}) {
            BoundaryReads.Answer a = BoundaryReads.read(q, store(WIDTH, N, z), store(WIDTH, H, random(rnd, WIDTH * H)),
                    step);
            for (int k = 0; k < 4; k++) {
                assertEquals(one.kernels().get(k), a.kernels().get(k), "kernel " + k + ", step " + step);
            }
        }
    }

    /** Without samples, only the kernels' rows are needed: the stores' path reads those alone. */
    @Test
    void kernelsAloneMaySkipRows() {
        Random rnd = new Random(13);
        double[] z = random(rnd, WIDTH * N);
        BoundaryReads.Request q = request(rnd, new int[] {3, 7, 12, 18}, new int[0]);
        BoundaryReads.Answer local = BoundaryReads.read(q, store(WIDTH, N, z), store(WIDTH, H, random(rnd,
                WIDTH * H)));
        BoundaryReads.Reader reader = new BoundaryReads.Reader(q);
        reader.add(3, 7, rows(z, WIDTH, N, 3, 7), new double[0]);
        reader.add(12, 18, rows(z, WIDTH, N, 12, 18), new double[0]);
        BoundaryReads.Answer a = reader.finish();
        assertEquals(local.kernels().get(0), a.kernels().get(0));
        assertEquals(local.kernels().get(1), a.kernels().get(1));
        assertEquals(0, a.directSumSq().length);
    }

    @Test
    void missingOrDisorderedRowsAreRefused() {
        Random rnd = new Random(14);
        double[] z = random(rnd, WIDTH * N);
        BoundaryReads.Request kernelsOnly = request(rnd, new int[] {3, 7, 12, 18}, new int[0]);
        BoundaryReads.Reader r1 = new BoundaryReads.Reader(kernelsOnly);
        r1.add(3, 7, rows(z, WIDTH, N, 3, 7), new double[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class, r1::finish);
        assertTrue(e.getMessage().contains("expected 2 kernels") && e.getMessage().contains("found 1 kernels"),
                e.getMessage());
        IllegalArgumentException back = assertThrows(IllegalArgumentException.class, () -> r1.add(5, 8,
                rows(z, WIDTH, N, 5, 8), new double[0]));
        assertTrue(back.getMessage().contains("expected rows from 7"), back.getMessage());

        BoundaryReads.Request withSamples = request(rnd, new int[0], new int[] {2});
        BoundaryReads.Reader r2 = new BoundaryReads.Reader(withSamples);
        assertThrows(IllegalArgumentException.class, () -> r2.add(1, 4, rows(z, WIDTH, N, 1, 4), new double[3]),
                "a gap before the first row");
        r2.add(0, 4, rows(z, WIDTH, N, 0, 4), new double[4]);
        assertThrows(IllegalArgumentException.class, () -> r2.add(4, 6, rows(z, WIDTH, N, 4, 6), new double[3]),
                "held-out values of the wrong size");
        assertThrows(IllegalArgumentException.class, () -> r2.add(4, 24, new double[20 * N], new double[20]),
                "rows beyond the width");
        IllegalStateException short2 = assertThrows(IllegalStateException.class, r2::finish);
        assertTrue(short2.getMessage().contains("rows up to 23 for the direct errors, found 0 kernels and rows up to 0"),
                short2.getMessage());
    }

    @Test
    void malformedRequestsAreRefused() {
        double[] a = new double[N * 2];
        assertThrows(IllegalArgumentException.class, () -> new BoundaryReads.Request(1, WIDTH, N, new int[] {0}, a, 2, false,
                NIN, CreditTolerance.DOUBLE, new int[0], new double[0]), "an odd number of row bounds");
        assertThrows(IllegalArgumentException.class, () -> new BoundaryReads.Request(1, WIDTH, N, new int[] {0, 4}, a,
                3, false, NIN, CreditTolerance.DOUBLE, new int[0], new double[0]), "A of the wrong size");
        assertThrows(IllegalArgumentException.class, () -> new BoundaryReads.Request(1, WIDTH, N, new int[] {0, 4},
                new double[0], 0, false, NIN, CreditTolerance.DOUBLE, new int[0], new double[0]), "kernels without A");
        assertThrows(IllegalArgumentException.class, () -> new BoundaryReads.Request(1, WIDTH, N, new int[0], a, 2, false,
                NIN, CreditTolerance.DOUBLE, new int[] {1}, new double[N - 1]), "c of the wrong size");
        assertThrows(IllegalArgumentException.class, () -> new BoundaryReads.Request(1, WIDTH, N, new int[] {0, 7}, a,
                2, false, NIN, CreditTolerance.DOUBLE, new int[0], new double[0]), "a kernel of more than N rows");
        assertThrows(IllegalArgumentException.class, () -> new BoundaryReads.Request(1, WIDTH, N, new int[] {4, 8, 6,
            9}, a, 2, false, NIN, CreditTolerance.DOUBLE, new int[0], new double[0]), "overlapping kernels");
        assertThrows(IllegalArgumentException.class, () -> new BoundaryReads.Request(1, WIDTH, N, new int[] {20, 24},
                a, 2, false, NIN, CreditTolerance.DOUBLE, new int[0], new double[0]), "a kernel beyond the width");
        assertThrows(IllegalArgumentException.class, () -> new BoundaryReads.Request(1, WIDTH, N, new int[] {3, 3}, a,
                2, false, NIN, CreditTolerance.DOUBLE, new int[0], new double[0]), "an empty kernel");
        assertThrows(IllegalArgumentException.class, () -> new BoundaryReads.Request(1, WIDTH, N, new int[] {-1, 3}, a,
                2, false, NIN, CreditTolerance.DOUBLE, new int[0], new double[0]), "a negative row");
        assertEquals(1, new BoundaryReads.Request(1, WIDTH, N, new int[] {0, 6}, a, 2, false, NIN,
                CreditTolerance.DOUBLE, new int[0], new double[0]).kernels(), "a kernel of exactly N rows from row 0 is fine");
        assertThrows(IllegalArgumentException.class, () -> new BoundaryReads.Request(1, WIDTH, N, new int[] {0, 6}, a,
                2, false, NIN, CreditTolerance.DATA, new int[0], new double[0]), "an unresolved tolerance");
        assertThrows(IllegalArgumentException.class, () -> new BoundaryReads.Request(1, WIDTH, N, new int[] {0, 6}, a,
                2, true, NIN, CreditTolerance.FLOAT32, new int[0], new double[0]), "a triangular A that is not N × N");
        assertEquals(true, new BoundaryReads.Request(1, WIDTH, N, new int[] {0, 6}, new double[N * N], N, true, NIN,
                CreditTolerance.FLOAT32, new int[0], new double[0]).triangular());
    }

    /**
     * Rows that are zero for every sample are set aside before a kernel's product: the credit is that of the
     * SVD of the whole product (zero rows give zero singular values), the Cholesky proof holds where only
     * those rows made the Gram matrix singular, and the flops counted are those of the kept rows; a kernel
     * whose rows are all zero has no credit and costs nothing.
     */
    @Test
    void rowsZeroForEverySampleAreSetAsideAndTheKeptRowsWorkCounted() {
        Random rnd = new Random(16);
        int n = 8;
        int width = 18;
        // kernel 0: rows 0..7 with rows 1, 4 and 5 zero (5 kept); kernel 1: rows 8..12 all zero; kernel 2:
        // rows 13..17, none zero
        double[] z = random(rnd, width * n);
        for (int j = 0; j < n; j++) {
            for (int row : new int[] {1, 4, 5, 8, 9, 10, 11, 12}) {
                z[j * width + row] = j == 3 && row == 5 ? -0.0 : 0.0;
            }
        }
        // A = R⁻¹ of a well-conditioned R: the full-rank shortcut's triangular A
        double[] rInv = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                rInv[j * n + i] = i == j ? 1.5 + 0.1 * i : 0.2 * rnd.nextGaussian();
            }
        }
        int[] kernels = {0, 8, 8, 13, 13, 18};
        BoundaryReads.Request q = new BoundaryReads.Request(2, width, n, kernels, rInv, n, true, NIN,
                CreditTolerance.DOUBLE, new int[0], new double[0]);
        BoundaryReads.Answer a = BoundaryReads.read(q, store(width, n, z), store(width, H, random(rnd, width * H)));
        Matrix am = Matrix.wrap(n, n, rInv);
        int[] kept = {5, 0, 5};
        for (int k = 0; k < 3; k++) {
            int from = kernels[2 * k];
            int to = kernels[2 * k + 1];
            double[] s = Linalg.singularValues(Linalg.multiply(Matrix.wrap(to - from, n, rows(z, width, n, from, to)),
                    am));
            java.util.Optional<BlockCredit> want = BlockCredit.ofSingularValues(s, to - from, NIN,
                    CreditTolerance.DOUBLE);
            java.util.Optional<BlockCredit> got = a.kernels().get(k);
            assertEquals(want.isPresent(), got.isPresent(), "kernel " + k);
            if (want.isPresent()) {
                assertEquals(kept[k], want.orElseThrow().rank(), "kernel " + k + ": the planted rank");
                assertEquals(want.orElseThrow().rank(), got.orElseThrow().rank(), "kernel " + k);
                assertEquals(want.orElseThrow().logCredit(), got.orElseThrow().logCredit(),
                        LOOPS * (1 + Math.abs(want.orElseThrow().logCredit())), "kernel " + k);
            }
        }
        // counted: 5 kept rows twice, each c·N² + c²·N + 2c³/3 (c < N); the zero kernel nothing
        double expected = 0;
        for (int c : new int[] {5, 5}) {
            expected += (double) c * n * n + (double) c * c * n + 2.0 * c * c * c / 3;
        }
        assertEquals(expected, a.kernels().flops(), 1e-9 * expected);
        assertEquals(2 * ScalableOneStep.creditFlops(5, n, n, true),
                a.kernels().flops(), 1e-9 * expected);
        // without zero rows, the rows' own matrix is used as it is: the same bits as the plain credit
        Matrix full = Matrix.wrap(5, n, rows(z, width, n, 13, 18));
        assertTrue(full.withoutZeroRows() == full);
        assertEquals(ScalableOneStep.credit(full, am, true, 5, NIN, CreditTolerance.DOUBLE), a.kernels().get(2));
    }

    @Test
    void theWorkOfEveryCreditIsCountedAsDone() {
        assertEquals(0, ScalableOneStep.creditFlops(0, 10, 10, true));
        assertEquals(0, ScalableOneStep.creditFlops(4, 10, 0, false));
        // triangular: c·N² + c²·N + 2c³/3 with c = 4 ≤ N = 10
        assertEquals(4 * 100 + 16 * 10 + 2.0 * 64 / 3, ScalableOneStep.creditFlops(4, 10, 10, true), 1e-9);
        // general A of r = 3 columns: 2·c·N·r, then the r × r Gram matrix of the c × r product (q = 3)
        assertEquals(2.0 * 4 * 10 * 3 + 9 * 4 + 2.0 * 27 / 3, ScalableOneStep.creditFlops(4, 10, 3, false), 1e-9);
        // dgesdd's values: the bidiagonalisation 4·l·k² − 4k³/3, or a QR first from l ≥ 11k/6
        assertEquals(4.0 * 8 * 25 - 4.0 * 125 / 3, ScalableOneStep.svdFlops(5, 8), 1e-9);
        assertEquals(4.0 * 8 * 25 - 4.0 * 125 / 3, ScalableOneStep.svdFlops(8, 5), 1e-9);
        assertEquals(2.0 * 8 * 4 + 2.0 * 8, ScalableOneStep.svdFlops(2, 8), 1e-9, "8 ≥ INT(2·11/6) = 3");
        // Proofs that fail (two equal rows: a singular Gram matrix, a singular factor) count the product and
        // Gram matrix, not the Cholesky factorisations, the LQ factor and its inverse, then the product again,
        // the eigenvalues' Gram matrix and 4q³/3, and the SVD.
        Random rnd = new Random(17);
        int n = 6;
        double[] f = random(rnd, 3 * n);
        for (int j = 0; j < n; j++) {
            f[j * 3 + 2] = f[j * 3];
        }
        Matrix a = Matrix.identity(n);
        java.util.concurrent.atomic.DoubleAdder counted = new java.util.concurrent.atomic.DoubleAdder();
        BlockCredit got = ScalableOneStep.credit(Matrix.wrap(3, n, f), a, true, 3, NIN, CreditTolerance.DOUBLE,
                counted::add).orElseThrow();
        assertEquals(2, got.rank(), "two equal rows: rank 2");
        double product = 3.0 * n * n;
        double gram = 9.0 * n;
        double lq = 2.0 * n * 9 - 2.0 * 27 / 3 + 27.0 / 3;
        assertEquals(lq, ScalableOneStep.factorFlops(3, n, false), 1e-9);
        assertEquals(27.0 / 3, ScalableOneStep.factorFlops(3, 3, true), 1e-9, "a triangular P: its inverse alone");
        assertEquals(product + gram + lq + product + gram + 4.0 * 27 / 3 + ScalableOneStep.svdFlops(3, n),
                counted.sum(), 1e-9);
        // rows far apart in scale (condition 10⁵): the Gram proof fails, the factor's holds; no SVD
        double[] scaled = random(rnd, 3 * n);
        for (int j = 0; j < n; j++) {
            scaled[j * 3 + 2] *= 1e-5;
        }
        java.util.concurrent.atomic.DoubleAdder byFactor = new java.util.concurrent.atomic.DoubleAdder();
        BlockCredit factored = ScalableOneStep.credit(Matrix.wrap(3, n, scaled), a, true, 3, NIN,
                CreditTolerance.FLOAT32, byFactor::add).orElseThrow();
        assertEquals(product + gram + lq, byFactor.sum(), 1e-9);
        BlockCredit bySvd = BlockCredit.ofSingularValues(Linalg.singularValues(Matrix.wrap(3, n, scaled)), 3, NIN,
                CreditTolerance.FLOAT32).orElseThrow();
        assertEquals(bySvd.rank(), factored.rank());
        assertEquals(bySvd.logCredit(), factored.logCredit(), 1e-9);
        // a triangular factor times a triangular A: the product and the inverse, no Gram matrix
        double[] t = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                t[i + j * n] = i == j ? 1.0 + j : 0.1 * rnd.nextGaussian();
            }
        }
        java.util.concurrent.atomic.DoubleAdder byTriangle = new java.util.concurrent.atomic.DoubleAdder();
        BlockCredit triangle = ScalableOneStep.credit(Matrix.wrap(n, n, t), a, true, 100, NIN,
                CreditTolerance.FLOAT32, byTriangle::add).orElseThrow();
        assertEquals((double) n * n * n + ScalableOneStep.factorFlops(n, n, true), byTriangle.sum(), 1e-9);
        double logDiag = 0;
        for (int j = 0; j < n; j++) {
            logDiag += Math.log(1.0 + j);
        }
        assertEquals(logDiag, triangle.logCredit(), 1e-12);
        assertEquals(n, triangle.rank());
        java.util.concurrent.atomic.DoubleAdder proved = new java.util.concurrent.atomic.DoubleAdder();
        ScalableOneStep.credit(Matrix.wrap(3, n, random(rnd, 3 * n)), a, true, 3, NIN, CreditTolerance.DOUBLE,
                proved::add).orElseThrow();
        assertEquals(ScalableOneStep.creditFlops(3, n, n, true), proved.sum(), 1e-9, "a proof that holds");
        KernelCredits c = new KernelCredits(1);
        c.addFlops(2.5);
        c.addFlops(0);
        assertEquals(2.5, c.flops());
        assertThrows(IllegalArgumentException.class, () -> c.addFlops(-1));
        assertThrows(IllegalArgumentException.class, () -> c.addFlops(Double.NaN));
    }

    @Test
    void kernelCreditsAreSetOnceAndReadAsTheyWereSet() {
        KernelCredits c = new KernelCredits(3);
        assertEquals(3, c.size());
        assertThrows(IllegalStateException.class, () -> c.get(0), "never set");
        assertEquals(false, c.complete());
        BlockCredit planted = BlockCredit.ofSingularValues(new double[] {4.0, 0.5}, 2, 5, CreditTolerance.DOUBLE)
                .orElseThrow();
        c.set(0, java.util.Optional.of(planted));
        c.set(1, java.util.Optional.empty());
        assertThrows(IllegalStateException.class, () -> c.set(1, java.util.Optional.of(planted)), "set twice");
        c.set(2, java.util.Optional.of(planted));
        assertEquals(true, c.complete());
        assertEquals(planted, c.get(0).orElseThrow(), "log BC, rank and log BC / rank, the same bits");
        assertEquals(java.util.Optional.empty(), c.get(1));
        assertThrows(IllegalArgumentException.class, () -> new KernelCredits(-1));
        KernelCredits partial = new KernelCredits(1);
        assertThrows(IllegalArgumentException.class, () -> new BoundaryReads.Answer(1, partial, new double[0]),
                "an answer must carry every kernel's credit");
    }

    /**
     * LeNet-5's kernels: conv1's maps have 784 rows, conv2's 100; only maps of at most N rows are read in the
     * second stage (the others have their own N × N factors).
     */
    @Test
    void theLargestKernelReadIsTheLargestMapOfAtMostNRows() {
        java.nio.file.Path model = java.nio.file.Path.of("models/lenet5-mnist.onnx");
        try (io.koopcredit.model.Network net = io.koopcredit.model.onnx.OnnxNetwork.load(java.nio.file.Files.exists(model)
                ? model : java.nio.file.Path.of("..").resolve(model), io.koopcredit.model.onnx.LoadOptions.defaults())) {
            io.koopcredit.model.BlockPartition p = net.partition(null);
            int conv1 = -1;
            int conv2 = -1;
            for (int b = 1; b <= p.size(); b++) {
                if (KernelCredit.applies(p.block(b - 1))) {
                    if (conv1 < 0) {
                        conv1 = b;
                    } else if (conv2 < 0) {
                        conv2 = b;
                    }
                } else {
                    assertEquals(0, BoundaryReads.largestShortKernel(p, b, 5000), "boundary " + b + " has no kernels");
                }
            }
            assertEquals(0, BoundaryReads.largestShortKernel(p, 0, 5000), "the input");
            assertEquals(0, BoundaryReads.largestShortKernel(p, conv1, 300));
            assertEquals(784, BoundaryReads.largestShortKernel(p, conv1, 784));
            assertEquals(0, BoundaryReads.largestShortKernel(p, conv1, 783));
            assertEquals(100, BoundaryReads.largestShortKernel(p, conv2, 300));
            assertEquals(100, BoundaryReads.largestShortKernel(p, conv2, 100));
            assertEquals(0, BoundaryReads.largestShortKernel(p, conv2, 99));
            assertEquals(16, BoundaryReads.directTileRows(1 << 20));
            assertEquals((1 << 22) / 300, BoundaryReads.directTileRows(300));
        }
    }
}
