package io.koopcredit.credit;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.store.ColumnStore;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the one-step estimator's Gram form ({@code ScalableOneStep}) still reads of a block's output
 * activations once the block is fitted from the R factors: the credits of the kernels whose feature map has
 * at most N rows (their rows are their own factor, so their credit is the log pseudo-determinant of the rows
 * times the block's N × r matrix A, {@code ScalableOneStep.credit}), and the direct errors of the held-out samples fitted better than
 * {@link ScalableOneStep#DIRECT_BELOW} (‖F·c_j − f_j‖², streaming F and the f_j tile by tile).
 *
 * <p>A {@link Request} names one boundary's reads; a {@link Reader} takes the boundary's rows in increasing
 * order, in pieces of any size (this JVM's stores, or a cluster task's tiles of {@link BoundaryPass#tiles}),
 * re-cuts them into the same units as the single-machine path (a kernel's whole map; tiles of
 * {@code ScalableOneStep.tileRows(n)} rows from row 0 for the direct errors) and computes on each the same
 * products in the same order: the answer is the same bits whoever feeds it.
 */
public final class BoundaryReads {
    private BoundaryReads() {
    }

    /**
     * One boundary's reads.
     *
     * @param boundary the boundary (b ≥ 1: the output of block b−1)
     * @param width its rows
     * @param n fitting samples N
     * @param kernelRows the kernels to read, as (first row, last row exclusive) pairs, increasing; each at
     *     most N rows
     * @param a the block's A = W·R_Tᵀ or R_i⁻¹, N × {@code aCols}, column-major (empty when no kernel is read)
     * @param aCols r
     * @param triangular whether A is upper triangular (R_i⁻¹, N × N: its products by dtrmm)
     * @param nIn the block's input width (the kernels' credits are those of kernels × nIn operators)
     * @param tolerance the block's resolved credit tolerance
     * @param samples the held-out samples whose error is computed directly, increasing
     * @param c their coefficient columns c_j, N × {@code samples.length}, column-major
     */
    public record Request(int boundary, int width, int n, int[] kernelRows, double[] a, int aCols, boolean triangular,
                          int nIn, CreditTolerance tolerance, int[] samples, double[] c) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Checks the shapes. */
        public Request {
            Objects.requireNonNull(kernelRows, "kernelRows");
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(samples, "samples");
            Objects.requireNonNull(c, "c");
            Objects.requireNonNull(tolerance, "tolerance");
            if (tolerance == CreditTolerance.DATA || triangular && aCols != n) {
                throw new IllegalArgumentException("boundary " + boundary + "'s reads: expected a resolved tolerance"
                        + " and a triangular A of N × N, found " + tolerance + " and " + (triangular ? "a triangular"
                        : "an") + " A of " + aCols + " columns");
            }
            if (kernelRows.length % 2 != 0 || a.length != (long) n * aCols || c.length != (long) n * samples.length
                    || kernelRows.length > 0 && aCols == 0) {
                throw new IllegalArgumentException("boundary " + boundary + "'s reads: expected (first, last) row"
                        + " pairs, A of N = " + n + " rows and c of N rows per sample, found " + kernelRows.length
                        + " row bounds, " + a.length + " values of A (" + aCols + " columns) and " + c.length
                        + " values of c for " + samples.length + " samples");
            }
            for (int k = 0; k < kernelRows.length; k += 2) {
                int from = kernelRows[k];
                int to = kernelRows[k + 1];
                if (from < (k == 0 ? 0 : kernelRows[k - 1]) || to <= from || to > width || to - from > n) {
                    throw new IllegalArgumentException("boundary " + boundary + "'s reads: kernel rows [" + from + ", "
                            + to + ") do not follow the last ones within " + width + " rows, at most N = " + n);
                }
            }
        }

        /** @return the number of kernels read */
        public int kernels() {
            return kernelRows.length / 2;
        }

        /** @return bytes of the request's arrays */
        public long bytes() {
            return Double.BYTES * ((long) a.length + c.length) + Integer.BYTES * ((long) kernelRows.length
                    + samples.length);
        }
    }

    /**
     * One boundary's answers.
     *
     * @param boundary the boundary
     * @param kernels every kernel's credit, that of (its rows)·A, in the request's order
     * @param directSumSq ‖F·c_j − f_j‖² of every requested sample, in the request's order
     */
    public record Answer(int boundary, KernelCredits kernels, double[] directSumSq) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Checks that nothing is missing. */
        public Answer {
            Objects.requireNonNull(kernels, "kernels");
            Objects.requireNonNull(directSumSq, "directSumSq");
            if (!kernels.complete()) {
                throw new IllegalArgumentException("boundary " + boundary + "'s answer lacks some kernel's credit");
            }
        }
    }

    /**
     * @param n fitting samples
     * @return rows per tile of the direct errors (the single-machine path's tiles)
     */
    public static int directTileRows(int n) {
        return ScalableOneStep.tileRows(n);
    }

    /**
     * @param p the blocks
     * @param boundary a boundary
     * @param n fitting samples
     * @return the rows of the boundary's largest kernel whose map has at most N rows (read in the second
     *     stage), or 0 when it has none
     */
    public static int largestShortKernel(io.koopcredit.model.BlockPartition p, int boundary, int n) {
        return BoundaryPass.kernels(p, boundary, n).stream().mapToInt(ScalableOneStep.Rows::height)
                .filter(rows -> rows <= n).max().orElse(0);
    }

    /**
     * Answers a request from this JVM's stores: the direct errors' tiles when samples are asked for (they
     * cover the kernels too), else only the kernels' rows.
     *
     * @param q the request
     * @param z the boundary's fitting activations (width × N); not modified
     * @param y its held-out activations (width × H); not modified
     * @return the answer
     */
    static Answer read(Request q, ColumnStore z, ColumnStore y) {
        return read(q, z, y, ScalableOneStep.tileRows(q.n()));
    }

    /** As {@link #read(Request, ColumnStore, ColumnStore)} with tiles of {@code step} rows. */
    static Answer read(Request q, ColumnStore z, ColumnStore y, int step) {
        Reader reader = new Reader(q, step);
        int n = q.n();
        int s = q.samples().length;
        if (s > 0) {
            double[] column = new double[Math.min(step, q.width())];
            double[] t = new double[0];
            for (int from = 0; from < q.width(); from += step) {
                int to = Math.min(q.width(), from + step);
                int rows = to - from;
                if (t.length != rows * n) {
                    t = new double[rows * n];
                }
                z.getTile(from, to, 0, n, t);
                double[] chosen = new double[rows * s];
                for (int k = 0; k < s; k++) {
                    y.getTile(from, to, q.samples()[k], 1, column);
                    System.arraycopy(column, 0, chosen, k * rows, rows);
                }
                reader.add(from, to, t, chosen);
            }
        } else {
            int[] kr = q.kernelRows();
            // (one array for every run of the same height: the reader keeps nothing of it)
            double[] t = new double[0];
            for (int k = 0; k < kr.length; ) {
                int last = lastOfRun(kr, k, step);
                if (t.length != (kr[last + 1] - kr[k]) * n) {
                    t = new double[(kr[last + 1] - kr[k]) * n];
                }
                z.getTile(kr[k], kr[last + 1], 0, n, t);
                reader.add(kr[k], kr[last + 1], t, new double[0]);
                k = last + 2;
            }
        }
        return reader.finish();
    }

    /**
     * The kernels read together from a store: from kernel {@code k} (its index in the (first, last) pairs)
     * the following ones whose rows join on without a gap while the run spans at most {@code step} rows (at
     * least the first kernel), so that a spilled boundary is read in pieces of up to a tile's rows per sample
     * rather than one kernel's. Each kernel's credit is computed from its own rows as before.
     *
     * @return the index of the run's last pair
     */
    static int lastOfRun(int[] kr, int k, int step) {
        int last = k;
        while (last + 2 < kr.length && kr[last + 2] == kr[last + 1] && kr[last + 3] - kr[k] <= step) {
            last += 2;
        }
        return last;
    }

    /**
     * @param y a tile's held-out activations, rows × H, column-major; not modified
     * @param rows its rows
     * @param samples the columns to keep
     * @return those columns, rows × samples.length
     */
    public static double[] chosenColumns(double[] y, int rows, int[] samples) {
        double[] out = new double[rows * samples.length];
        for (int k = 0; k < samples.length; k++) {
            System.arraycopy(y, samples[k] * rows, out, k * rows, rows);
        }
        return out;
    }

    /**
     * Takes a boundary's rows in increasing order and answers a request. Not thread-safe.
     */
    public static final class Reader {
        private final Request q;
        private final int n;
        private final int s;
        private final int step;
        private final KernelCredits kernelCredits;
        private final double[] sumSq;
        /** The request's A as a matrix, made at the first kernel. */
        private Matrix a;
        private int kernel;
        private double[] kernelBuffer;
        /** The last kernel's buffer, for the next kernel of the same height (the credit keeps nothing of it). */
        private double[] kernelSpare;
        private int kernelFilled;
        private int tileFrom;
        private double[] tileZ;
        private double[] tileY;
        private int tileFilled;
        private int nextRow;

        /** @param q the request; not modified */
        public Reader(Request q) {
            this(q, ScalableOneStep.tileRows(q.n()));
        }

        /**
         * @param q the request; not modified
         * @param step rows per tile of the direct errors (the single-machine path's: {@code tileRows(n)};
         *     tests use fewer)
         */
        Reader(Request q, int step) {
            this.q = Objects.requireNonNull(q, "q");
            this.n = q.n();
            this.s = q.samples().length;
            this.step = step;
            this.kernelCredits = new KernelCredits(q.kernels());
            this.sumSq = new double[s];
        }

        /**
         * Adds rows {@code from..to-1} of the boundary. Rows come in increasing order; they may skip rows
         * only when no sample is asked for.
         *
         * @param from first row
         * @param to last row, exclusive
         * @param z their fitting activations, (to − from) × N, column-major; not modified
         * @param chosen their held-out activations of the requested samples, (to − from) × samples,
         *     column-major ({@link #chosenColumns}); not modified
         */
        public void add(int from, int to, double[] z, double[] chosen) {
            int rows = to - from;
            if (from < nextRow || rows <= 0 || to > q.width() || z.length != (long) rows * n
                    || chosen.length != (long) rows * s || s > 0 && from != nextRow) {
                throw new IllegalArgumentException("boundary " + q.boundary() + ": expected rows from " + nextRow
                        + (s > 0 ? "" : " on") + " with " + n + " fitting and " + s + " held-out values per row, found"
                        + " rows [" + from + ", " + to + ") with " + z.length + " and " + chosen.length + " values");
            }
            nextRow = to;
            int[] kr = q.kernelRows();
            while (kernel < q.kernels() && kr[2 * kernel] < to) {
                int kFrom = kr[2 * kernel];
                int kTo = kr[2 * kernel + 1];
                int height = kTo - kFrom;
                int lo = Math.max(from, kFrom);
                int hi = Math.min(to, kTo);
                if (hi <= lo) {
                    break;
                }
                if (kernelBuffer == null) {
                    kernelBuffer = kernelSpare != null && kernelSpare.length == height * n ? kernelSpare
                            : new double[height * n];
                    kernelFilled = 0;
                }
                copyRows(z, rows, from, kernelBuffer, height, kFrom, lo, hi, n);
                kernelFilled += hi - lo;
                if (kernelFilled < height) {
                    break;
                }
                if (a == null) {
                    // one matrix for every kernel: a large one keeps a native copy for the products, made once
                    a = Matrix.wrap(n, q.aCols(), q.a());
                }
                // Rows that no fitting sample activates (a ReLU map is often zero at most positions) are set
                // aside: a zero row of F is one of F·A, whose singular values are the other rows' and zeros,
                // and zeros are in no credit. The same credit from a smaller product, and the Cholesky proof
                // now holds where only those rows made the Gram matrix singular (the SVD was needed before).
                Matrix kept = Matrix.wrap(height, n, kernelBuffer).withoutZeroRows();
                kernelCredits.set(kernel++, kept.rows() == 0 ? java.util.Optional.empty()
                        : ScalableOneStep.credit(kept, a, q.triangular(), height, q.nIn(), q.tolerance(),
                        kernelCredits::addFlops));
                kernelSpare = kernelBuffer;
                kernelBuffer = null;
            }
            if (s > 0) {
                int at = from;
                while (at < to) {
                    int tileTo = Math.min(q.width(), tileFrom + step);
                    int height = tileTo - tileFrom;
                    if (tileFilled == 0 && (tileZ == null || tileZ.length != height * n)) {
                        // (a tile's arrays serve the next tile of the same height: direct() keeps nothing)
                        tileZ = new double[height * n];
                        tileY = new double[height * s];
                    }
                    int hi = Math.min(to, tileTo);
                    copyRows(z, rows, from, tileZ, height, tileFrom, at, hi, n);
                    copyRows(chosen, rows, from, tileY, height, tileFrom, at, hi, s);
                    tileFilled += hi - at;
                    at = hi;
                    if (tileFilled == height) {
                        direct(height);
                        tileFrom = tileTo;
                        tileFilled = 0;
                    }
                }
            }
        }

        /** One tile of the direct errors: the prediction F·c and its squared distance to each f_j. */
        private void direct(int rows) {
            double[] predicted = Linalg.multiplyOnce(Matrix.wrap(rows, n, tileZ), Matrix.wrap(n, s, q.c()))
                    .toColumnMajor();
            for (int k = 0; k < s; k++) {
                double acc = 0;
                for (int i = 0; i < rows; i++) {
                    double d = predicted[k * rows + i] - tileY[k * rows + i];
                    acc += d * d;
                }
                sumSq[k] += acc;
            }
        }

        /**
         * @return the answer, once every row it needs was added
         * @throws IllegalStateException if a kernel or a tile of the direct errors is incomplete
         */
        public Answer finish() {
            if (kernel != q.kernels() || s > 0 && tileFrom != q.width()) {
                throw new IllegalStateException("boundary " + q.boundary() + ": expected " + q.kernels()
                        + " kernels and rows up to " + (s > 0 ? q.width() : 0) + " for the direct errors, found "
                        + kernel + " kernels and rows up to " + (s > 0 ? tileFrom : 0));
            }
            return new Answer(q.boundary(), kernelCredits, sumSq.clone());
        }
    }

    /**
     * Copies rows {@code lo..hi-1} of every column from a block of rows starting at {@code srcFrom} into one
     * starting at {@code dstFrom}.
     */
    private static void copyRows(double[] src, int srcRows, int srcFrom, double[] dst, int dstRows, int dstFrom,
                                 int lo, int hi, int cols) {
        for (int j = 0; j < cols; j++) {
            System.arraycopy(src, j * srcRows + (lo - srcFrom), dst, j * dstRows + (lo - dstFrom), hi - lo);
        }
    }
}
