package io.koopcredit.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The R factor of a tall matrix given by blocks of rows, without the matrix: a tall-and-skinny QR (TSQR)
 * that folds each block of rows into an n × n upper triangular R with LAPACK's triangular-pentagonal QR
 * (dtpqrt). With Z = Q·R, RᵀR = ZᵀZ and R has Z's singular values and right singular vectors, computed
 * backward stably (as accurately as an SVD of Z itself, unlike the Gram matrix ZᵀZ, which squares Z's
 * condition number). The result depends on the order blocks are added in, which callers fix.
 *
 * <p>Not thread-safe: one accumulator per task.
 */
public final class Tsqr {
    /**
     * Block size of dtpqrt's compact WY representation. Measured on this project's machine (one BLAS thread,
     * tiles of 2²²/n rows): 23.2, 28.6, 27.9 and 26.3 GFLOP/s with 32, 64, 128 and 256 for n = 2000, and
     * 24.9, 26.1, 29.0 and 22.2 for n = 1000.
     */
    static final int BLOCK = 64;

    private final int n;
    /** The folded factor (n × n upper triangular, column-major), or null while fewer than n rows came in. */
    private double[] r;
    /** Rows not folded yet (while fewer than n rows came in), column-major blocks. */
    private final java.util.List<double[]> pending = new java.util.ArrayList<>();
    private final java.util.List<Integer> pendingRows = new java.util.ArrayList<>();
    private int buffered;
    private long rows;

    /** @param n columns of the tall matrix, at least 1 */
    public Tsqr(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("TSQR needs at least one column, found " + n);
        }
        this.n = n;
    }

    /** @return the columns n */
    public int cols() {
        return n;
    }

    /** @return rows folded in so far */
    public long rows() {
        return rows;
    }

    /**
     * Folds in a block of rows.
     *
     * @param block the rows, {@code height × n} column-major (a tile of the tall matrix); not modified until
     *     this call returns (it may be kept until enough rows came in to fold them)
     * @param height rows in the block
     */
    public void add(double[] block, int height) {
        if ((long) height * n != block.length) {
            throw new IllegalArgumentException("a block of " + height + " rows of " + n + " needs " + (long) height * n
                    + " values, found " + block.length);
        }
        if (height == 0) {
            return;
        }
        rows += height;
        if (r != null) {
            fold(block, height, 0);
            return;
        }
        // Until n rows came in, the rows are kept: a triangular factor of fewer rows than columns would spread
        // its information over more rows than it has (the QR of [0; B] without pivoting), so it is formed
        // only from at least n rows, or at the end by the QR of the few rows themselves.
        pending.add(block.clone());
        pendingRows.add(height);
        buffered += height;
        if (buffered >= n) {
            double[] all = stacked();
            pending.clear();
            pendingRows.clear();
            r = new double[Math.multiplyExact(n, n)];
            fold(all, buffered, 0);
            buffered = 0;
        }
    }

    /**
     * Folds in another factor of the same columns: afterwards R is the factor of both tall matrices stacked.
     *
     * @param upper an upper trapezoidal k × n factor (k ≤ n), e.g. another accumulator's {@link #r()}; not
     *     modified
     */
    public void merge(Matrix upper) {
        int k = upper.rows();
        if (upper.cols() != n || k > n) {
            throw new IllegalArgumentException("cannot merge " + upper + " into an R of " + n + " columns");
        }
        if (k == 0) {
            return;
        }
        if (r != null && k == n) {
            rows += k;
            fold(upper.data, k, k);
        } else {
            add(upper.data, k);
        }
    }

    /** @return the pending rows as one column-major block of {@code buffered} rows */
    private double[] stacked() {
        double[] all = new double[Math.multiplyExact(buffered, n)];
        int at = 0;
        for (int p = 0; p < pending.size(); p++) {
            double[] b = pending.get(p);
            int h = pendingRows.get(p);
            for (int j = 0; j < n; j++) {
                System.arraycopy(b, j * h, all, j * buffered + at, h);
            }
            at += h;
        }
        return all;
    }

    private void fold(double[] block, int height, int l) {
        DoublePointer a = Workspace.load(0, r);
        DoublePointer b = Workspace.load(1, block);
        int nb = Math.min(BLOCK, n);
        DoublePointer t = Workspace.reserve(2, (long) nb * n);
        int info = openblas.LAPACKE_dtpqrt(openblas.LAPACK_COL_MAJOR, height, n, l, nb, a, n, b, height, t, nb);
        if (info != 0) {
            throw new ArithmeticException("LAPACK dtpqrt failed on a block of " + height + " x " + n + " (info=" + info
                    + ")");
        }
        a.position(0).get(r, 0, r.length);
        // (the buffers serve the next fold: freeing them here re-faulted a tile's 40 MB and trimmed malloc's
        // arenas at every fold; the tasks that fold trim their thread's workspace when they end)
    }

    /**
     * @return R: n × n upper triangular once at least n rows came in, else the upper trapezoidal
     *     rows × n factor of the rows themselves; in both cases RᵀR = ZᵀZ
     */
    public Matrix r() {
        if (r != null) {
            return Matrix.wrap(n, n, r.clone());
        }
        if (buffered == 0) {
            return Matrix.zeros(0, n);
        }
        return Linalg.qr(Matrix.wrap(buffered, n, stacked())).r();
    }
}
