package io.koopcredit.credit;

import io.koopcredit.linalg.CholeskyQr;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.linalg.Tsqr;
import io.koopcredit.model.BlockPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the one-step estimator's Gram form ({@code ScalableOneStep}) computes from one block boundary's
 * activations, tile by tile: the R factor of the N fitting activations Z (width × N), the cross products
 * Zᵀ·Y with the H held-out activations, the held-out activations' squared norms, and the own R factor of
 * every kernel whose feature map has more than N rows.
 *
 * <p>The R factors come from the Gram matrices (CholeskyQR, {@link CholeskyQr}: ZᵀZ by DSYRK tile by tile,
 * a tall kernel's own Gram matrix added into the boundary's where the Householder fold merges its factor,
 * then R = chol(G)) when the activations' float32 precision makes that as good as a Householder QR (the
 * criterion of {@link CholeskyQr}); for a boundary where it is not (κ too large, G not positive definite,
 * or a tall kernel's factor refused), {@link #finish} gives nothing and
 * {@link #fallback} makes a second pass that folds the same tiles, in the same order, into today's
 * tall-and-skinny QR ({@link Tsqr}, LAPACK dtpqrt), and keeps this pass's cross products and norms: the
 * same bits as a pass that never tried the Gram matrix ({@link Method#TSQR}). A boundary of fewer rows than
 * N (whose R is not square) takes the Householder fold from the start, and so does one whose Gram matrix,
 * summed at the depth its tiles give ({@link #gramDepth}), could pass the criterion for no values at all
 * ({@link CholeskyQr#hopeless}).
 *
 * <p>The tiles ({@link #tiles}) are a function of the partition, the boundary and N alone, and they must be
 * added in that order: every sum and every fold of the QR is then the same whoever reads the tiles (this
 * JVM from its stores, or a cluster's task from tiles it assembled from its executors' passes), so the
 * results are the same bits.
 *
 * <p>Not thread-safe: one pass per boundary and task.
 */
public final class BoundaryPass {
    /**
     * One tile: rows {@code from} to {@code to} (exclusive) of a boundary, for all samples.
     *
     * @param from first row
     * @param to last row, exclusive
     */
    public record Tile(int from, int to) {
        /** @return rows in the tile */
        public int height() {
            return to - from;
        }
    }

    /** How the R factors are computed. */
    public enum Method {
        /** CholeskyQR where the criterion holds, else nothing ({@link #fallback}). */
        CHOLESKY_QR,
        /** The tall-and-skinny Householder QR folded tile by tile. */
        TSQR
    }

    /**
     * Receives a kernel's own R factor when its feature map has more rows than samples.
     */
    @FunctionalInterface
    public interface KernelSink {
        /**
         * @param column the factor's place among the boundary's tall kernels (0, 1, ...)
         * @param square its N × N upper triangular factor, column-major (owned by the sink)
         */
        void accept(int column, double[] square);
    }

    /**
     * What one boundary's pass gives.
     *
     * @param r the R factor of the fitting activations (N × N, or fewer rows when the boundary has fewer
     *     than N rows)
     * @param cross Zᵀ·Y (N × H)
     * @param heldNormSq ‖y_j‖² of every held-out sample
     * @param kernelColumn for every kernel of the boundary (in channel order), the column of its own factor
     *     given to the {@link KernelSink}, or -1 when its map has at most N rows (its rows are its factor)
     * @param method how R was computed: "Cholesky QR", or "TSQR" with the reason the Gram matrix was refused
     *     (for reports; the numbers do not depend on it beyond R's rounding)
     */
    public record Statistics(Matrix r, Matrix cross, double[] heldNormSq, int[] kernelColumn, String method) {
        /** Checks the shapes. */
        public Statistics {
            Objects.requireNonNull(r, "r");
            Objects.requireNonNull(method, "method");
            if (cross.rows() != r.cols() || heldNormSq.length != cross.cols()) {
                throw new IllegalArgumentException("boundary statistics: R " + r + ", cross products " + cross
                        + " and " + heldNormSq.length + " held-out norms do not fit together");
            }
        }
    }

    private final BlockPartition partition;
    private final int boundary;
    private final int n;
    private final int h;
    private final Method method;
    /** Whether this pass adds the cross products and norms (not in a fallback, which has them already). */
    private final boolean products;
    private final List<ScalableOneStep.Rows> runs;
    private final List<Tile> tiles;
    private final Tsqr all;
    private final CholeskyQr gram;
    private final double[] cross;
    private final double[] norms;
    private final int[] kernelColumn;
    private Tsqr own;
    private CholeskyQr ownGram;
    /** Why the Gram matrices were refused, or null while they are not. */
    private String refused;
    /** The statistics' method of a TSQR pass. */
    private String reason;
    private int run;
    private int next;
    private int nextColumn;
    private int kernel;

    /**
     * A pass that computes the R factors by CholeskyQR where the criterion holds ({@link Method#CHOLESKY_QR}).
     *
     * @param p the blocks
     * @param boundary the boundary (0: the network input; b: the output of block b−1)
     * @param n fitting samples
     * @param h held-out samples
     */
    public BoundaryPass(BlockPartition p, int boundary, int n, int h) {
        this(p, boundary, n, h, Method.CHOLESKY_QR);
    }

    /**
     * @param p the blocks
     * @param boundary the boundary (0: the network input; b: the output of block b−1)
     * @param n fitting samples
     * @param h held-out samples
     * @param method how the R factors are computed
     */
    public BoundaryPass(BlockPartition p, int boundary, int n, int h, Method method) {
        this(p, boundary, n, h, method, true, new double[Math.multiplyExact(n, h)], new double[h]);
    }

    private BoundaryPass(BlockPartition p, int boundary, int n, int h, Method method, boolean products,
                         double[] cross, double[] norms) {
        Objects.requireNonNull(method, "method");
        this.partition = p;
        this.boundary = boundary;
        this.n = n;
        this.h = h;
        this.products = products;
        this.runs = ScalableOneStep.rows(p, boundary, n);
        this.tiles = tiles(p, boundary, n);
        int width = tiles.isEmpty() ? 0 : tiles.get(tiles.size() - 1).to();
        // (a boundary of fewer rows than N has no square R, and a Gram matrix summed this deep can pass no
        // criterion: TSQR from the start, no second pass)
        long depth = gramDepth(runs, tiles, n);
        boolean square = width >= n;
        this.method = method == Method.CHOLESKY_QR && (!square || CholeskyQr.hopeless(n, depth)) ? Method.TSQR : method;
        this.reason = this.method == method ? "TSQR" : "TSQR (Cholesky QR not tried: " + (square ? "a Gram matrix of N = "
                + n + " columns summed at depth " + depth + " can pass no criterion" : width + " rows, fewer than N = " + n
                + ", so R is not square") + ")";
        this.all = this.method == Method.TSQR ? new Tsqr(n) : null;
        this.gram = this.method == Method.CHOLESKY_QR ? new CholeskyQr(n) : null;
        this.cross = cross;
        this.norms = norms;
        this.kernelColumn = new int[(int) runs.stream().filter(r -> r.kernel() >= 0).count()];
        java.util.Arrays.fill(kernelColumn, -1);
        startRun();
    }

    /**
     * The tiles of a boundary in the order a pass reads them: each kernel's feature map on its own (when
     * the block before the boundary has kernel credits), every run cut into tiles of at most
     * {@code ScalableOneStep.tileRows(n)} rows.
     *
     * @param p the blocks
     * @param boundary the boundary
     * @param n fitting samples
     * @return the tiles
     */
    public static List<Tile> tiles(BlockPartition p, int boundary, int n) {
        int step = ScalableOneStep.tileRows(n);
        List<Tile> out = new ArrayList<>();
        for (ScalableOneStep.Rows r : ScalableOneStep.rows(p, boundary, n)) {
            for (int from = r.from(); from < r.to(); from += step) {
                out.add(new Tile(from, Math.min(r.to(), from + step)));
            }
        }
        return out;
    }

    /**
     * The depth of the boundary's Gram matrix ({@link CholeskyQr#depth}) when its tiles are added in order:
     * a tall kernel's tiles into its own accumulator, merged into the boundary's at the end of its map, every
     * other tile into the boundary's; a function of the shapes alone.
     *
     * @param p the blocks
     * @param boundary the boundary
     * @param n fitting samples
     * @return the depth
     */
    public static long gramDepth(BlockPartition p, int boundary, int n) {
        return gramDepth(ScalableOneStep.rows(p, boundary, n), tiles(p, boundary, n), n);
    }

    private static long gramDepth(List<ScalableOneStep.Rows> runs, List<Tile> tiles, int n) {
        long rows = 0;
        long depth = 0;
        int t = 0;
        for (ScalableOneStep.Rows r : runs) {
            boolean tall = r.kernel() >= 0 && r.height() > n;
            long kernelRows = 0;
            long kernelDepth = 0;
            for (; t < tiles.size() && tiles.get(t).to() <= r.to(); t++) {
                int height = tiles.get(t).height();
                if (tall) {
                    kernelDepth = CholeskyQr.depthAfterAdd(kernelRows, kernelDepth, height);
                    kernelRows += height;
                } else {
                    depth = CholeskyQr.depthAfterAdd(rows, depth, height);
                    rows += height;
                }
            }
            depth = CholeskyQr.depthAfterMerge(rows, depth, kernelRows, kernelDepth);
            rows += kernelRows;
        }
        return depth;
    }

    /** @return the tiles this pass reads, in order */
    public List<Tile> tiles() {
        return tiles;
    }

    /** @return the boundary's kernels (feature maps), in channel order, or none */
    List<ScalableOneStep.Rows> kernels() {
        return runs.stream().filter(r -> r.kernel() >= 0).toList();
    }

    /** @return the kernels (feature maps) of boundary b with N samples, in channel order, or none */
    static List<ScalableOneStep.Rows> kernels(BlockPartition p, int boundary, int n) {
        return ScalableOneStep.rows(p, boundary, n).stream().filter(r -> r.kernel() >= 0).toList();
    }

    /** @return the number of kernels whose own factor goes to the sink */
    public int tallKernels() {
        return (int) runs.stream().filter(r -> r.kernel() >= 0 && r.height() > n).count();
    }

    /**
     * @param p the blocks
     * @param boundary the boundary
     * @param n fitting samples
     * @return the number of the boundary's kernels whose feature map has more than N rows (each gets its own
     *     N × N factor)
     */
    public static int tallKernels(BlockPartition p, int boundary, int n) {
        return (int) ScalableOneStep.rows(p, boundary, n).stream().filter(r -> r.kernel() >= 0 && r.height() > n)
                .count();
    }

    private void startRun() {
        ScalableOneStep.Rows r = runs.get(run);
        boolean tall = r.kernel() >= 0 && r.height() > n;
        own = tall && method == Method.TSQR ? new Tsqr(n) : null;
        ownGram = tall && method == Method.CHOLESKY_QR && refused == null ? new CholeskyQr(n) : null;
    }

    /**
     * Adds the next tile.
     *
     * @param z its fitting activations, rows × N column-major; not modified
     * @param y its held-out activations, rows × H column-major; not modified (not read by a {@link #fallback}
     *     pass, which may be given an empty array)
     * @param sink receives a kernel's own factor when this tile ends its feature map
     */
    public void add(double[] z, double[] y, KernelSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (next >= tiles.size()) {
            throw new IllegalStateException("the boundary has " + tiles.size() + " tiles, found one more");
        }
        int rows = tiles.get(next).height();
        if (z.length != (long) rows * n || (products && y.length != (long) rows * h)) {
            throw new IllegalArgumentException("tile " + next + " of " + rows + " rows: expected " + (long) rows * n
                    + " and " + (long) rows * h + " values, found " + z.length + " and " + y.length);
        }
        if (method == Method.TSQR) {
            (own != null ? own : all).add(z, rows);
        } else if (refused == null) {
            (ownGram != null ? ownGram : gram).add(z, rows);
        }
        if (products) {
            Linalg.addMultiplyTransposeA(Matrix.wrap(rows, n, z), Matrix.wrap(rows, h, y), cross);
            for (int j = 0; j < h; j++) {
                double s = 0;
                for (int i = 0; i < rows; i++) {
                    double v = y[j * rows + i];
                    s += v * v;
                }
                norms[j] += s;
            }
        }
        next++;
        ScalableOneStep.Rows r = runs.get(run);
        if (tiles.get(next - 1).to() == r.to()) {
            endRun(r, sink);
            run++;
            if (run < runs.size()) {
                startRun();
            }
        }
    }

    private void endRun(ScalableOneStep.Rows r, KernelSink sink) {
        boolean tall = r.kernel() >= 0 && r.height() > n;
        if (tall) {
            kernelColumn[kernel] = nextColumn++;
        }
        if (own != null) {
            Matrix rc = own.r();
            all.merge(rc);
            double[] square = new double[n * n];
            double[] v = rc.toColumnMajor();
            for (int j = 0; j < n; j++) {
                System.arraycopy(v, j * rc.rows(), square, j * n, rc.rows());
            }
            sink.accept(kernelColumn[kernel], square);
            own = null;
        }
        if (ownGram != null) {
            try (CholeskyQr kernelGram = ownGram) {
                ownGram = null;
                if (refused == null) {
                    gram.merge(kernelGram);
                    CholeskyQr.Decision d = kernelGram.factor();
                    if (d.r() == null) {
                        refuse("kernel " + r.kernel() + "'s own factor: " + d.reason());
                    } else {
                        sink.accept(kernelColumn[kernel], d.r().toColumnMajor());
                    }
                }
            }
        }
        if (r.kernel() >= 0) {
            kernel++;
        }
    }

    private void refuse(String why) {
        refused = "Cholesky QR refused: " + why;
        if (gram != null) {
            gram.close();
        }
    }

    /**
     * @return the statistics, once every tile was added; empty when the pass tried CholeskyQR and the
     *     criterion refused it (then run {@link #fallback} over the same tiles)
     * @throws IllegalStateException if some tile was not added
     */
    public Optional<Statistics> finish() {
        if (next != tiles.size()) {
            throw new IllegalStateException("the boundary has " + tiles.size() + " tiles, found " + next);
        }
        if (method == Method.TSQR) {
            int columns = cross.length == 0 ? 0 : h;
            return Optional.of(new Statistics(all.r(), Matrix.wrap(n, columns, cross), norms, kernelColumn.clone(),
                    reason));
        }
        if (refused == null) {
            CholeskyQr.Decision d;
            try (CholeskyQr g = gram) {
                d = g.factor();
            }
            if (d.r() != null) {
                return Optional.of(new Statistics(d.r(), Matrix.wrap(n, h, cross), norms, kernelColumn.clone(),
                        "Cholesky QR (" + d.rows() + " rows summed at depth " + d.depth() + ", κ allowed up to "
                                + (float) d.allowedKappa() + ")"));
            }
            refused = "Cholesky QR refused: " + d.reason();
        }
        return Optional.empty();
    }

    /**
     * After {@link #finish} gave nothing: the statistics with another pass's R factor (a {@link #fallback}
     * run elsewhere, e.g. by a cluster's second task over the same tiles).
     *
     * @param r the Householder R factor of the same tiles; not modified
     * @return this pass's cross products, norms and kernel columns with that R
     * @throws IllegalStateException if this pass was not refused
     */
    public Statistics withFactor(Matrix r) {
        if (refused == null || next != tiles.size()) {
            throw new IllegalStateException("only a finished, refused Cholesky QR pass takes another R factor");
        }
        return new Statistics(r, Matrix.wrap(n, h, cross), norms, kernelColumn.clone(), "TSQR (" + refused + ")");
    }

    /**
     * A Householder fold of one boundary's R factors alone (no cross products), for a cluster's second task
     * over the same tiles when {@link #finish} gave nothing: its R and kernel factors are the bits of
     * {@link #fallback}'s, and {@link #withFactor} joins its R to the first pass's statistics.
     *
     * @param p the blocks
     * @param boundary the boundary
     * @param n fitting samples
     * @param h held-out samples (the tiles' held-out rows are not read)
     * @return the pass
     */
    public static BoundaryPass factorsOnly(BlockPartition p, int boundary, int n, int h) {
        return new BoundaryPass(p, boundary, n, h, Method.TSQR, false, new double[0], new double[0]);
    }

    /**
     * The pass to run when {@link #finish} gave nothing: today's tall-and-skinny QR over the same tiles, in
     * the same order (feed it every tile again; the kernels' own factors go to the sink again, replacing any
     * given before), with this pass's cross products and norms.
     *
     * @return the fallback pass
     * @throws IllegalStateException if this pass is not a finished, refused CholeskyQR pass
     */
    public BoundaryPass fallback() {
        if (method != Method.CHOLESKY_QR || next != tiles.size() || refused == null) {
            throw new IllegalStateException("a fallback follows a finished Cholesky QR pass that was refused");
        }
        BoundaryPass again = new BoundaryPass(partition, boundary, n, h, Method.TSQR, false, cross, norms);
        again.reason = "TSQR (" + refused + ")";
        return again;
    }
}
