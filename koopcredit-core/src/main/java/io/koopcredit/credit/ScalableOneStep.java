package io.koopcredit.credit;

import io.koopcredit.base.InputException;
import io.koopcredit.base.MemoryExhausted;
import io.koopcredit.koopman.BlockOperator;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.koopman.NoiseModel;
import io.koopcredit.koopman.RankPolicy;
import io.koopcredit.koopman.TrialFit;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.linalg.Qr;
import io.koopcredit.linalg.Svd;
import io.koopcredit.linalg.Tsqr;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockFunction;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.store.ColumnStore;
import io.koopcredit.store.Element;
import io.koopcredit.store.MemoryBudget;
import io.koopcredit.store.Stores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one-step estimator by the method of snapshots: the same operators as the dense
 * {@link io.koopcredit.koopman.OneStepEstimator}, K_i = F·X⁺, computed from N × N factors of the
 * activations instead of nOut × nIn matrices, so that memory grows with N², not with the block widths.
 *
 * <p>Every block boundary b (the network input and each block output) holds the N fitting activations
 * Z_b (width × N). Each is read once, tile by tile (a tile: some of its rows for all samples, from RAM or a
 * spill file), into
 * <ul>
 *   <li>the upper triangular R_b with Z_b = Q_b·R_b ({@link BoundaryPass}): R_b has Z_b's singular values
 *       and right singular vectors. From the Gram matrix Z_bᵀZ_b (CholeskyQR) where a criterion derived from
 *       the float32 activations' precision proves that as good as a Householder QR
 *       ({@link io.koopcredit.linalg.CholeskyQr}); otherwise (the Gram matrix squares Z_b's condition number
 *       and would lose the small singular values the credit counts) by a tall-and-skinny QR ({@link Tsqr})
 *       over the same tiles, read again;</li>
 *   <li>the cross products C_b = Z_bᵀ·Y_b with the held-out activations Y_b (N × H), and the held-out
 *       outputs' squared norms;</li>
 *   <li>for the output of a convolution block, the same factor of each kernel's rows (its feature map):
 *       the rows themselves when the map has at most N of them, else their own R (kept in a store).</li>
 * </ul>
 * For block i with X = Z_i, F = Z_{i+1} (README, "Scale"): the SVD of R_i gives X's singular values σ and
 * right singular vectors V (X with a row of ones for an affine fit), the rank policy keeps r of them, and
 * with W = V_r·Σ_r⁻¹ the operator is K = F·W·(X·W)ᵀ. X·W = Q_i·(R_i·W) = Q_i·Q_T·R_T (a QR of the small
 * R_i·W), so K's singular values are those of M = R_{i+1}·W·R_Tᵀ (N × r), and a kernel's those of
 * (its rows' factor)·W·R_Tᵀ. Applying K to a held-out x needs only Xᵀx (a column of C_i):
 * K x = F·c with c = W·Wᵀ·Xᵀx, and ‖K x − f‖² = ‖R_{i+1} c‖² − 2 (Fᵀf)·c + ‖f‖², with Fᵀf a column of
 * C_{i+1}. The product K_m⋯K_1 never forms a matrix either: X_{i+1}ᵀ·F_i is Z_{i+1}ᵀZ_{i+1} = R_{i+1}ᵀR_{i+1},
 * so the feature weights are coefficients (classes × N) times the N training inputs.
 *
 * <p>Tiles have a fixed number of rows for a given N (and start at a kernel's first row), and every sum is
 * taken in row order, so the result depends on the model and the options, not on the memory budget, the
 * thread count or where the activations live. Against the dense path it agrees to rounding; a test holds
 * credits, ranks, fidelities and feature weights to 1e-8 relative on the bundled models.
 */
final class ScalableOneStep {
    private ScalableOneStep() {
    }

    /** Values per tile at most: 2²² (32 MiB of doubles); the rows of a tile follow from N. */
    static final int TILE_VALUES = 1 << 22;

    /**
     * @param n fitting samples
     * @return rows per tile for N samples: 2²² / N, at least 16
     */
    static int tileRows(int n) {
        return Math.max(16, TILE_VALUES / Math.max(1, n));
    }

    /**
     * A run of rows of a boundary read together: a kernel's feature map, or a piece of a boundary without
     * kernels.
     *
     * @param from first row
     * @param to last row, exclusive
     * @param kernel the kernel (output channel) whose map these rows are, or -1
     */
    record Rows(int from, int to, int kernel) {
        int height() {
            return to - from;
        }
    }

    /** What one boundary's pass leaves for the blocks on either side. */
    record BoundaryFactor(Matrix r, Matrix cross, double[] heldNormSq, List<Rows> kernels, ColumnStore kernelR,
                          int[] kernelColumn, String method) implements AutoCloseable {
        @Override
        public void close() {
            if (kernelR != null) {
                kernelR.close();
            }
        }
    }

    /** One block's fit: what the global product needs of it. */
    record Fit(Matrix w, int rank) {
    }

    /**
     * The rows of boundary b in reading order: one run per kernel when block b−1 has kernel credits, else
     * runs of at most {@link #tileRows} rows.
     */
    static List<Rows> rows(BlockPartition p, int b, int n) {
        int width = b == 0 ? p.block(0).nIn() : p.block(b - 1).nOut();
        List<Rows> out = new ArrayList<>();
        if (b > 0 && KernelCredit.applies(p.block(b - 1))) {
            var shape = p.block(b - 1).outputShape();
            int map = shape.dim(1) * shape.dim(2);
            for (int c = 0; c < shape.dim(0); c++) {
                out.add(new Rows(c * map, (c + 1) * map, c));
            }
            return out;
        }
        int step = tileRows(n);
        for (int from = 0; from < width; from += step) {
            out.add(new Rows(from, Math.min(width, from + step), -1));
        }
        return out;
    }

    /**
     * @param n fitting samples
     * @param classes outputs of the network
     * @return input rows per tile of the feature weights: {@link #tileRows} and at most 2²² / classes (the
     *     tile's product, classes × rows, on the heap and in native memory), at least 16
     */
    static int weightTileRows(int n, int classes) {
        return Math.max(16, Math.min(tileRows(n), TILE_VALUES / Math.max(1, classes)));
    }

    /** Memory of one boundary's pass (heap and native), for the plan and the reservation. */
    static MemoryModel.Need boundaryNeed(int n, int h, int maxRows) {
        long tile = (long) Math.min(maxRows, tileRows(n)) * (n + h);
        long nn = (long) n * n;
        // (native: the Gram matrices, the boundary's and a tall kernel's, a tile's own Gram matrix before it is
        // added, and a factorisation's copy; or the Householder fold's R, its tile and block reflector)
        return new MemoryModel.Need(MemoryModel.D * (3 * nn + 2 * tile + 2L * n * h + h),
                MemoryModel.D * (4 * nn + tile + (long) n * h));
    }

    /** Memory of one block's fit: the SVD of an N × N factor and the products with the held-out data. */
    static MemoryModel.Need blockNeed(int n, int h) {
        long nn = (long) n * n;
        return new MemoryModel.Need(MemoryModel.D * (9 * nn + 4L * n * h), MemoryModel.D * (5 * nn + 2L * n * h));
    }

    /**
     * The tasks of this formulation and their predicted memory, for the {@link MemoryPlan}.
     *
     * @param p the blocks
     * @param n fitting samples
     * @param h held-out samples
     * @return the tasks
     */
    static List<MemoryPlan.Task> tasks(BlockPartition p, int n, int h) {
        List<MemoryPlan.Task> tasks = new ArrayList<>();
        int m = p.size();
        tasks.add(new MemoryPlan.Task("results", "the R factors, cross products and fits of the " + m + " blocks",
                resultsNeed(m, n, h)));
        for (int b = 0; b <= m; b++) {
            int maxRows = rows(p, b, n).stream().mapToInt(Rows::height).max().orElse(1);
            tasks.add(new MemoryPlan.Task("estimation", "boundary " + b + (b == 0 ? " (the network input)"
                    : " (the output of block " + p.block(b - 1).name() + ")") + ", its R factor",
                    boundaryNeed(n, h, maxRows)));
        }
        for (Block b : p.blocks()) {
            tasks.add(new MemoryPlan.Task("summaries", "block " + b.name() + " (its operator from the R factors)",
                    blockNeed(n, h)));
        }
        int classes = p.block(m - 1).nOut();
        int nIn = p.block(0).nIn();
        tasks.add(new MemoryPlan.Task("global", "the product K = K_m⋯K_1 (feature weights and global fidelity; "
                + weightsDetail(classes, nIn), globalNeed(classes, nIn, n, h)));
        return tasks;
    }

    /**
     * @return how the plan holds the feature weights: in full when they are inline, else one tile of
     *     classes at a time
     */
    static String weightsDetail(int classes, int nIn) {
        if (FeatureWeights.inline(classes, nIn, FeatureWeights.INLINE_VALUES)) {
            return "the weights, " + classes + " classes × " + nIn + " inputs, are held in full whatever N)";
        }
        int tile = Math.min(classes, FeatureWeights.tileClasses(nIn));
        return "the weights, " + classes + " classes × " + nIn + " inputs, are computed " + tile + " class"
                + (tile == 1 ? "" : "es") + " at a time and never held in full)";
    }

    /**
     * The global product's memory: the weights in full when they are inline, else one tile of classes (its
     * rows, and the tile being built: an input tile and its product on the heap and in native memory); three
     * input-sized buffers of the template agreement, the classes × N products and the held-out predictions.
     */
    static MemoryModel.Need globalNeed(int classes, int nIn, int n, int h) {
        boolean inline = FeatureWeights.inline(classes, nIn, FeatureWeights.INLINE_VALUES);
        long tile = Math.min(classes, FeatureWeights.tileClasses(nIn));
        long held = inline ? (long) classes * nIn : tile * nIn;
        long building = (long) weightTileRows(n, (int) tile) * (n + tile);
        return new MemoryModel.Need(MemoryModel.D * (held + 3L * nIn + 4L * classes * n + 3L * n * h + building),
                MemoryModel.D * ((long) classes * n + 2L * n * h + building));
    }

    /** What every boundary's and block's results hold until the global product: R, C and W. */
    static MemoryModel.Need resultsNeed(int blocks, int n, int h) {
        long nn = (long) n * n;
        return new MemoryModel.Need(MemoryModel.D * ((blocks + 1) * (nn + (long) n * h + h) + blocks * nn), 0);
    }

    /**
     * Factors one boundary.
     *
     * @param z the fitting activations (width × N)
     * @param y the held-out activations (width × H)
     * @param runs the rows in reading order
     * @param n N
     * @param stores where kernels' own R factors go (RAM or disk)
     * @param name for spill files
     */
    static BoundaryFactor factor(ColumnStore z, ColumnStore y, BoundaryPass pass, int n, Stores stores, String name) {
        int h = y.cols();
        int tall = pass.tallKernels();
        ColumnStore kernelR = tall == 0 ? null : stores.create(n, Math.multiplyExact(tall, n), Element.FLOAT64,
                name + "-kernel-r", true);
        try {
            BoundaryPass.KernelSink sink = (column, square) -> kernelR.putColumns(column * n, square, 0, n);
            feed(z, y, pass, n, h, sink);
            BoundaryPass.Statistics s = pass.finish().orElse(null);
            if (s == null) {
                // CholeskyQR refused: the Householder fold over the same tiles, read again in the same order
                BoundaryPass again = pass.fallback();
                feed(z, null, again, n, h, sink);
                s = again.finish().orElseThrow();
            }
            return new BoundaryFactor(s.r(), s.cross(), s.heldNormSq(), pass.kernels(), kernelR, s.kernelColumn(),
                    s.method());
        } catch (RuntimeException | Error e) {
            if (kernelR != null) {
                kernelR.close();
            }
            throw e;
        } finally {
            Linalg.trimWorkspace();
        }
    }

    /** Every tile of a boundary from the stores, in order, into a pass ({@code y} null: no held-out rows). */
    private static void feed(ColumnStore z, ColumnStore y, BoundaryPass pass, int n, int h, BoundaryPass.KernelSink sink) {
        // (a tile's arrays serve the next tile of the same height: the pass keeps nothing of them, and tiles
        // of up to 2²² values allocated anew for each were most of this stage's garbage)
        double[] t = new double[0];
        double[] u = new double[0];
        for (BoundaryPass.Tile tile : pass.tiles()) {
            int rows = tile.height();
            if (t.length != rows * n) {
                t = new double[rows * n];
            }
            z.getTile(tile.from(), tile.to(), 0, n, t);
            if (u.length != (y == null ? 0 : rows * h)) {
                u = new double[y == null ? 0 : rows * h];
            }
            if (y != null) {
                y.getTile(tile.from(), tile.to(), 0, h, u);
            }
            pass.add(t, u, sink);
        }
    }

    /**
     * A cluster's statistics of one boundary as this JVM's pass would leave them: the kernels' own factors
     * go into a store (RAM or disk, as the plan decides).
     */
    static BoundaryFactor factor(FactorRunner.Boundary b, BlockPartition p, int boundary, int n, Stores stores,
                                 String name) {
        BoundaryPass.Statistics s = b.statistics();
        List<Rows> kernels = BoundaryPass.kernels(p, boundary, n);
        int tall = b.kernelFactors().size();
        ColumnStore kernelR = tall == 0 ? null : stores.create(n, Math.multiplyExact(tall, n), Element.FLOAT64,
                name + "-kernel-r", true);
        for (int c = 0; c < tall; c++) {
            kernelR.putColumns(c * n, b.kernelFactors().get(c), 0, n);
        }
        return new BoundaryFactor(s.r(), s.cross(), s.heldNormSq(), kernels, kernelR, s.kernelColumn(), s.method());
    }

    /**
     * Runs the estimator on every block.
     *
     * @param run the analysis' shared state
     * @param settings the one-step options
     * @param stores where kernels' factors go
     * @param network the network (for a runner: its model file)
     * @param runner computes the boundaries' statistics elsewhere (a cluster), or null for this JVM's threads
     * @return the per-block outcomes and the global view
     */
    static Result analyse(CreditAnalysis.Run run, Estimator.OneStep settings, Stores stores,
                          io.koopcredit.model.Network network, FactorRunner runner) {
        BlockPartition p = run.pn().partition();
        int m = p.size();
        int n = run.data().fitCount();
        int h = run.data().holdoutCount();
        AtomicInteger done = new AtomicInteger();
        long t0 = System.nanoTime();
        MemoryModel.Need kept = resultsNeed(m, n, h);
        try (MemoryBudget.Reservation results = run.budget().hold(kept.heap(), kept.offHeap(), "the R factors, cross"
                + " products and fits of the " + m + " blocks (N = " + n + ", H = " + h + ")")) {
            return analyse(run, settings, stores, p, m, n, h, done, t0, network, runner);
        }
    }

    private static Result analyse(CreditAnalysis.Run run, Estimator.OneStep settings, Stores stores, BlockPartition p,
                                  int m, int n, int h, AtomicInteger done, long t0, io.koopcredit.model.Network network,
                                  FactorRunner runner) {
        List<Future<BoundaryFactor>> futures = new ArrayList<>();
        List<BoundaryFactor> factors = new ArrayList<>();
        FactorRunner.Pass elsewhere = null;
        run.progress().update("R factors", 0, m + 1);
        try {
            if (runner != null) {
                elsewhere = fromRunner(run, network, runner, stores, p, m, n, factors);
            } else {
                for (int b = 0; b <= m; b++) {
                    final int boundary = b;
                    int maxRows = BoundaryPass.tiles(p, b, n).stream().mapToInt(BoundaryPass.Tile::height).max()
                            .orElse(1);
                    MemoryModel.Need need = boundaryNeed(n, h, maxRows);
                    String what = "boundary " + b + (b == 0 ? " (the network input)" : " (the output of block "
                            + p.block(b - 1).name() + ")");
                    futures.add(run.pool().submit(() -> {
                        try (MemoryBudget.Reservation r = run.budget().reserve(need.heap(), need.offHeap(), what
                                + ", its R factor")) {
                            // (the pass allocates its N × H cross products: made here, under the reservation)
                            BoundaryFactor f = factor(run.fit().boundaries().get(boundary),
                                    run.held().boundaries().get(boundary), new BoundaryPass(p, boundary, n, h), n,
                                    stores, "boundary-" + boundary);
                            run.progress().update("R factors", what + ": " + f.method(), done.incrementAndGet(),
                                    m + 1);
                            return f;
                        }
                    }));
                }
                for (int b = 0; b <= m; b++) {
                    factors.add(join(futures.get(b), "factoring the activations of boundary " + b));
                }
            }
            double factorSeconds = Workers.secondsSince(t0);
            List<Future<Object>> blocks = new ArrayList<>(java.util.Collections.nCopies(m, null));
            AtomicInteger fitted = new AtomicInteger();
            run.progress().update("blocks", 0, m);
            final boolean local = elsewhere == null;
            // (submitted largest first, so that the workers' last tasks end close together; the results are
            // taken in block order below, whatever order they ran in)
            for (int i : fitOrder(p, n)) {
                final int block = i;
                MemoryModel.Need need = blockNeed(n, h);
                blocks.set(i, run.pool().submit(() -> {
                    try (MemoryBudget.Reservation r = run.budget().reserve(need.heap(), need.offHeap(), "block "
                            + p.block(block).name() + " (its operator from the R factors)")) {
                        Prepared pre = prepare(run, settings, block, factors.get(block), factors.get(block + 1),
                                factorSeconds / m);
                        if (!local) {
                            // (read with every other block's on the runner's side, below)
                            return pre;
                        }
                        long read = System.nanoTime();
                        BoundaryReads.Answer answer = pre.request() == null ? null : BoundaryReads.read(
                                pre.request(), run.fit().output(block), run.held().output(block));
                        Block1 out = complete(run, pre, answer, Workers.secondsSince(read));
                        run.progress().update("blocks", "block " + p.block(block).name(), fitted.incrementAndGet(), m);
                        return out;
                    } finally {
                        Linalg.trimWorkspace();
                    }
                }));
            }
            List<Block1> fits = new ArrayList<>();
            if (local) {
                for (int i = 0; i < m; i++) {
                    fits.add((Block1) join(blocks.get(i), "computing the credit and fidelity of block "
                            + p.block(i).name()));
                }
            } else {
                List<Prepared> prepared = new ArrayList<>();
                for (int i = 0; i < m; i++) {
                    prepared.add((Prepared) join(blocks.get(i), "computing the credit and fidelity of block "
                            + p.block(i).name()));
                }
                fits.addAll(readElsewhere(run, elsewhere, prepared));
            }
            long t1 = System.nanoTime();
            CreditAnalysis.Global global = global(run, settings.affine(), factors, fits, local
                    ? Outputs.of(run.fit().output(m - 1), run.held().output(m - 1))
                    : Outputs.of(elsewhere, p.block(m - 1).nOut(), n, h));
            return new Result(fits.stream().map(Block1::outcome).toList(), global, Workers.secondsSince(t0)
                    - Workers.secondsSince(t1), Workers.secondsSince(t1));
        } finally {
            if (elsewhere != null) {
                elsewhere.close();
            }
            factors.forEach(BoundaryFactor::close);
            for (Future<BoundaryFactor> f : futures) {
                if (f.isDone() && !f.isCancelled()) {
                    try {
                        f.get().close();
                    } catch (InterruptedException | ExecutionException e) {
                        // Failed tasks hold nothing.
                    }
                }
            }
        }
    }

    /**
     * The order in which the blocks' fits are submitted: the most work first (largest processing time first,
     * which leaves the workers' last tasks close together), by an estimate from the shapes alone, in N³
     * units: 4 for the block's own spectrum, credit and products (an upper estimate since the credit's proof
     * replaced its eigenvalues), 8/3 per kernel with its own N × N factor (a DTRMM, a DSYRK and two Cholesky
     * factorisations; now a DTRMM and a DTRTRI where proved), and per kernel read with c ≤ N rows (c·N² + c²·N +
     * 2c³/3)/N³; ties in block order. Only the order of the work depends on it, never a result.
     *
     * @param p the blocks
     * @param n fitting samples
     * @return the block indices, most work first
     */
    static int[] fitOrder(BlockPartition p, int n) {
        int m = p.size();
        double nn = (double) n * n;
        double n3 = nn * n;
        double[] cost = new double[m];
        for (int i = 0; i < m; i++) {
            double work = 4 * n3;
            if (KernelCredit.applies(p.block(i))) {
                for (Rows k : BoundaryPass.kernels(p, i + 1, n)) {
                    double c = k.height();
                    work += c > n ? 8 * n3 / 3 : c * nn + c * c * n + 2 * c * c * c / 3;
                }
            }
            cost[i] = work;
        }
        return java.util.stream.IntStream.range(0, m).boxed()
                .sorted(java.util.Comparator.comparingDouble((Integer i) -> -cost[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * The boundaries' statistics from a runner, checked and put in stores as this JVM's pass leaves them.
     *
     * @return the runner's pass, open for the second stage (the caller closes it)
     */
    private static FactorRunner.Pass fromRunner(CreditAnalysis.Run run, io.koopcredit.model.Network network,
                                                FactorRunner runner, Stores stores, BlockPartition p, int m, int n,
                                                List<BoundaryFactor> factors) {
        int h = run.data().holdoutCount();
        FactorRunner.Pass pass = runner.factorAll(new FactorRunner.Job(network, run.pn(), run.data().fit(), n,
                run.data().holdout(), h, run.options(), run.progress()));
        try {
            List<FactorRunner.Boundary> got = pass.boundaries();
            if (got.size() != m + 1) {
                throw new IllegalStateException("the factor runner returned " + got.size() + " boundaries, expected "
                        + (m + 1));
            }
            int classes = p.block(m - 1).nOut();
            if (pass.fitOutputs().length != (long) classes * n || pass.heldOutputs().length != (long) classes * h) {
                throw new IllegalStateException("the factor runner returned " + pass.fitOutputs().length + " and "
                        + pass.heldOutputs().length + " output values, expected " + classes + " × " + n + " and "
                        + classes + " × " + h);
            }
            for (int b = 0; b <= m; b++) {
                FactorRunner.Boundary g = got.get(b);
                BoundaryPass.Statistics s = g.statistics();
                int tall = BoundaryPass.tallKernels(p, b, n);
                if (s.r().cols() != n || s.cross().cols() != h || g.kernelFactors().size() != tall) {
                    throw new IllegalStateException("the factor runner returned for boundary " + b + " an R factor "
                            + s.r() + ", cross products " + s.cross() + " and " + g.kernelFactors().size()
                            + " kernel factors; expected N = " + n + " columns, H = " + h + " and " + tall);
                }
                factors.add(factor(g, p, b, n, stores, "boundary-" + b));
            }
            run.progress().update("R factors", m + 1, m + 1);
            return pass;
        } catch (RuntimeException | Error e) {
            pass.close();
            throw e;
        }
    }

    /**
     * The second stage on the runner's side: every fitted block's reads of its output activations in one
     * request per boundary, the answers checked and given back to their blocks. The driver holds the
     * requests (A and the c-columns of each block) until the answers come back.
     */
    private static List<Block1> readElsewhere(CreditAnalysis.Run run, FactorRunner.Pass pass, List<Prepared> prepared) {
        List<BoundaryReads.Request> requests = prepared.stream().map(Prepared::request)
                .filter(java.util.Objects::nonNull).toList();
        long bytes = requests.stream().mapToLong(BoundaryReads.Request::bytes).sum();
        List<BoundaryReads.Answer> answers;
        try (MemoryBudget.Reservation r = run.budget().reserve(bytes, 0, "the reads of " + requests.size()
                + " block" + (requests.size() == 1 ? "" : "s") + "' output activations (kernel credits and direct"
                + " errors), sent to the runner")) {
            if (!requests.isEmpty()) {
                run.progress().update("reads", 0, requests.size());
            }
            answers = requests.isEmpty() ? List.of() : pass.read(requests);
            if (!requests.isEmpty()) {
                run.progress().update("reads", requests.size(), requests.size());
            }
        }
        if (answers.size() != requests.size()) {
            throw new IllegalStateException("the factor runner answered " + answers.size() + " reads, expected "
                    + requests.size());
        }
        List<Block1> out = new ArrayList<>();
        int next = 0;
        int m = prepared.size();
        for (Prepared pre : prepared) {
            BoundaryReads.Answer a = null;
            if (pre.request() != null) {
                a = answers.get(next++);
                BoundaryReads.Request q = pre.request();
                if (a.boundary() != q.boundary() || a.kernels().size() != q.kernels()
                        || a.directSumSq().length != q.samples().length) {
                    throw new IllegalStateException("the factor runner answered for boundary " + a.boundary() + " "
                            + a.kernels().size() + " kernels and " + a.directSumSq().length + " samples, expected"
                            + " boundary " + q.boundary() + ", " + q.kernels() + " and " + q.samples().length);
                }
            }
            out.add(complete(run, pre, a, 0));
            run.progress().update("blocks", "block " + run.pn().partition().block(pre.block()).name(), out.size(), m);
        }
        return out;
    }

    /**
     * The network's outputs (the last boundary), for the product's fidelity and the examples.
     *
     * @param fit on the fitting samples, classes × N, column-major
     * @param held on the held-out samples, classes × H, as a store
     */
    record Outputs(double[] fit, ColumnStore held) {
        /** From this JVM's stores. */
        static Outputs of(ColumnStore fit, ColumnStore held) {
            double[] zm = new double[fit.rows() * fit.cols()];
            fit.getTile(0, fit.rows(), 0, fit.cols(), zm);
            return new Outputs(zm, held);
        }

        /** From a runner's first stage. */
        static Outputs of(FactorRunner.Pass pass, int classes, int n, int h) {
            io.koopcredit.store.MemoryColumns held = new io.koopcredit.store.MemoryColumns(classes, h, Element.FLOAT64);
            held.putColumns(0, pass.heldOutputs(), 0, h);
            return new Outputs(pass.fitOutputs(), held);
        }
    }

    /**
     * The outcome of the whole estimator.
     *
     * @param blocks per block
     * @param global the product's view
     * @param estimationSeconds factors and blocks
     * @param globalSeconds the product
     */
    record Result(List<BlockOutcome> blocks, CreditAnalysis.Global global, double estimationSeconds,
                  double globalSeconds) {
    }

    /** One block's outcome and fit. */
    record Block1(BlockOutcome outcome, Fit fit) {
    }

    private static <T> T join(Future<T> f, String what) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InputException ie) {
                throw ie;
            }
            if (cause instanceof OutOfMemoryError oom) {
                throw MemoryExhausted.during(what, oom);
            }
            throw new IllegalStateException(what + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A block fitted from its boundaries' factors, waiting for what it reads of its output activations (its
     * {@link BoundaryReads.Request}, or null when it reads nothing).
     */
    record Prepared(int block, Estimator.OneStep settings, double[] s, int r, double floor, int belowNoise, Matrix w,
                    BlockOperator operator, BlockCredit credit, CreditTolerance tolerance, List<Rows> kernelRows,
                    KernelCredits kernelCredits, int[] shortKernels, double[] err, double[] heldNormSq,
                    BoundaryReads.Request request, double factorSeconds, double seconds, double fidelitySeconds) {
    }

    /**
     * The operator of block i from its boundaries' factors (see the class comment), with everything that
     * does not read its activations: the credit, the kernels with their own factors, the fidelity from the
     * cross products.
     */
    private static Prepared prepare(CreditAnalysis.Run run, Estimator.OneStep settings, int i, BoundaryFactor in,
                                    BoundaryFactor out, double factorSeconds) {
        long t0 = System.nanoTime();
        BlockFunction f = run.pn().block(i);
        Block block = f.block();
        int n = run.data().fitCount();
        boolean affine = settings.affine();
        Matrix rIn = in.r();
        Matrix rx = rIn;
        if (affine) {
            Tsqr t = new Tsqr(n);
            t.add(rIn.toColumnMajor(), rIn.rows());
            double[] ones = new double[n];
            Arrays.fill(ones, 1.0);
            t.add(ones, 1);
            rx = t.r();
        }
        double noise = NoiseModel.relative(f.precision(), block);
        Spectral sp = spectral(rx, settings.rank(), noise, block.nIn() + (affine ? 1 : 0), n, !affine);
        double[] s = sp.values();
        int r = sp.rank();
        double floor = sp.floor();
        int belowNoise = Math.max(0, r - sp.spectrum().countAbove(floor));
        Matrix w;
        Matrix a;
        if (sp.inverse() != null) {
            // X of full rank N, well conditioned: X⁺ = R_i⁻¹·Q_iᵀ, so W = A = R_i⁻¹ (W·Wᵀ = (XᵀX)⁻¹, and
            // K = F·R_i⁻¹·Q_iᵀ has the singular values of R_{i+1}·R_i⁻¹).
            w = sp.inverse();
            a = w;
        } else {
            w = truncatedInverse(sp);
            a = orthonormalized(rIn, w, affine);
        }
        boolean triangular = sp.inverse() != null;
        CreditTolerance tolerance = run.options().creditTolerance().resolve(f.precision());
        List<Rows> kernelRows = KernelCredit.applies(block) ? out.kernels() : List.of();
        KernelCredits kernelCredits = new KernelCredits(kernelRows.size());
        // The block's credit: the log pseudo-determinant of R_{i+1}·A, proved where every singular value
        // counts (then the operator is known by it alone), else from the singular values; its flops counted
        // with the tall kernels' as the block's own.
        Credited own = r == 0 ? new Credited(Optional.empty(), new double[0], Double.NaN)
                : blockCredit(out.r(), a, triangular, block.nOut(), block.nIn(), tolerance, kernelCredits::addFlops);
        BlockCredit credit = own.credit().orElse(null);
        BlockOperator operator = own.positive() != null ? BlockOperator.ofSingularValues(block.nIn(), block.nOut(),
                own.positive()) : BlockOperator.ofProvedDeterminant(block.nIn(), block.nOut(), credit.rank(),
                credit.logCredit(), own.provedThreshold());
        boolean zero = operator.rank() == 0;
        // Each kernel's credit: the log pseudo-determinant of its rows' factor times A (W·R_Tᵀ, or R_i⁻¹); a
        // kernel with its own factor here, one whose rows are their own factor read with the fidelity's rows.
        List<Integer> shortKernels = new ArrayList<>();
        // (one buffer for every tall kernel's factor: credit() keeps nothing of it)
        double[] v = null;
        for (int k = 0; k < kernelRows.size(); k++) {
            if (zero) {
                kernelCredits.set(k, Optional.empty());
            } else if (out.kernelColumn()[k] >= 0) {
                v = v == null ? new double[n * n] : v;
                out.kernelR().getColumns(out.kernelColumn()[k] * n, n, v, 0);
                kernelCredits.set(k, credit(Matrix.wrap(n, n, v), a, triangular, kernelRows.get(k).height(),
                        block.nIn(), tolerance, kernelCredits::addFlops));
            } else {
                shortKernels.add(k);
            }
        }
        long t1 = System.nanoTime();
        double[][] fid = fidelityFromCrossProducts(w, triangular, affine, in.cross(), out);
        double[] err = fid[0];
        int[] direct = Arrays.stream(fid[1]).mapToInt(d -> (int) d).toArray();
        double fidelitySeconds = Workers.secondsSince(t1);
        BoundaryReads.Request request = null;
        if (!shortKernels.isEmpty() || direct.length > 0) {
            int[] bounds = new int[2 * shortKernels.size()];
            for (int k = 0; k < shortKernels.size(); k++) {
                Rows kr = kernelRows.get(shortKernels.get(k));
                bounds[2 * k] = kr.from();
                bounds[2 * k + 1] = kr.to();
            }
            double[] cv = fid[2];
            double[] chosen = new double[n * direct.length];
            for (int q = 0; q < direct.length; q++) {
                System.arraycopy(cv, direct[q] * n, chosen, q * n, n);
            }
            boolean reads = !shortKernels.isEmpty();
            request = new BoundaryReads.Request(i + 1, block.nOut(), n, bounds, reads ? a.toColumnMajor()
                    : new double[0], reads ? a.cols() : 0, reads && triangular, block.nIn(), tolerance, direct, chosen);
        }
        return new Prepared(i, settings, s, r, floor, belowNoise, w, operator, credit, tolerance, kernelRows,
                kernelCredits, shortKernels.stream().mapToInt(Integer::intValue).toArray(), err, out.heldNormSq(),
                request, factorSeconds, Workers.secondsSince(t0), fidelitySeconds);
    }

    /**
     * The block's outcome once its reads are answered ({@code answer} null when it asked none).
     *
     * @param readSeconds the time of the reads in this JVM (the timings' credit seconds: the short kernels'
     *     credits and the direct errors), 0 when a runner read elsewhere
     */
    private static Block1 complete(CreditAnalysis.Run run, Prepared pre, BoundaryReads.Answer answer,
                                  double readSeconds) {
        long t0 = System.nanoTime();
        int i = pre.block();
        BlockFunction f = run.pn().block(i);
        Block block = f.block();
        int n = run.data().fitCount();
        KernelCredits kernelCredits = pre.kernelCredits();
        for (int k = 0; k < pre.shortKernels().length; k++) {
            kernelCredits.set(pre.shortKernels()[k], answer.kernels().get(k));
        }
        List<KernelCredit> kernels = new ArrayList<>();
        for (int k = 0; k < pre.kernelRows().size(); k++) {
            final int channel = pre.kernelRows().get(k).kernel();
            kernels.add(kernelCredits.get(k).map(bc -> new KernelCredit(channel, bc.logCredit(), bc.rank()))
                    .orElse(new KernelCredit(channel, null, 0)));
        }
        double[] err = pre.err().clone();
        if (answer != null) {
            int[] samples = answer.directSumSq().length == 0 ? new int[0] : pre.request().samples();
            for (int q = 0; q < samples.length; q++) {
                err[samples[q]] = Math.sqrt(answer.directSumSq()[q]) / Math.sqrt(pre.heldNormSq()[samples[q]]);
            }
        }
        Fidelity fidelity = fidelityOf(err, pre.heldNormSq());
        double[] s = pre.s();
        int r = pre.r();
        double floor = pre.floor();
        int belowNoise = pre.belowNoise();
        BlockCredit credit = pre.credit();
        Estimator.OneStep settings = pre.settings();
        double seconds = pre.seconds() + Workers.secondsSince(t0);
        double condition = r == 0 ? Double.NaN : s[0] / s[r - 1];
        // (the noise floor and kept-below-noise count come from the spectrum the rank was decided on)
        TrialFit fit = new TrialFit(0, null, r, condition, s.length == 0 ? 0.0 : s[0],
                s.length == 0 || s[0] == 0 ? 0.0 : floor / s[0], belowNoise, n, n, null, null, 0, f.precision(), null,
                pre.factorSeconds(), seconds - pre.fidelitySeconds());
        PrecisionSummary numerics = new PrecisionSummary(f.precision(), f.precisionNote().orElse(null),
                pre.tolerance(), fit.noiseFloor(), belowNoise);
        BlockStatus status = BlockStatus.OK;
        String reason = null;
        if (credit == null) {
            status = BlockStatus.DEGENERATE;
            reason = s.length == 0 || s[0] == 0 ? "the snapshot matrix is zero in every trial: no state to fit"
                    : r == 0 ? "the rank policy " + settings.rank().spec() + " kept no singular value of the snapshot"
                    + " matrix in any trial (its spectrum is too flat for that policy)"
                    : "the operator K_i is zero at the credit tolerance: no volume to measure";
        }
        TrialSpread spread = TrialSpread.of(credit == null ? List.of() : List.of(credit));
        BlockOperator operator = pre.operator();
        BlockOutcome outcome = new BlockOutcome(block, status, reason, operator, credit, List.of(fit), fidelity,
                kernels, spread, numerics, new BlockTimings(block.name(), pre.factorSeconds(), fit.dmdSeconds(),
                readSeconds, pre.fidelitySeconds(), answer == null ? 0 : answer.kernels().flops(),
                pre.kernelCredits().flops()));
        return new Block1(outcome, new Fit(pre.w(), r));
    }

    /**
     * The Gram-matrix shortcut's safety margin: singular values at or above this fraction of the largest are
     * taken from the eigenvalues of the (smaller) Gram matrix, σ = √λ. Its eigenvalues carry an error of a
     * few ε·λ_max, so σ down to 10⁻³·σ_max comes out to about 10⁻¹⁰ relative (squared: ε·10⁶), the same
     * digits as an SVD; when the answer needs smaller singular values, the SVD itself is computed.
     */
    static final double GRAM_SAFE = 1e-3;

    /**
     * A factor's singular values and right singular vectors with the rank the policy keeps.
     *
     * @param values singular values, non-increasing
     * @param vectors the matching right singular vectors (columns), or null when {@code inverse} is given
     * @param rank kept by the policy
     * @param floor the noise floor (absolute)
     * @param spectrum what the policy saw
     * @param inverse R⁻¹ when R is N × N, the policy keeps all N values and the smallest is at least
     *     {@link #GRAM_SAFE} of the largest (then W = R⁻¹ serves as well as V·Σ⁻¹), else null
     */
    record Spectral(double[] values, Matrix vectors, int rank, double floor, RankPolicy.Spectrum spectrum,
                    Matrix inverse) {
        /** Checks that the operator can be built: from the vectors or from the inverse. */
        Spectral {
            if ((vectors == null) == (inverse == null)) {
                throw new IllegalArgumentException("a spectrum needs exactly one of its vectors and R's inverse");
            }
        }
    }

    /**
     * The spectrum of a k × N factor R (that of the activations it factors): from the SVD of R when k ≤ N/2
     * (the SVD of a wide factor costs about 6·k²·N flops, less than RᵀR's eigenvectors from k = 0 to about
     * N/2); otherwise from the eigendecomposition of RᵀR when every kept value is at least {@link #GRAM_SAFE}
     * of the largest, else from the SVD of R. Which route runs depends on the shape alone.
     *
     * <p>When {@code invertible} and R is N × N, the eigenvalues are computed first without vectors (about
     * half the work of dsyevd with vectors for N = 2000); if the policy keeps all N and the smallest is at
     * least {@link #GRAM_SAFE} of the largest (κ(R) ≤ 10³, so R⁻¹ is accurate to about 10³·N·ε), the result
     * carries R⁻¹ instead of the vectors. Otherwise the spectrum is computed exactly as without the option
     * (the vectors' eigendecomposition decides the rank again, so the fallback changes nothing).
     *
     * @param rx the factor; not modified
     * @param invertible whether R⁻¹ may replace the vectors (not with the constant observable, whose fit
     *     keeps X's own columns)
     */
    static Spectral spectral(Matrix rx, RankPolicy policy, double noise, long rows, int n, boolean invertible) {
        int q = Math.min(rx.rows(), rx.cols());
        if (2L * rx.rows() <= rx.cols()) {
            // A wide factor (a boundary of k ≤ N/2 activations): its own thin SVD, about 6·k²·N flops, in place
            // of the eigenvectors of the N × N Gram matrix of rank k (10N³/3 and more).
            Svd svd = Linalg.svd(rx);
            return spectral(svd.s(), svd.v(), policy, noise, rows, n);
        }
        if (invertible && q > 0 && rx.rows() == n && rx.cols() == n) {
            double[] s = sqrtOf(Linalg.gramEigenvalues(rx, null), q);
            RankPolicy.Spectrum spectrum = spectrum(s, noise, rows, n);
            if (policy.rank(spectrum) == q && s[q - 1] >= GRAM_SAFE * s[0]) {
                Matrix inverse = Linalg.upperTriangularInverse(rx);
                if (inverse != null && inverse.isFinite()) {
                    return new Spectral(s, null, q, spectrum.noiseFloor(), spectrum, inverse);
                }
            }
        }
        io.koopcredit.linalg.SymmetricEigen eig = Linalg.symmetricEigen(Linalg.gram(rx), true);
        double[] s = sqrtOf(eig.values(), q);
        Spectral sp = spectral(s, eig.vectors().columnRange(0, q), policy, noise, rows, n);
        if (sp.rank() > 0 && s[sp.rank() - 1] < GRAM_SAFE * s[0]) {
            Svd svd = Linalg.svd(rx);
            sp = spectral(svd.s(), svd.v(), policy, noise, rows, n);
        }
        return sp;
    }

    /** @return the square roots of the first q eigenvalues (negative rounding read as 0) */
    private static double[] sqrtOf(double[] lambda, int q) {
        double[] s = new double[q];
        for (int k = 0; k < q; k++) {
            s[k] = Math.sqrt(Math.max(0.0, lambda[k]));
        }
        return s;
    }

    private static Spectral spectral(double[] s, Matrix v, RankPolicy policy, double noise, long rows, int n) {
        RankPolicy.Spectrum spectrum = spectrum(s, noise, rows, n);
        return new Spectral(s, v, policy.rank(spectrum), spectrum.noiseFloor(), spectrum, null);
    }

    /** What the rank policy sees: the values, the shape and the noise floor, noise·‖X‖_F. */
    private static RankPolicy.Spectrum spectrum(double[] s, double noise, long rows, int n) {
        double frobenius = 0;
        for (int k = s.length - 1; k >= 0; k--) {
            frobenius += s[k] * s[k];
        }
        return new RankPolicy.Spectrum(s, rows, n, noise * Math.sqrt(frobenius));
    }

    /** W = V_r·Σ_r⁻¹ from a spectrum with vectors. */
    private static Matrix truncatedInverse(Spectral sp) {
        int r = sp.rank();
        double[] inv = new double[r];
        for (int k = 0; k < r; k++) {
            inv[k] = 1.0 / sp.values()[k];
        }
        return sp.vectors().columnRange(0, r).scaleColumns(inv);
    }

    /**
     * A = W·R_Tᵀ. K = F·W·(X·W)ᵀ; X·W = Q_i·(R_i·W), and (R_i·W)'s R factor R_T gives A. R_i·W is
     * orthonormal up to rounding without the constant observable, so the Cholesky factor of its Gram matrix
     * is exact enough; with it, or if that fails, a QR.
     */
    private static Matrix orthonormalized(Matrix rIn, Matrix w, boolean affine) {
        if (w.cols() == 0) {
            return w;
        }
        Matrix t = Linalg.multiply(rIn, w);
        Matrix rt = affine ? null : Linalg.choleskyUpper(Linalg.gram(t));
        if (rt == null) {
            rt = Linalg.qr(t).r();
        }
        return Linalg.multiplyTransposeB(w, rt);
    }

    /**
     * Singular values of a matrix: from the eigenvalues of its smaller Gram matrix when all of them are at
     * least {@link #GRAM_SAFE} of the largest (then all are non-zero at any credit tolerance), else by SVD.
     */
    static double[] singularValues(Matrix m) {
        return singularValues(m, f -> { });
    }

    /**
     * {@link #singularValues(Matrix)}, counting its work: the Gram matrix q²·max and the eigenvalues' 4q³/3
     * (q the smaller side), and where the SVD follows {@link #svdFlops}.
     *
     * @param flops receives the counts
     */
    static double[] singularValues(Matrix m, java.util.function.DoubleConsumer flops) {
        return singularValues(m, null, false, flops);
    }

    /**
     * {@link #singularValues(Matrix, java.util.function.DoubleConsumer)} of F·A ({@link #times}), the product
     * and its Gram matrix formed in native memory when A is triangular (the same values; F·A is formed in
     * Java only when the SVD is needed); the product's flops are the caller's to count.
     *
     * @param f F; not modified
     * @param a A, or null for F itself; not modified
     * @param triangular whether A is upper triangular
     */
    static double[] singularValues(Matrix f, Matrix a, boolean triangular, java.util.function.DoubleConsumer flops) {
        Matrix m = a == null || triangular ? f : times(f, a, false);
        int rows = m.rows();
        int cols = a == null ? m.cols() : a.cols();
        if (rows == 0 || cols == 0) {
            return new double[0];
        }
        double q = Math.min(rows, cols);
        flops.accept(q * q * Math.max(rows, cols) + 4 * q * q * q / 3);
        double[] lambda = Linalg.gramEigenvalues(m, a != null && triangular ? a : null);
        double smallest = lambda[lambda.length - 1];
        if (!(lambda[0] > 0) || smallest < GRAM_SAFE * GRAM_SAFE * lambda[0]) {
            flops.accept(svdFlops(rows, cols));
            return Linalg.singularValues(a != null && triangular ? times(f, a, true) : m);
        }
        double[] s = new double[lambda.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = Math.sqrt(lambda[k]);
        }
        return s;
    }

    /**
     * The log pseudo-determinant of P (a kernel's rows times A), with a proof that every singular value of P
     * counts where one holds ({@link Linalg#provedLogPseudoDeterminant}), else from its singular values:
     * <ul>
     *   <li>when the smaller Gram matrix G of P has every eigenvalue above (1.01·{@link #GRAM_SAFE})²·‖G‖_F
     *       (proved by a Cholesky factor of G minus that; ‖G‖_F ≥ λ_max), every singular value of P is at
     *       least 10⁻³·σ_max, above any credit tolerance (ε_float32 and max(rows, cols)·ε_double relative), so
     *       all count and the credit is ½·log det G, by Cholesky: the same quantity {@link #singularValues}
     *       gives through an eigendecomposition (at the same accuracy, both from G), at a sixth of its
     *       cost;</li>
     *   <li>else, or at once when P is triangular (a tall kernel's own factor times R_i⁻¹), the triangular
     *       factor of P (P itself, or its QR or LQ factor) and its inverse bound σ_min from below: when the
     *       bound is above the credit tolerance, all count and the credit is Σ log |t_jj|, the same quantity an
     *       SVD gives and as accurate, for a QR, a triangular inverse and two norms (BLAS 3, no BLAS-2
     *       bidiagonalisation);</li>
     *   <li>else the singular values are computed as before.</li>
     * </ul>
     *
     * @param p the product; not modified
     * @return the credit, or empty where no singular value counts
     */
    static Optional<BlockCredit> credit(Matrix p, int rows, int cols, CreditTolerance tolerance) {
        return credit(p, null, false, rows, cols, tolerance);
    }

    /**
     * The margin on {@link #GRAM_SAFE}² in {@link #credit}'s first proof: the shift is 1.01 · 10⁻⁶ · ‖G‖_F,
     * far above the Cholesky factorisation's backward error (about n·ε·‖G‖ ≈ 10⁻¹³·‖G‖ for n ≈ 10³), so a
     * factor of the shifted G proves every eigenvalue above 10⁻⁶·‖G‖_F ≥ 10⁻⁶·λ_max.
     */
    static final double SHIFT_MARGIN = 1.01;

    /**
     * {@link #credit(Matrix, int, int, CreditTolerance)} of P = F·A. With a triangular A (R_i⁻¹) the product
     * and the proofs run in native memory in one call; P itself is formed in Java only when both proofs fail
     * and the singular values are needed.
     *
     * @param f the kernel's rows or their factor; not modified
     * @param a A (N × r), or null for P = F; not modified
     * @param triangular whether A is upper triangular
     */
    static Optional<BlockCredit> credit(Matrix f, Matrix a, boolean triangular, int rows, int cols,
                                        CreditTolerance tolerance) {
        return credit(f, a, triangular, rows, cols, tolerance, x -> { });
    }

    /**
     * {@link #credit(Matrix, Matrix, boolean, int, int, CreditTolerance)}, counting its work as done: the
     * product, then per proof tried its {@link #proofFlops} (the Cholesky factorisations only when they went
     * through: a failed one stops early) or {@link #factorFlops}, and where both fail the product again and
     * {@link #singularValues(Matrix, java.util.function.DoubleConsumer)}'s count.
     *
     * @param flops receives the counts
     */
    static Optional<BlockCredit> credit(Matrix f, Matrix a, boolean triangular, int rows, int cols,
                                        CreditTolerance tolerance, java.util.function.DoubleConsumer flops) {
        return credited(f, a, triangular, rows, cols, tolerance, flops).credit();
    }

    /**
     * A block's credit from R_{i+1} and A: by {@link #credited}'s proof where R_{i+1}·A is square and upper
     * triangular (the full-rank shortcut with a square R_{i+1}; the proof then costs one DTRTRI beside the
     * product), else from the product's singular values at once, as before the proofs. A truncated fit's
     * product (A = W·R_Tᵀ) has its spectrum cut only at 10⁻³ of X's; where its proofs fail (7 of 16 such
     * block credits in {@code ScalableFormulationTest}'s runs) they would add a Gram matrix, a QR and an
     * inverse before the singular values.
     *
     * @param rOut R_{i+1}; not modified
     * @param a A; not modified
     * @param triangular whether A is upper triangular (R_i⁻¹)
     * @param flops receives the counts: the product (k·N² by DTRMM, else 2·k·N·r) and the proof's or the
     *     singular values'
     */
    static Credited blockCredit(Matrix rOut, Matrix a, boolean triangular, int nOut, int nIn,
                                CreditTolerance tolerance, java.util.function.DoubleConsumer flops) {
        if (triangular && rOut.rows() == rOut.cols()) {
            return credited(rOut, a, true, nOut, nIn, tolerance, flops);
        }
        flops.accept(productFlops(rOut, a, triangular));
        double[] positive = positive(singularValues(rOut, a, triangular, flops));
        return new Credited(BlockCredit.ofSingularValues(positive, nOut, nIn, tolerance), positive, Double.NaN);
    }

    /** @return the flops of F·A: k·N² by DTRMM with a triangular A (k × N F), else 2·k·N·r (N × r A) */
    private static double productFlops(Matrix f, Matrix a, boolean triangular) {
        return triangular ? (double) f.rows() * f.cols() * f.cols() : 2.0 * f.rows() * f.cols() * a.cols();
    }

    /**
     * A product's credit and how it was found.
     *
     * @param credit the credit, or empty where no singular value counts
     * @param positive the product's singular values that are not exactly zero, non-increasing, where they were
     *     computed; null where a proof held (all min(rows, cols) of them count and were not computed)
     * @param provedThreshold where a proof held, the relative threshold it showed every singular value to
     *     exceed (the credit tolerance's); else NaN
     */
    record Credited(Optional<BlockCredit> credit, double[] positive, double provedThreshold) {
        /** Checks that exactly one of the values and the proof is there. */
        Credited {
            java.util.Objects.requireNonNull(credit, "credit");
            if ((positive == null) == Double.isNaN(provedThreshold) || positive == null && credit.isEmpty()) {
                throw new IllegalArgumentException("a credit comes from its singular values or from a proof with"
                        + " its threshold, not both or neither");
            }
        }
    }

    /**
     * {@link #credit(Matrix, Matrix, boolean, int, int, CreditTolerance, java.util.function.DoubleConsumer)},
     * with the singular values where they were computed.
     */
    static Credited credited(Matrix f, Matrix a, boolean triangular, int rows, int cols,
                             CreditTolerance tolerance, java.util.function.DoubleConsumer flops) {
        Matrix p = a == null || triangular ? null : times(f, a, false);
        Matrix b = p == null ? f : p;
        // P = F·R_i⁻¹ (or F) is upper triangular when F is: a tall kernel's own factor
        boolean upper = (a == null || p == null) && Linalg.isUpperTriangular(f);
        if (a != null) {
            flops.accept(productFlops(f, a, triangular));
        }
        int m = b.rows();
        int k = a == null || p != null ? b.cols() : a.cols();
        double q = Math.min(m, k);
        double threshold = tolerance.threshold(1.0, rows, cols);
        Linalg.ProvedLogDeterminant proof = Linalg.provedLogPseudoDeterminant(b, p == null ? a : null, upper,
                SHIFT_MARGIN * GRAM_SAFE * GRAM_SAFE, threshold);
        if (!upper && m > 0 && k > 0) {
            flops.accept(proofFlops(m, k) - 2 * q * q * q / 3);
        }
        switch (proof.route()) {
            case GRAM -> flops.accept(2 * q * q * q / 3);
            case FACTOR, REFUTED -> flops.accept(factorFlops(m, k, upper));
            case SINGULAR -> flops.accept(factorFlops(m, k, upper) - q * q * q / 3);
            default -> { }
        }
        if (proof.proved()) {
            int r = Math.min(m, k);
            return new Credited(Optional.of(new BlockCredit(proof.value(), r, proof.value() / r)), null, threshold);
        }
        if (p == null) {
            // (formed once on the heap, for the Gram eigenvalues and, where those do not suffice, the SVD)
            p = a == null ? f : times(f, a, true);
            flops.accept(a == null ? 0 : (double) f.rows() * f.cols() * f.cols());
        }
        double[] positive = positive(singularValues(p, flops));
        return new Credited(BlockCredit.ofSingularValues(positive, rows, cols, tolerance), positive, Double.NaN);
    }

    /**
     * The flops of {@link #credit}'s second proof for an m × k product: its Householder QR or LQ (2·l·q² −
     * 2q³/3, l and q the larger and smaller sides; none when P is triangular) and the triangular inverse
     * (q³/3).
     *
     * @return the count
     */
    static double factorFlops(int m, int k, boolean triangular) {
        double q = Math.min(m, k);
        double l = Math.max(m, k);
        return (triangular ? 0 : 2 * l * q * q - 2 * q * q * q / 3) + q * q * q / 3;
    }

    /**
     * Flops of the singular values alone of an m × n matrix by LAPACK's dgesdd (k = min, l = max): the
     * bidiagonalisation 4·l·k² − 4k³/3, or from l ≥ 11k/6 a QR first and the bidiagonalisation of its
     * triangle, 2·l·k² + 2k³ (the bidiagonal values' own O(k²) not counted).
     *
     * @return the count
     */
    static double svdFlops(int m, int n) {
        double k = Math.min(m, n);
        double l = Math.max(m, n);
        return l >= (int) (k * 11 / 6) ? 2 * l * k * k + 2 * k * k * k : 4 * l * k * k - 4 * k * k * k / 3;
    }

    /**
     * The flops of {@link #credit}'s proof for c rows times A (N × r): the product (c·N² by dtrmm with a
     * triangular A, else 2·c·N·r) and {@link #proofFlops}; a multiplication and an addition are two flops.
     *
     * @param c rows (0: nothing done)
     * @param n N
     * @param r columns of A
     * @param triangular whether A is upper triangular
     * @return the count
     */
    static double creditFlops(int c, int n, int r, boolean triangular) {
        if (c == 0 || r == 0) {
            return 0;
        }
        return (triangular ? (double) c * n * n : 2.0 * c * n * r) + proofFlops(c, r);
    }

    /**
     * The flops of the Cholesky proof of a c × r product: its Gram matrix of the smaller side (q²·max(c, r),
     * q = min(c, r)) and two Cholesky factorisations (2q³/3).
     *
     * @return the count (0 for an empty product)
     */
    static double proofFlops(int c, int r) {
        double q = Math.min(c, r);
        return q * q * Math.max(c, r) + 2 * q * q * q / 3;
    }

    /** @return the values that are not exactly zero (the dense form keeps exactly these), non-increasing */
    private static double[] positive(double[] s) {
        int k = 0;
        while (k < s.length && s[k] > 0) {
            k++;
        }
        return Arrays.copyOf(s, k);
    }

    /** @return {@code f·a}, by dtrmm when {@code a} is upper triangular (R_i⁻¹: half the multiplications) */
    static Matrix times(Matrix f, Matrix a, boolean triangular) {
        return triangular ? Linalg.multiplyUpperTriangular(f, a) : Linalg.multiply(f, a);
    }

    /**
     * Below this relative error the fidelity of a held-out sample is computed directly, by streaming the
     * block's output activations, instead of from the cross products: the cross-product form subtracts
     * squared norms, which costs about ε/fidelity² relative (2% at a fidelity of 10⁻⁷, a block fitted to
     * float32 rounding), the direct form about ε/fidelity, as the dense path. At 10⁻³ the cross-product
     * form is still accurate to about 10⁻¹⁰.
     */
    static final double DIRECT_BELOW = 1e-3;

    /**
     * Held-out errors from the cross products (see the class comment).
     *
     * @param triangular whether W is R_i⁻¹ (upper triangular: products by dtrmm)
     * @return the relative errors (0 where the held-out output is zero), the samples whose error is below
     *     {@link #DIRECT_BELOW} (to be computed directly), and c = W·Wᵀ·Xᵀx of every sample (N × H)
     */
    private static double[][] fidelityFromCrossProducts(Matrix w, boolean triangular, boolean affine, Matrix crossIn,
                                                        BoundaryFactor out) {
        int h = crossIn.cols();
        Matrix sIn = affine ? plusOne(crossIn) : crossIn;
        // c = W·Wᵀ·s; with W = R_i⁻¹ (upper triangular) by dtrmm, half the multiplications
        Matrix c = triangular
                ? Linalg.multiplyUpperTriangular(w, false, Linalg.multiplyUpperTriangular(w, true, sIn))
                : Linalg.multiply(w, Linalg.multiplyTransposeA(w, sIn));
        Matrix e = Linalg.multiply(out.r(), c);
        double[] ev = e.toColumnMajor();
        double[] cv = c.toColumnMajor();
        double[] xv = out.cross().toColumnMajor();
        int k = e.rows();
        int n = c.rows();
        double[] err = new double[h];
        List<Integer> direct = new ArrayList<>();
        for (int j = 0; j < h; j++) {
            double truth = out.heldNormSq()[j];
            if (truth == 0) {
                continue;
            }
            double fitted = 0;
            for (int q = 0; q < k; q++) {
                fitted += ev[j * k + q] * ev[j * k + q];
            }
            double dot = 0;
            for (int q = 0; q < n; q++) {
                dot += xv[j * n + q] * cv[j * n + q];
            }
            err[j] = Math.sqrt(Math.max(0.0, fitted - 2 * dot + truth)) / Math.sqrt(truth);
            if (!(err[j] >= DIRECT_BELOW)) {
                direct.add(j);
            }
        }
        return new double[][] {err, direct.stream().mapToDouble(Integer::doubleValue).toArray(), cv};
    }

    /** The fidelity of the per-sample errors, or null if one is not finite. */
    private static Fidelity fidelityOf(double[] err, double[] heldNormSq) {
        int h = err.length;
        double[] errors = new double[h];
        int used = 0;
        for (int j = 0; j < h; j++) {
            if (heldNormSq[j] == 0) {
                continue;
            }
            if (!Double.isFinite(err[j])) {
                return null;
            }
            errors[used++] = err[j];
        }
        return Fidelity.of(errors, used, h);
    }

    /** @return the matrix with 1 added to every entry (the constant observable's inner products) */
    private static Matrix plusOne(Matrix m) {
        double[] v = m.toColumnMajor();
        for (int q = 0; q < v.length; q++) {
            v[q] += 1.0;
        }
        return Matrix.wrap(m.rows(), m.cols(), v);
    }

    /** The product K_m⋯K_1: feature weights, its fidelity on the held-out samples, the examples. */
    private static CreditAnalysis.Global global(CreditAnalysis.Run run, boolean affine, List<BoundaryFactor> factors,
                                                List<Block1> fits, Outputs outputs) {
        int m = fits.size();
        if (fits.stream().anyMatch(b -> b.outcome().operator() == null)) {
            return new CreditAnalysis.Global(null, null, null, "some block has no operator, so the product K ="
                    + " K_m⋯K_1 does not exist", CreditAnalysis.examplesWithout(run.data(), outputs.held()));
        }
        int n = run.data().fitCount();
        int classes = outputs.held().rows();
        Matrix zLast = Matrix.wrap(classes, n, outputs.fit());
        // Right to left: L_i = Z_m·P_{m-1}·G_{m-1}⋯G_{i+1}·P_i (classes × N), P_i = W_i·W_iᵀ, G_b = R_bᵀR_b. The
        // product's linear part is L_0·Z_0ᵀ (its rows are the feature weights), and with the constant
        // observable each block's offset Z_{i+1}·P_i·1 reaches the output as L_i·1.
        Matrix q = zLast;
        double[] offset = new double[classes];
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        for (int i = m - 1; i >= 0; i--) {
            Matrix w = fits.get(i).fit().w();
            q = Linalg.multiplyTransposeB(Linalg.multiply(q, w), w);
            if (affine) {
                double[] b = Linalg.multiply(q, ones);
                for (int k = 0; k < classes; k++) {
                    offset[k] += b[k];
                }
            }
            if (i > 0) {
                Matrix r = factors.get(i).r();
                q = Linalg.multiply(Linalg.multiplyTransposeB(q, r), r);
            }
        }
        AnalysisData data = run.data();
        TemplateAgreement.Tally tally = data.holdoutLabels() == null ? null : TemplateAgreement.tally(classes,
                data.holdout(), data.holdoutLabels(), data.holdoutCount());
        FeatureWeights weights = weights(run, q, tally);
        // On the held-out samples: K x = L_0·(Z_0ᵀx) + offset, with Z_0ᵀx the cross products of boundary 0.
        double[] pv = Linalg.multiply(q, factors.get(0).cross()).toColumnMajor();
        int h = run.data().holdoutCount();
        for (int j = 0; j < h; j++) {
            for (int k = 0; k < classes; k++) {
                pv[j * classes + k] += offset[k];
            }
        }
        Matrix predicted = Matrix.wrap(classes, h, pv);
        if (!predicted.isFinite() || weights == null) {
            return new CreditAnalysis.Global(null, null, null, "the product K = K_m⋯K_1 is not finite in double"
                    + " precision", CreditAnalysis.examplesWithout(run.data(), outputs.held()));
        }
        GlobalFidelity fidelity = globalFidelity(predicted, outputs.held(), data.holdoutLabels());
        TemplateAgreement templates = tally == null ? null : tally.result();
        return new CreditAnalysis.Global(weights, templates, fidelity, null,
                CreditAnalysis.examplesPredicted(data, outputs.held(), predicted.toColumnMajor()));
    }

    /**
     * Rows of K: Q·Z_0ᵀ, the coefficients times the training inputs. A tile of classes (all of them when
     * the weights are small) is built from the input tile by tile; above the inline limit the rows stay
     * computed on demand, from Q and the fitting samples (which the caller holds anyway), so that the
     * classes × inputs matrix is never on the heap.
     *
     * @param tally sees every row once (in the computed form during the summaries' pass, so that the rows
     *     are not computed again for it), or null
     * @return the weights, or null if one is not finite
     */
    private static FeatureWeights weights(CreditAnalysis.Run run, Matrix q, TemplateAgreement.Tally tally) {
        int[] shape = run.pn().partition().block(0).inputShape().dims();
        int classes = q.rows();
        int size = run.pn().partition().block(0).nIn();
        FeatureWeights.Rows rows = new WeightRows(q, run.data().fit(), size);
        int tile = FeatureWeights.tileClasses(size);
        try {
            if (FeatureWeights.inline(classes, size, run.inlineLimit())) {
                double[][] all = new double[classes][];
                for (int from = 0; from < classes; from += tile) {
                    int to = Math.min(classes, from + tile);
                    System.arraycopy(rows.rows(from, to), 0, all, from, to - from);
                }
                FeatureWeights inline = new FeatureWeights(shape, all);
                if (tally != null) {
                    inline.forEachTile(tally);
                }
                return inline;
            }
            return FeatureWeights.computed(shape, classes, tile, rows, tally);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Rows {@code from..to-1} of Q·Z_0ᵀ, Z_0 the fitting samples (size × N, read from their float array,
     * the same values as the network input's store), built from tiles of {@link #weightTileRows} inputs.
     *
     * @param q the coefficients, classes × N; not modified
     * @param fit the N fitting samples, sample after sample; not modified (shared with the caller)
     * @param size values per sample
     */
    record WeightRows(Matrix q, float[] fit, int size) implements FeatureWeights.Rows {
        @Override
        public double[][] rows(int from, int to) {
            int n = q.cols();
            Matrix qt = from == 0 && to == q.rows() ? q : q.rowRange(from, to);
            int classes = to - from;
            double[][] out = new double[classes][size];
            int step = weightTileRows(n, classes);
            for (int j0 = 0; j0 < size; j0 += step) {
                int j1 = Math.min(size, j0 + step);
                int h = j1 - j0;
                // Column-major h × N: element (j - j0, k) is input j of sample k.
                double[] t = new double[h * n];
                for (int k = 0; k < n; k++) {
                    int base = k * size;
                    for (int j = j0; j < j1; j++) {
                        t[(j - j0) + k * h] = fit[base + j];
                    }
                }
                // (Q·Z_0ᵀ)[from:to, j0:j1] = Q_tile · tileᵀ
                Matrix part = Linalg.multiplyTransposeBOnce(qt, Matrix.wrap(h, n, t));
                for (int c = 0; c < classes; c++) {
                    for (int j = j0; j < j1; j++) {
                        out[c][j] = part.get(c, j - j0);
                    }
                }
            }
            return out;
        }
    }

    /** Agreement of the product's predictions (classes × H) with the network's outputs. */
    private static GlobalFidelity globalFidelity(Matrix predicted, ColumnStore outputs, int[] labels) {
        GlobalFidelity.Tally tally = new GlobalFidelity.Tally(predicted.cols(), predicted.rows(), labels);
        tally.add(predicted.toColumnMajor(), outputs.toArray(), predicted.cols());
        return tally.result();
    }
}
