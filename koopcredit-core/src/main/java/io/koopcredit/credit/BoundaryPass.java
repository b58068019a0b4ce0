package io.koopcredit.credit;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.linalg.Tsqr;
import io.koopcredit.model.BlockPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the one-step estimator's Gram form ({@code ScalableOneStep}) computes from one block boundary's
 * activations, tile by tile: the R factor of the N fitting activations Z (width × N) by a tall-and-skinny
 * QR, the cross products Zᵀ·Y with the H held-out activations, the held-out activations' squared norms, and
 * the own R factor of every kernel whose feature map has more than N rows.
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
     */
    public record Statistics(Matrix r, Matrix cross, double[] heldNormSq, int[] kernelColumn) {
        /** Checks the shapes. */
        public Statistics {
            Objects.requireNonNull(r, "r");
            if (cross.rows() != r.cols() || heldNormSq.length != cross.cols()) {
                throw new IllegalArgumentException("boundary statistics: R " + r + ", cross products " + cross
                        + " and " + heldNormSq.length + " held-out norms do not fit together");
            }
        }
    }

    private final int n;
    private final int h;
    private final List<ScalableOneStep.Rows> runs;
    private final List<Tile> tiles;
    private final Tsqr all;
    private final double[] cross;
    private final double[] norms;
    private final int[] kernelColumn;
    private Tsqr own;
    private int run;
    private int next;
    private int nextColumn;
    private int kernel;

    /**
     * @param p the blocks
     * @param boundary the boundary (0: the network input; b: the output of block b−1)
     * @param n fitting samples
     * @param h held-out samples
     */
    public BoundaryPass(BlockPartition p, int boundary, int n, int h) {
        this.n = n;
        this.h = h;
        this.runs = ScalableOneStep.rows(p, boundary, n);
        this.tiles = tiles(p, boundary, n);
        this.all = new Tsqr(n);
        this.cross = new double[Math.multiplyExact(n, h)];
        this.norms = new double[h];
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
        own = r.kernel() >= 0 && r.height() > n ? new Tsqr(n) : null;
    }

    /**
     * Adds the next tile.
     *
     * @param z its fitting activations, rows × N column-major; not modified
     * @param y its held-out activations, rows × H column-major; not modified
     * @param sink receives a kernel's own factor when this tile ends its feature map
     */
    public void add(double[] z, double[] y, KernelSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (next >= tiles.size()) {
            throw new IllegalStateException("the boundary has " + tiles.size() + " tiles, found one more");
        }
        int rows = tiles.get(next).height();
        if (z.length != (long) rows * n || y.length != (long) rows * h) {
            throw new IllegalArgumentException("tile " + next + " of " + rows + " rows: expected " + (long) rows * n
                    + " and " + (long) rows * h + " values, found " + z.length + " and " + y.length);
        }
        (own != null ? own : all).add(z, rows);
        Linalg.addMultiplyTransposeA(Matrix.wrap(rows, n, z), Matrix.wrap(rows, h, y), cross);
        for (int j = 0; j < h; j++) {
            double s = 0;
            for (int i = 0; i < rows; i++) {
                double v = y[j * rows + i];
                s += v * v;
            }
            norms[j] += s;
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
        if (own != null) {
            Matrix rc = own.r();
            all.merge(rc);
            double[] square = new double[n * n];
            double[] v = rc.toColumnMajor();
            for (int j = 0; j < n; j++) {
                System.arraycopy(v, j * rc.rows(), square, j * n, rc.rows());
            }
            kernelColumn[kernel] = nextColumn;
            sink.accept(nextColumn++, square);
            own = null;
        }
        if (r.kernel() >= 0) {
            kernel++;
        }
    }

    /**
     * @return the statistics, once every tile was added
     * @throws IllegalStateException if some tile was not added
     */
    public Statistics finish() {
        if (next != tiles.size()) {
            throw new IllegalStateException("the boundary has " + tiles.size() + " tiles, found " + next);
        }
        return new Statistics(all.r(), Matrix.wrap(n, h, cross), norms, kernelColumn.clone());
    }
}
