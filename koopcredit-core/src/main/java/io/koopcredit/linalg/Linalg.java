package io.koopcredit.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_full;

/**
 * The project's only door to native BLAS/LAPACK (OpenBLAS through JavaCPP). Static methods, none of which
 * modifies its arguments.
 *
 * <p>Backend chosen by measurement on this project's 2-core machine (see README, "Performance"):
 * OpenBLAS DGEMM and LAPACK's divide-and-conquer SVD were many times faster than the pure-Java libraries
 * measured. BLAS runs on {@link #BLAS_THREADS} thread: the analysis parallelises across trials and blocks
 * in Java, and BLAS threads competing with those threads and with ONNX Runtime's were measured to slow
 * everything down.
 */
public final class Linalg {
    /**
     * OpenBLAS threads. One: parallelism comes from running trials and blocks concurrently, and OpenBLAS
     * with 2 threads was measured up to 7× slower when the other core was busy.
     */
    public static final int BLAS_THREADS = 1;

    private static final int COL = openblas.LAPACK_COL_MAJOR;

    static {
        openblas_full.openblas_set_num_threads(BLAS_THREADS);
    }

    /**
     * Initializes this class, and with it OpenBLAS's thread count ({@link #BLAS_THREADS}), before any native
     * call: the rounding of OpenBLAS's products depends on its thread count.
     */
    static void ensureBlasThreads() {
        // (the static initializer above did the work)
    }

    private Linalg() {
    }

    /**
     * Matrices at least this large keep a native copy from their second use in a product on: they are usually
     * applied again and again (the alignment matrix A at every embedding step), and a copy per call would cost
     * as much as the product; one used once (a tile, a temporary) keeps none. 2^18 values are 2 MiB.
     */
    static final int MIRROR_THRESHOLD = 1 << 18;

    /**
     * @param a m × k; not modified
     * @param b k × n; not modified
     * @return {@code a · b}
     */
    public static Matrix multiply(Matrix a, Matrix b) {
        return gemm(a, false, b, false);
    }

    /**
     * @param a k × m; not modified
     * @param b k × n; not modified
     * @return {@code aᵀ · b}
     */
    public static Matrix multiplyTransposeA(Matrix a, Matrix b) {
        return gemm(a, true, b, false);
    }

    /**
     * @param a m × k; not modified
     * @param b n × k; not modified
     * @return {@code a · bᵀ}
     */
    public static Matrix multiplyTransposeB(Matrix a, Matrix b) {
        return gemm(a, false, b, true);
    }

    /**
     * A product with an upper triangular matrix (dtrmm): half the multiplications of {@link #multiply}.
     *
     * @param a m × n; not modified
     * @param upper n × n upper triangular (its strictly lower triangle is ignored, taken as zero); not modified
     * @return {@code a · upper}
     */
    public static Matrix multiplyUpperTriangular(Matrix a, Matrix upper) {
        int n = a.cols();
        if (upper.rows() != n || upper.cols() != n) {
            throw new IllegalArgumentException("cannot multiply " + a + " by the triangular " + upper);
        }
        return trmm(upper, false, false, a);
    }

    /**
     * A product with an upper triangular matrix on the left (dtrmm): half the multiplications of
     * {@link #multiply}.
     *
     * @param upper m × m upper triangular (its strictly lower triangle is ignored, taken as zero); not modified
     * @param transpose whether to multiply by upperᵀ instead
     * @param b m × n; not modified
     * @return {@code upper · b}, or {@code upperᵀ · b}
     */
    public static Matrix multiplyUpperTriangular(Matrix upper, boolean transpose, Matrix b) {
        int m = b.rows();
        if (upper.rows() != m || upper.cols() != m) {
            throw new IllegalArgumentException("cannot multiply the triangular " + upper + (transpose ? "ᵀ" : "")
                    + " by " + b);
        }
        return trmm(upper, true, transpose, b);
    }

    /** op(upper)·b (left) or b·op(upper) (right) by dtrmm; shapes checked by the callers. */
    private static Matrix trmm(Matrix upper, boolean left, boolean transpose, Matrix b) {
        int m = b.rows();
        int n = b.cols();
        int size = Math.multiplyExact(m, n);
        if (m == 0 || n == 0) {
            return Matrix.wrap(m, n, new double[size]);
        }
        // (a triangular factor is usually applied again and again, e.g. R_i⁻¹ to every kernel's rows: mirrored)
        DoublePointer pu = operand(upper, 0);
        DoublePointer pb = Workspace.load(1, b.data);
        openblas.cblas_dtrmm(openblas.CblasColMajor, left ? openblas.CblasLeft : openblas.CblasRight,
                openblas.CblasUpper, transpose ? openblas.CblasTrans : openblas.CblasNoTrans, openblas.CblasNonUnit,
                m, n, 1.0, pu, upper.rows(), pb, m);
        return Matrix.wrap(m, n, Workspace.read(pb, size));
    }

    /** @return {@code r} (n × n, column-major) with its strictly lower triangle set to zero, in place */
    private static double[] upperPart(double[] r, int n) {
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                r[i + j * n] = 0.0;
            }
        }
        return r;
    }

    /**
     * {@code a · b} for operands used once, such as a tile of activations: they are copied into this thread's
     * reusable native slots, where {@link #multiply} keeps a native copy of a large operand for the next
     * product (which a temporary would leave behind until the garbage collector frees it).
     *
     * @param a m × k; not modified
     * @param b k × n; not modified
     * @return {@code a · b}
     */
    public static Matrix multiplyOnce(Matrix a, Matrix b) {
        return gemm(a, false, b, false, false);
    }

    /**
     * {@code a · bᵀ} for operands used once ({@link #multiplyOnce}).
     *
     * @param a m × k; not modified
     * @param b n × k; not modified
     * @return {@code a · bᵀ}
     */
    public static Matrix multiplyTransposeBOnce(Matrix a, Matrix b) {
        return gemm(a, false, b, true, false);
    }

    /**
     * Values of the tall operand per tile in {@link #multiplyTall} and {@link #multiplyTransposeATall}: 2²²
     * (32 MiB). A constant, so the tiles, and with them the order of every sum, depend on the shapes alone.
     */
    static final long TALL_TILE_VALUES = 1L << 22;

    /**
     * @param rows the tall operands' rows
     * @param width the widest of their columns
     * @param tileValues values per tile
     * @return rows per tile of a tall product: {@code tileValues} values of the widest operand, at least one row
     */
    static int tallTileRows(int rows, int width, long tileValues) {
        return (int) Math.max(1, Math.min(rows, tileValues / Math.max(1, width)));
    }

    /**
     * {@code a · b} for a tall {@code a} and a small {@code b}, a tile of rows at a time: native memory holds
     * one tile of {@code a} and of the product ({@link #TALL_TILE_VALUES} values each, or one row) and {@code b},
     * never the whole of either, and no native copy is kept. Each row of the product is the same sum of k
     * products as in {@link #multiply} (the tiles split rows, not the inner dimension).
     *
     * @param a m × k; not modified
     * @param b k × n; not modified
     * @return {@code a · b}
     */
    public static Matrix multiplyTall(Matrix a, Matrix b) {
        return multiplyTall(a, b, TALL_TILE_VALUES);
    }

    /** {@link #multiplyTall(Matrix, Matrix)} with tiles of {@code tileValues} (tests use small tiles). */
    static Matrix multiplyTall(Matrix a, Matrix b, long tileValues) {
        if (b.rows() != a.cols()) {
            throw new IllegalArgumentException("cannot multiply " + a + " by " + b);
        }
        return Matrix.wrap(a.rows(), b.cols(), tallProduct(a, b.data, b.cols(), tileValues));
    }

    /**
     * {@link #applyToSamples} for a tall {@code a} used once or a few times, such as an operator's factor:
     * a tile of rows at a time, as {@link #multiplyTall}, with no native copy kept.
     *
     * @param a m × n; not modified
     * @param samples {@code count} samples of n values, sample after sample; not modified
     * @param count the number of samples
     * @return {@code a · X}, m values per sample, sample after sample
     */
    public static double[] applyTall(Matrix a, double[] samples, int count) {
        if ((long) count * a.cols() != samples.length) {
            throw new IllegalArgumentException("expected " + count + " samples of " + a.cols() + " values, found "
                    + samples.length + " values");
        }
        return tallProduct(a, samples, count, TALL_TILE_VALUES);
    }

    /** a (m × k) times b (k × n, column-major), a tile of rows at a time; shapes checked by the callers. */
    private static double[] tallProduct(Matrix a, double[] b, int n, long tileValues) {
        int m = a.rows();
        int k = a.cols();
        double[] c = new double[Math.multiplyExact(m, n)];
        if (m == 0 || n == 0 || k == 0) {
            return c;
        }
        int step = tallTileRows(m, Math.max(k, n), tileValues);
        DoublePointer pb = Workspace.load(1, b);
        DoublePointer pa = Workspace.reserve(0, (long) step * k);
        DoublePointer pc = Workspace.reserve(2, (long) step * n);
        for (int from = 0; from < m; from += step) {
            int rows = Math.min(step, m - from);
            for (int j = 0; j < k; j++) {
                pa.position((long) j * rows).put(a.data, from + j * m, rows);
            }
            openblas.cblas_dgemm(openblas.CblasColMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, rows, n, k,
                    1.0, pa.position(0), rows, pb, k, 0.0, pc.position(0), rows);
            for (int j = 0; j < n; j++) {
                pc.position((long) j * rows).get(c, from + j * m, rows);
            }
        }
        pa.position(0);
        pc.position(0);
        return c;
    }

    /**
     * {@code aᵀ · b} for two tall operands with the same rows, summed a tile of rows at a time into the
     * small product: native memory holds one tile of each operand ({@link #TALL_TILE_VALUES} values, or one row,
     * each) and the product, never the whole of either, and no native copy is kept. The sum over rows is
     * split at the tiles' bounds, which depend on the shapes alone.
     *
     * @param a m × k; not modified
     * @param b m × n; not modified
     * @return {@code aᵀ · b}, k × n
     */
    public static Matrix multiplyTransposeATall(Matrix a, Matrix b) {
        return multiplyTransposeATall(a, b, TALL_TILE_VALUES);
    }

    /** {@link #multiplyTransposeATall(Matrix, Matrix)} with tiles of {@code tileValues} (tests use small tiles). */
    static Matrix multiplyTransposeATall(Matrix a, Matrix b, long tileValues) {
        int m = a.rows();
        int k = a.cols();
        int n = b.cols();
        if (b.rows() != m) {
            throw new IllegalArgumentException("cannot multiply " + a + "ᵀ by " + b);
        }
        int size = Math.multiplyExact(k, n);
        if (m == 0 || n == 0 || k == 0) {
            return Matrix.wrap(k, n, new double[size]);
        }
        int step = tallTileRows(m, Math.max(k, n), tileValues);
        DoublePointer pa = Workspace.reserve(0, (long) step * k);
        DoublePointer pb = Workspace.reserve(1, (long) step * n);
        DoublePointer pc = Workspace.reserve(2, size);
        for (int from = 0; from < m; from += step) {
            int rows = Math.min(step, m - from);
            for (int j = 0; j < k; j++) {
                pa.position((long) j * rows).put(a.data, from + j * m, rows);
            }
            for (int j = 0; j < n; j++) {
                pb.position((long) j * rows).put(b.data, from + j * m, rows);
            }
            openblas.cblas_dgemm(openblas.CblasColMajor, openblas.CblasTrans, openblas.CblasNoTrans, k, n, rows,
                    1.0, pa.position(0), rows, pb.position(0), rows, from == 0 ? 0.0 : 1.0, pc.position(0), k);
        }
        pa.position(0);
        pb.position(0);
        return Matrix.wrap(k, n, Workspace.read(pc, size));
    }

    private static Matrix gemm(Matrix a, boolean ta, Matrix b, boolean tb) {
        return gemm(a, ta, b, tb, true);
    }

    /** @param kept whether a large operand keeps its native copy (else this thread's slots are used) */
    private static Matrix gemm(Matrix a, boolean ta, Matrix b, boolean tb, boolean kept) {
        int m = ta ? a.cols() : a.rows();
        int k = ta ? a.rows() : a.cols();
        int kb = tb ? b.cols() : b.rows();
        int n = tb ? b.rows() : b.cols();
        if (k != kb) {
            throw new IllegalArgumentException("cannot multiply " + a + (ta ? "ᵀ" : "") + " by " + b + (tb ? "ᵀ" : ""));
        }
        int size = Math.multiplyExact(m, n);
        if (m == 0 || n == 0 || k == 0) {
            return Matrix.wrap(m, n, new double[size]);
        }
        DoublePointer pa = kept ? operand(a, 0) : Workspace.load(0, a.data);
        DoublePointer pb = kept ? operand(b, 1) : Workspace.load(1, b.data);
        DoublePointer pc = Workspace.reserve(2, size);
        openblas.cblas_dgemm(openblas.CblasColMajor, ta ? openblas.CblasTrans : openblas.CblasNoTrans,
                tb ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1.0, pa, Math.max(1, a.rows()),
                pb, Math.max(1, b.rows()), 0.0, pc, Math.max(1, m));
        return Matrix.wrap(m, n, Workspace.read(pc, size));
    }

    /**
     * A matrix's values in native memory: its mirror when it is large and used again (from its second use on),
     * else a copy in this thread's slot.
     */
    private static DoublePointer operand(Matrix a, int slot) {
        DoublePointer mirror = a.data.length >= MIRROR_THRESHOLD ? a.mirrorOnReuse() : null;
        return mirror != null ? mirror : Workspace.load(slot, a.data);
    }


    /**
     * Adds a product to an accumulator: {@code c += aᵀ · b}, without allocating the product.
     *
     * @param a k × m; not modified
     * @param b k × n; not modified
     * @param c m × n values, column-major; modified
     */
    public static void addMultiplyTransposeA(Matrix a, Matrix b, double[] c) {
        int m = a.cols();
        int n = b.cols();
        int k = a.rows();
        if (b.rows() != k || c.length != (long) m * n) {
            throw new IllegalArgumentException("cannot add " + a + "ᵀ·" + b + " to " + c.length + " values");
        }
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        DoublePointer pa = Workspace.load(0, a.data);
        DoublePointer pb = Workspace.load(1, b.data);
        DoublePointer pc = Workspace.load(2, c);
        openblas.cblas_dgemm(openblas.CblasColMajor, openblas.CblasTrans, openblas.CblasNoTrans, m, n, k, 1.0, pa,
                Math.max(1, k), pb, Math.max(1, k), 1.0, pc, Math.max(1, m));
        pc.position(0).get(c, 0, c.length);
    }

    /**
     * The Gram matrix {@code aᵀ·a} (dsyrk), symmetric.
     *
     * @param a k × n; not modified
     * @return the n × n matrix aᵀa
     */
    public static Matrix gram(Matrix a) {
        int k = a.rows();
        int n = a.cols();
        double[] g = new double[Math.multiplyExact(n, n)];
        if (n == 0 || k == 0) {
            return Matrix.wrap(n, n, g);
        }
        DoublePointer pa = Workspace.load(0, a.data);
        DoublePointer pg = Workspace.reserve(1, (long) n * n);
        openblas.cblas_dsyrk(openblas.CblasColMajor, openblas.CblasUpper, openblas.CblasTrans, n, k, 1.0, pa, k, 0.0,
                pg, n);
        pg.position(0).get(g, 0, g.length);
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                g[i + j * n] = g[j + i * n];
            }
        }
        return Matrix.wrap(n, n, g);
    }

    /**
     * From this order on, eigenvalues without vectors come from LAPACK's two-stage tridiagonalisation
     * (dsyevd_2stage: a BLAS-3 reduction to a band, then the band to tridiagonal) instead of the one-stage
     * dsytrd, half of whose work is matrix-vector products that stream the whole trailing matrix. Measured
     * on the 2-core reference machine (32 MiB of L3 cache shared by both cores) with two solves at once, one
     * per core: order 2000, 0.72 s (one-stage) vs 0.55 s (two-stage) per pair; order 1500, 0.20 vs 0.25 s;
     * order 1000, 0.057 vs 0.083 s. The one-stage form slows down once two matrices no longer share the
     * cache, the two-stage form does not. A constant, so that which routine runs, and so every rounding,
     * depends on the order alone, never on the machine.
     */
    public static final int TWO_STAGE_FROM = 1800;

    /**
     * Eigenvalues (and optionally eigenvectors) of a symmetric matrix, by divide and conquer (dsyevd; values
     * alone from order {@link #TWO_STAGE_FROM} by dsyevd_2stage).
     *
     * @param g n × n symmetric with finite entries (its upper triangle is read); not modified
     * @param vectors whether to compute the eigenvectors
     * @return the eigenvalues, non-increasing, and the matrix of matching eigenvectors (columns; null
     *     without vectors)
     */
    public static SymmetricEigen symmetricEigen(Matrix g, boolean vectors) {
        if (g.rows() != g.cols()) {
            throw new IllegalArgumentException("eigenvalues of a non-square " + g);
        }
        requireFinite(g, "eigenvalues");
        int n = g.rows();
        if (n == 0) {
            return new SymmetricEigen(new double[0], vectors ? Matrix.zeros(0, 0) : null);
        }
        DoublePointer a = Workspace.load(0, g.data);
        double[] values = eigenvaluesInPlace(a, n, vectors, g);
        Matrix v = null;
        if (vectors) {
            double[] z = Workspace.read(a, n * n);
            double[] reversed = new double[n * n];
            for (int j = 0; j < n; j++) {
                System.arraycopy(z, (n - 1 - j) * n, reversed, j * n, n);
            }
            v = Matrix.wrap(n, n, reversed);
        }
        return new SymmetricEigen(values, v);
    }

    /**
     * The eigenvalues of a symmetric matrix in native memory (upper triangle read; overwritten, with the
     * eigenvectors when asked), by {@link #symmetricEigen}'s choice of routine.
     *
     * @param what named in an error
     * @return the eigenvalues, non-increasing
     */
    private static double[] eigenvaluesInPlace(DoublePointer a, int n, boolean vectors, Matrix what) {
        DoublePointer w = Workspace.reserve(5, n);
        if (!vectors && n >= TWO_STAGE_FROM) {
            check(openblas.LAPACKE_dsyevd_2stage(COL, (byte) 'N', (byte) 'U', n, a, n, w), "dsyevd_2stage", what);
        } else {
            check(openblas.LAPACKE_dsyevd(COL, (byte) (vectors ? 'V' : 'N'), (byte) 'U', n, a, n, w), "dsyevd", what);
        }
        double[] ascending = Workspace.read(w, n);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = ascending[n - 1 - i];
        }
        return values;
    }

    /**
     * The eigenvalues of the smaller Gram matrix of P = B·U (or of B): PᵀP when P has at least as many rows
     * as columns, else PPᵀ. The same calls as {@link #multiplyUpperTriangular(Matrix, Matrix)}, {@link #gram}
     * and {@link #symmetricEigen} without vectors (so the same values to the bit for a tall or square P; for a
     * wide one PPᵀ comes from dsyrk without a transposed copy, the same values to rounding), in native memory
     * from start to end: neither P nor its Gram matrix is copied back to Java and forth again.
     *
     * @param b m × k with finite entries; not modified
     * @param upper k × k upper triangular (its strictly lower triangle is ignored), or null for P = B; not
     *     modified
     * @return the eigenvalues, non-increasing (min(m, k) of them)
     */
    public static double[] gramEigenvalues(Matrix b, Matrix upper) {
        int m = b.rows();
        int k = b.cols();
        if (upper != null && (upper.rows() != k || upper.cols() != k)) {
            throw new IllegalArgumentException("the Gram eigenvalues of " + b + " times the triangular " + upper
                    + ": expected a square factor of " + k + " rows");
        }
        requireFinite(b, "Gram eigenvalues");
        if (upper != null) {
            requireFinite(upper, "Gram eigenvalues");
        }
        if (m == 0 || k == 0) {
            return new double[0];
        }
        DoublePointer pb = loadProduct(b, upper);
        boolean tall = m >= k;
        int q = tall ? k : m;
        DoublePointer pg = Workspace.reserve(2, (long) q * q);
        openblas.cblas_dsyrk(openblas.CblasColMajor, openblas.CblasUpper, tall ? openblas.CblasTrans
                : openblas.CblasNoTrans, q, tall ? m : k, 1.0, pb, m, 0.0, pg, q);
        if (!Double.isFinite(openblas.LAPACKE_dlansy(COL, (byte) 'M', (byte) 'U', q, pg, q))) {
            throw new ArithmeticException("Gram eigenvalues of " + b + ": its Gram matrix has non-finite entries");
        }
        return eigenvaluesInPlace(pg, q, false, b);
    }

    /**
     * The upper triangular Cholesky factor.
     *
     * @param g n × n symmetric (upper triangle read); not modified
     * @return R with RᵀR = g, or null if g is not positive definite to working precision
     */
    public static Matrix choleskyUpper(Matrix g) {
        if (g.rows() != g.cols()) {
            throw new IllegalArgumentException("Cholesky of a non-square " + g);
        }
        requireFinite(g, "Cholesky");
        int n = g.rows();
        DoublePointer a = Workspace.load(0, g.data);
        if (n > 0 && openblas.LAPACKE_dpotrf(COL, (byte) 'U', n, a, n) != 0) {
            return null;
        }
        double[] r = upperPart(Workspace.read(a, n * n), n);
        return Matrix.wrap(n, n, r);
    }

    /**
     * log det G of a symmetric matrix proved to have every eigenvalue above a shift: G − shift·I has a
     * Cholesky factor (dpotrf succeeds only on a matrix that is positive definite up to a backward error of
     * about n·ε·‖G‖, so a shift well above that proves λ_min(G) &gt; shift − n·ε·‖G‖), and then log det G =
     * 2·Σ log l_ii from G's own Cholesky factor. Two Cholesky factorisations (n³/3 multiplications each,
     * BLAS 3) instead of an eigendecomposition.
     *
     * @param g n × n symmetric with finite entries (upper triangle read); not modified
     * @param shift the bound to prove, at least 0
     * @return log det G, or empty if G − shift·I is not positive definite to working precision
     */
    public static java.util.OptionalDouble logDeterminantAbove(Matrix g, double shift) {
        if (g.rows() != g.cols() || !(shift >= 0) || !Double.isFinite(shift)) {
            throw new IllegalArgumentException("a log determinant above " + shift + " needs a square matrix, found "
                    + g);
        }
        requireFinite(g, "log determinant");
        int n = g.rows();
        if (n == 0) {
            return java.util.OptionalDouble.of(0.0);
        }
        double[] shifted = g.data.clone();
        for (int j = 0; j < n; j++) {
            shifted[j + j * n] -= shift;
        }
        if (openblas.LAPACKE_dpotrf(COL, (byte) 'U', n, Workspace.load(0, shifted), n) != 0) {
            return java.util.OptionalDouble.empty();
        }
        DoublePointer a = Workspace.load(0, g.data);
        if (openblas.LAPACKE_dpotrf(COL, (byte) 'U', n, a, n) != 0) {
            return java.util.OptionalDouble.empty();
        }
        double[] l = Workspace.read(a, n * n);
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.log(l[j + j * n]);
        }
        return java.util.OptionalDouble.of(2 * sum);
    }

    /**
     * {@link #logDeterminantAbove} of the smaller Gram matrix of P = B·U (or of B itself), with the shift
     * relative to that Gram matrix's Frobenius norm, in native memory from start to end: B is loaded once,
     * multiplied by U in place (dtrmm), its Gram matrix G (PᵀP when P has at least as many rows as columns,
     * else PPᵀ: dsyrk without a transposed copy) summed into a native buffer, ‖G‖_F taken from its upper
     * triangle (dlansy), G − shift·I copied natively and both factorised (dpotrf); only the diagonal of G's
     * factor is read back. The same calls as {@link #multiplyUpperTriangular(Matrix, Matrix)}, {@link #gram}
     * and {@link #logDeterminantAbove}, without their copies between Java and native memory.
     *
     * @param b m × k; not modified
     * @param upper k × k upper triangular (its strictly lower triangle is ignored), or null for P = B; not
     *     modified
     * @param relativeShift the shift as a multiple of ‖G‖_F, at least 0
     * @return log det G, or empty when the shift is not positive and finite (G zero or not finite) or G − shift·I
     *     is not positive definite to working precision
     */
    public static java.util.OptionalDouble gramLogDeterminantAbove(Matrix b, Matrix upper, double relativeShift) {
        int m = b.rows();
        int k = b.cols();
        if (upper != null && (upper.rows() != k || upper.cols() != k) || !(relativeShift >= 0)
                || !Double.isFinite(relativeShift)) {
            throw new IllegalArgumentException("a Gram log determinant of " + b + (upper == null ? "" : " times the"
                    + " triangular " + upper) + " above " + relativeShift + " of its norm: expected a square factor"
                    + " of " + k + " rows and a finite shift at least 0");
        }
        if (m == 0 || k == 0) {
            return java.util.OptionalDouble.empty();
        }
        DoublePointer pb = loadProduct(b, upper);
        java.util.OptionalDouble g = gramRoute(pb, m, k, relativeShift);
        return g == null ? java.util.OptionalDouble.empty() : g;
    }

    /**
     * The error allowed for in a computed triangular inverse, in units of q·ε·κ_F (κ_F = ‖T‖_F·‖T⁻¹‖_F): the
     * blocked inversions of LAPACK (dtrtri) satisfy |X − T⁻¹| ≤ c_q·ε·|T⁻¹|·|T|·|X| with c_q a small multiple
     * of q (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §14.2–14.3), so ‖X − T⁻¹‖_F ≤
     * c_q·ε·κ_F·‖X‖_F; 10·q covers the constant with room.
     */
    static final double INVERSE_ERROR = 10;

    /**
     * The backward error allowed for in a Householder QR or LQ factor, in units of l·q·ε·‖P‖_F (l × q the
     * larger and smaller sides): the computed factor is exact for P + ΔP with ‖ΔP‖_F ≤ γ̃_{lq}·‖P‖_F,
     * γ̃_{lq} = c·l·q·ε for a small constant c (Higham, Theorem 19.4); 10 covers it with room. The SVD that
     * would otherwise decide the rank has an error of the same kind, so the proof allows for it twice.
     */
    static final double FACTOR_ERROR = 10;

    /** The largest relative error accepted in the computed inverse before the proof gives up: 1%. */
    static final double INVERSE_ERROR_MAX = 0.01;

    /** How far above the tolerance the proved lower bound on σ_min must lie: 1%. */
    static final double TOLERANCE_MARGIN = 1.01;

    /**
     * What {@link #provedLogPseudoDeterminant} proved of P, and what it did to find out.
     *
     * @param route the proof that held, or the last work done when none did
     * @param value Σ log σ_i over every one of P's min(m, k) singular values when a proof held, else NaN
     */
    public record ProvedLogDeterminant(Route route, double value) {
        /** How the proof went. */
        public enum Route {
            /** P is empty, zero or not finite: nothing proved (no factorisation after its Gram matrix) */
            NONE,
            /**
             * The smaller Gram matrix G minus the shift has a Cholesky factor: every singular value is at
             * least √shift; value = ½·log det G from G's Cholesky factor, or from P's diagonal when P is
             * triangular
             */
            GRAM,
            /**
             * The triangular factor T of P (P itself when triangular, else its Householder QR or LQ factor,
             * σ(T) = σ(P)) has an inverse small enough: every singular value is above the tolerance; value =
             * Σ log |t_jj|
             */
            FACTOR,
            /** T and its inverse were computed and proved nothing (a singular value may be at or below it) */
            REFUTED,
            /** T has an exact zero on its diagonal (a singular value is zero): not inverted, nothing proved */
            SINGULAR
        }

        /** Checks that a value comes with a proof, and only then. */
        public ProvedLogDeterminant {
            java.util.Objects.requireNonNull(route, "route");
            boolean proved = route == Route.GRAM || route == Route.FACTOR;
            if (proved != Double.isFinite(value)) {
                throw new IllegalArgumentException("route " + route + ": expected " + (proved ? "a finite value"
                        : "no value (NaN)") + ", found " + value);
            }
        }

        /** @return whether every singular value was proved to count */
        public boolean proved() {
            return route == Route.GRAM || route == Route.FACTOR;
        }
    }

    /**
     * The log pseudo-determinant Σ log σ_i of P = B·U (or of B), with a proof that every one of its
     * q = min(m, k) singular values counts, in native memory from start to end. Two proofs, cheaper first:
     * <ol>
     *   <li>unless P is triangular, {@link #gramLogDeterminantAbove}'s: G − shift·I has a Cholesky factor
     *       (G the smaller Gram matrix, shift = relativeShift·‖G‖_F), so every σ_i² exceeds the shift, σ_i &gt;
     *       √relativeShift·σ_max up to the factorisation's backward error; tried only when that is at least
     *       twice the tolerance ({@link #TOLERANCE_MARGIN}·t &lt; √relativeShift / 2), else it would not show
     *       that every value counts;</li>
     *   <li>else (or for a triangular P at once) the triangular factor T of P (P itself when triangular, else
     *       a Householder QR of a tall P or LQ of a wide one, in place: σ(T) = σ(P + ΔP)), its inverse X
     *       (dtrtri) and their Frobenius norms: σ_min(T) = 1/‖T⁻¹‖₂ ≥ 1/‖T⁻¹‖_F ≥ (1 − δ)/‖X‖_F with δ =
     *       {@link #INVERSE_ERROR}·q·ε·‖T‖_F·‖X‖_F the inverse's relative error (‖X − T⁻¹‖_F ≤ δ·‖T⁻¹‖_F), and
     *       σ_max(P) ≤ ‖P‖_F ≤ ‖T‖_F/(1 − γ), γ = {@link #FACTOR_ERROR}·l·q·ε (the factor's backward error);
     *       when δ ≤ 1% and (1 − δ)/‖X‖_F ≥ ({@link #TOLERANCE_MARGIN}·t·(1 + γ) + 2γ)·‖T‖_F/(1 − γ) (the
     *       factor's and an SVD's backward errors allowed for once each), every singular value of P is above
     *       t·σ_max, and an SVD would have counted all q. Then Σ log σ_i = log |det T| = Σ log
     *       |t_jj|: the same quantity an SVD gives, to the same accuracy (both are exact for a matrix within a
     *       few l·q·ε·‖P‖ of P).</li>
     * </ol>
     * Neither proof is a test of the answer: when both fail the caller computes the singular values.
     *
     * @param b m × k; not modified
     * @param upper k × k upper triangular (its strictly lower triangle is ignored), or null for P = B; not
     *     modified
     * @param upperB whether B is square and upper triangular (its strictly lower triangle zero), so that P is
     *     upper triangular: then the second proof runs at once, on P itself
     * @param relativeShift the first proof's shift as a multiple of ‖G‖_F, at least 0
     * @param relativeTolerance t: singular values count when above t·σ_max, at least 0
     * @return the proof and the value
     */
    public static ProvedLogDeterminant provedLogPseudoDeterminant(Matrix b, Matrix upper, boolean upperB,
                                                                  double relativeShift, double relativeTolerance) {
        int m = b.rows();
        int k = b.cols();
        if (upper != null && (upper.rows() != k || upper.cols() != k) || upperB && m != k || !(relativeShift >= 0)
                || !Double.isFinite(relativeShift) || !(relativeTolerance >= 0) || !Double.isFinite(relativeTolerance)) {
            throw new IllegalArgumentException("a proved log pseudo-determinant of " + b + (upper == null ? ""
                    : " times the triangular " + upper) + (upperB ? " (triangular)" : "") + " with shift "
                    + relativeShift + " and tolerance " + relativeTolerance + ": expected a square factor of " + k
                    + " rows, a square B when it is triangular, and finite shift and tolerance at least 0");
        }
        if (upperB && !isUpperTriangular(b)) {
            throw new IllegalArgumentException("a proved log pseudo-determinant of the triangular " + b
                    + ": expected its strictly lower triangle zero, found a non-zero value there");
        }
        ProvedLogDeterminant none = new ProvedLogDeterminant(ProvedLogDeterminant.Route.NONE, Double.NaN);
        if (m == 0 || k == 0) {
            return none;
        }
        DoublePointer pb = loadProduct(b, upper);
        int q = Math.min(m, k);
        byte uplo = (byte) 'U';
        if (!upperB) {
            // (dsyrk reads P and leaves it as it is, for the second proof; with a tolerance too large for the
            // first, its Gram matrix serves as the check that P is non-zero and finite)
            boolean gramProves = TOLERANCE_MARGIN * relativeTolerance < Math.sqrt(relativeShift) / 2;
            java.util.OptionalDouble gram = gramRoute(pb, m, k, gramProves ? relativeShift : 0.0);
            if (gram == null) {
                return none;
            }
            if (gram.isPresent()) {
                return new ProvedLogDeterminant(ProvedLogDeterminant.Route.GRAM, 0.5 * gram.getAsDouble());
            }
            DoublePointer tau = Workspace.reserve(4, q);
            if (m >= k) {
                check(openblas.LAPACKE_dgeqrf(COL, m, k, pb, m, tau), "dgeqrf", b);
            } else {
                check(openblas.LAPACKE_dgelqf(COL, m, k, pb, m, tau), "dgelqf", b);
                uplo = (byte) 'L';
            }
        }
        double frobenius = openblas.LAPACKE_dlantr(COL, (byte) 'F', uplo, (byte) 'N', q, q, pb, m);
        if (!(frobenius > 0) || !Double.isFinite(frobenius)) {
            return none;
        }
        double logDet = 0;
        for (int j = 0; j < q; j++) {
            logDet += Math.log(Math.abs(pb.get(j + (long) j * m)));
        }
        if (!Double.isFinite(logDet)) {
            // (a zero on T's diagonal: a zero singular value, and dtrtri would stop at it)
            return new ProvedLogDeterminant(ProvedLogDeterminant.Route.SINGULAR, Double.NaN);
        }
        ProvedLogDeterminant refuted = new ProvedLogDeterminant(ProvedLogDeterminant.Route.REFUTED, Double.NaN);
        if (openblas.LAPACKE_dtrtri(COL, uplo, (byte) 'N', q, pb, m) != 0) {
            return refuted;
        }
        double inverse = openblas.LAPACKE_dlantr(COL, (byte) 'F', uplo, (byte) 'N', q, q, pb, m);
        if (!(inverse > 0) || !Double.isFinite(inverse)) {
            return refuted;
        }
        double eps = Math.ulp(1.0);
        double delta = INVERSE_ERROR * q * eps * frobenius * inverse;
        double gamma = FACTOR_ERROR * Math.max(m, k) * (double) q * eps;
        boolean proved = delta <= INVERSE_ERROR_MAX && gamma < 1
                && (1 - delta) / inverse >= (TOLERANCE_MARGIN * relativeTolerance * (1 + gamma) + 2 * gamma)
                * frobenius / (1 - gamma);
        return proved ? new ProvedLogDeterminant(ProvedLogDeterminant.Route.FACTOR, logDet) : refuted;
    }

    /**
     * @param a a matrix; not modified
     * @return whether it is square and every value below its diagonal is exactly zero
     */
    public static boolean isUpperTriangular(Matrix a) {
        int n = a.rows();
        if (a.cols() != n) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                if (a.data[i + j * n] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * P = B·U (or B) in this thread's native buffer 1: B loaded once and multiplied by U in place (dtrmm).
     *
     * @param b m × k; not modified
     * @param upper k × k upper triangular (its strictly lower triangle ignored), or null; not modified
     * @return the buffer holding P, m × k column-major
     */
    private static DoublePointer loadProduct(Matrix b, Matrix upper) {
        DoublePointer pb = Workspace.load(1, b.data);
        if (upper != null) {
            openblas.cblas_dtrmm(openblas.CblasColMajor, openblas.CblasRight, openblas.CblasUpper,
                    openblas.CblasNoTrans, openblas.CblasNonUnit, b.rows(), b.cols(), 1.0, operand(upper, 0),
                    b.cols(), pb, b.rows());
        }
        return pb;
    }

    /**
     * {@link #gramLogDeterminantAbove}'s steps after the product, on P in native memory (m × k, not
     * modified).
     *
     * @return log det G when the proof holds, empty when it fails, null when the shift is not positive and
     *     finite (G zero or not finite)
     */
    private static java.util.OptionalDouble gramRoute(DoublePointer pb, int m, int k, double relativeShift) {
        boolean tall = m >= k;
        int q = tall ? k : m;
        long size = (long) q * q;
        DoublePointer pg = Workspace.reserve(2, size);
        openblas.cblas_dsyrk(openblas.CblasColMajor, openblas.CblasUpper, tall ? openblas.CblasTrans
                : openblas.CblasNoTrans, q, tall ? m : k, 1.0, pb, m, 0.0, pg, q);
        double norm = openblas.LAPACKE_dlansy(COL, (byte) 'F', (byte) 'U', q, pg, q);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            return null;
        }
        double shift = relativeShift * norm;
        if (!(shift > 0) || !Double.isFinite(shift)) {
            // (a zero shift proves nothing)
            return java.util.OptionalDouble.empty();
        }
        DoublePointer ps = Workspace.reserve(3, size);
        org.bytedeco.javacpp.Pointer.memcpy(ps, pg, size * Double.BYTES);
        for (int j = 0; j < q; j++) {
            long d = j + (long) j * q;
            ps.put(d, ps.get(d) - shift);
        }
        if (openblas.LAPACKE_dpotrf(COL, (byte) 'U', q, ps, q) != 0
                || openblas.LAPACKE_dpotrf(COL, (byte) 'U', q, pg, q) != 0) {
            return java.util.OptionalDouble.empty();
        }
        double sum = 0;
        for (int j = 0; j < q; j++) {
            sum += Math.log(pg.get(j + (long) j * q));
        }
        return java.util.OptionalDouble.of(2 * sum);
    }

    /**
     * The inverse of an upper triangular matrix (dtrtri), itself upper triangular. Backward stable column by
     * column: each computed column is that of a matrix within a few n·ε·‖R‖ of R, so the inverse is accurate
     * to about κ(R)·n·ε relative.
     *
     * @param r n × n upper triangular (its strictly lower triangle is ignored); not modified
     * @return R⁻¹ (its strictly lower triangle zero), or null if a diagonal entry of R is exactly zero
     */
    public static Matrix upperTriangularInverse(Matrix r) {
        if (r.rows() != r.cols()) {
            throw new IllegalArgumentException("inverse of a non-square triangular " + r);
        }
        requireFinite(r, "triangular inverse");
        int n = r.rows();
        if (n == 0) {
            return Matrix.zeros(0, 0);
        }
        DoublePointer a = Workspace.load(0, r.data);
        int info = openblas.LAPACKE_dtrtri(COL, (byte) 'U', (byte) 'N', n, a, n);
        if (info > 0) {
            return null;
        }
        check(info, "dtrtri", r);
        double[] inv = upperPart(Workspace.read(a, n * n), n);
        return Matrix.wrap(n, n, inv);
    }

    /**
     * Frees this thread's large native buffers (above 32 MiB each): tasks that did large factorisations call
     * it when they end, so that memory they no longer hold is given back.
     */
    public static void trimWorkspace() {
        Workspace.trim();
    }

    /**
     * @param a m × n; not modified (a large {@code a} keeps a native copy for the next call)
     * @param x n values; not modified
     * @return {@code a · x} (m values)
     */
    public static double[] multiply(Matrix a, double[] x) {
        if (x.length != a.cols()) {
            throw new IllegalArgumentException("cannot multiply " + a + " by a vector of " + x.length);
        }
        return applyToSamples(a, x, 1);
    }

    /**
     * Applies a matrix to samples stored sample after sample.
     *
     * @param a m × n; not modified (a large {@code a} keeps a native copy for the next call)
     * @param samples {@code count * n} values, sample after sample; not modified
     * @param count number of samples
     * @return {@code count * m} values, sample after sample: column j is {@code a · sample_j}
     */
    public static double[] applyToSamples(Matrix a, double[] samples, int count) {
        if ((long) count * a.cols() != samples.length) {
            throw new IllegalArgumentException("expected " + count + " samples of " + a.cols() + " values, found "
                    + samples.length + " values");
        }
        int m = a.rows();
        int n = a.cols();
        int size = Math.multiplyExact(m, count);
        if (m == 0 || count == 0 || n == 0) {
            return new double[size];
        }
        DoublePointer pa = operand(a, 0);
        DoublePointer px = Workspace.load(1, samples);
        DoublePointer py = Workspace.reserve(2, size);
        if (count == 1) {
            openblas.cblas_dgemv(openblas.CblasColMajor, openblas.CblasNoTrans, m, n, 1.0, pa, m, px, 1, 0.0, py, 1);
        } else {
            openblas.cblas_dgemm(openblas.CblasColMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, m, count, n,
                    1.0, pa, m, px, n, 0.0, py, m);
        }
        return Workspace.read(py, size);
    }

    /**
     * Thin SVD by LAPACK's divide and conquer (dgesdd).
     *
     * @param a m × n with finite entries; not modified
     * @return U (m × k), s (k), V (n × k), k = min(m, n)
     * @throws ArithmeticException if an entry is not finite or LAPACK does not converge
     */
    public static Svd svd(Matrix a) {
        requireFinite(a, "SVD");
        int m = a.rows();
        int n = a.cols();
        int k = Math.min(m, n);
        if (k == 0) {
            return new Svd(Matrix.zeros(m, 0), new double[0], Matrix.zeros(n, 0));
        }
        DoublePointer work = Workspace.load(0, a.data);
        DoublePointer s = Workspace.reserve(1, k);
        DoublePointer u = Workspace.reserve(2, (long) m * k);
        DoublePointer vt = Workspace.reserve(3, (long) k * n);
        int info = openblas.LAPACKE_dgesdd(COL, (byte) 'S', m, n, work, m, s, u, m, vt, k);
        check(info, "dgesdd", a);
        return new Svd(Matrix.wrap(m, k, Workspace.read(u, m * k)), Workspace.read(s, k),
                Matrix.wrap(k, n, Workspace.read(vt, k * n)).transpose());
    }

    /**
     * Singular values only (dgesdd without vectors).
     *
     * @param a m × n with finite entries; not modified
     * @return the min(m, n) singular values, non-increasing
     */
    public static double[] singularValues(Matrix a) {
        requireFinite(a, "SVD");
        int m = a.rows();
        int n = a.cols();
        int k = Math.min(m, n);
        if (k == 0) {
            return new double[0];
        }
        DoublePointer work = Workspace.load(0, a.data);
        DoublePointer s = Workspace.reserve(1, k);
        DoublePointer none = Workspace.reserve(2, 1);
        int info = openblas.LAPACKE_dgesdd(COL, (byte) 'N', m, n, work, m, s, none, 1, none, 1);
        check(info, "dgesdd", a);
        return Workspace.read(s, k);
    }

    /**
     * Singular values of an upper bidiagonal matrix (dbdsqr without vectors: O(m²), to high relative accuracy).
     *
     * @param diagonal its m diagonal entries; not modified
     * @param superdiagonal its m − 1 entries above the diagonal; not modified
     * @return the m singular values, non-increasing
     */
    public static double[] bidiagonalSingularValues(double[] diagonal, double[] superdiagonal) {
        int m = diagonal.length;
        if (superdiagonal.length != Math.max(0, m - 1)) {
            throw new IllegalArgumentException("a bidiagonal matrix of order " + m + " has " + Math.max(0, m - 1)
                    + " superdiagonal entries, found " + superdiagonal.length);
        }
        for (double v : diagonal) {
            requireFiniteValue(v);
        }
        for (double v : superdiagonal) {
            requireFiniteValue(v);
        }
        if (m == 0) {
            return new double[0];
        }
        double[] d = diagonal.clone();
        double[] e = new double[m];
        System.arraycopy(superdiagonal, 0, e, 0, m - 1);
        double[] none = new double[1];
        int info = openblas.LAPACKE_dbdsqr(COL, (byte) 'U', m, 0, 0, 0, d, e, none, 1, none, 1, none, 1);
        if (info != 0) {
            throw new ArithmeticException("LAPACK dbdsqr failed on a bidiagonal matrix of order " + m + " (info="
                    + info + ")");
        }
        return d;
    }

    private static void requireFiniteValue(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("bidiagonal SVD of a matrix with a non-finite entry (" + v + ")");
        }
    }

    /**
     * Thin QR by Householder reflections (dgeqrf, dorgqr).
     *
     * @param a m × n with finite entries; not modified
     * @return Q (m × k) and R (k × n), k = min(m, n)
     */
    public static Qr qr(Matrix a) {
        requireFinite(a, "QR");
        int m = a.rows();
        int n = a.cols();
        int k = Math.min(m, n);
        if (k == 0) {
            return new Qr(Matrix.zeros(m, 0), Matrix.zeros(0, n));
        }
        DoublePointer f = Workspace.load(0, a.data);
        DoublePointer tau = Workspace.reserve(1, k);
        check(openblas.LAPACKE_dgeqrf(COL, m, n, f, m, tau), "dgeqrf", a);
        // R: the upper triangle of the first k rows, read column by column (not the whole factored matrix).
        double[] r = new double[k * n];
        for (int j = 0; j < n; j++) {
            f.position((long) j * m).get(r, j * k, Math.min(j, k - 1) + 1);
        }
        // dorgqr overwrites the first k columns (the reflectors) with Q.
        check(openblas.LAPACKE_dorgqr(COL, m, k, k, f.position(0), m, tau), "dorgqr", a);
        return new Qr(Matrix.wrap(m, k, Workspace.read(f, m * k)), Matrix.wrap(k, n, r));
    }

    /**
     * The full-rank pseudo-inverse uses the normal equations when LAPACK's estimate of κ₁(G) for the Gram
     * matrix G = AᵀA (or AAᵀ) is at most 10^6, i.e. κ(A) ≲ 10^3: the normal equations' forward error
     * κ(A)²·ε is then below 2·10^-10, and they cost half of a QR route (one syrk and two triangular solves
     * at BLAS-3 speed). Gaussian alignment matrices are far better: κ(B) ≤ 15 for every LeNet-5 block.
     * Worse-conditioned matrices take Householder QR, whose error grows with κ(A) only.
     */
    static final double NORMAL_EQUATIONS_MIN_RCOND = 1e-6;

    /**
     * The Moore–Penrose inverse of a matrix of full rank min(m, n): A⁺ = (AᵀA)⁻¹Aᵀ for m ≥ n and
     * Aᵀ(AAᵀ)⁻¹ for m &lt; n, by Cholesky on the Gram matrix when it is well conditioned (see
     * {@link #NORMAL_EQUATIONS_MIN_RCOND}), else by QR.
     *
     * @param a m × n with finite entries; not modified (a large {@code a} keeps a native copy)
     * @return A⁺ and an estimate of 1/κ(A) (0 or tiny: numerically rank-deficient, do not trust the inverse)
     */
    public static PseudoInverse fullRankPseudoInverse(Matrix a) {
        requireFinite(a, "pseudo-inverse");
        int m = a.rows();
        int n = a.cols();
        boolean tall = m >= n;
        int k = Math.min(m, n);
        if (k == 0) {
            return new PseudoInverse(Matrix.zeros(n, m), 0.0);
        }
        DoublePointer pa = operand(a, 0);
        DoublePointer g = Workspace.reserve(1, (long) k * k);
        openblas.cblas_dsyrk(openblas.CblasColMajor, openblas.CblasUpper, tall ? openblas.CblasTrans
                : openblas.CblasNoTrans, k, tall ? m : n, 1.0, pa, m, 0.0, g, k);
        double norm = openblas.LAPACKE_dlansy(COL, (byte) '1', (byte) 'U', k, g, k);
        if (openblas.LAPACKE_dpotrf(COL, (byte) 'U', k, g, k) == 0) {
            DoublePointer rcond = Workspace.reserve(3, 1);
            check(openblas.LAPACKE_dpocon(COL, (byte) 'U', k, g, k, norm, rcond), "dpocon", a);
            double gramRcond = rcond.get(0);
            if (gramRcond >= NORMAL_EQUATIONS_MIN_RCOND) {
                // tall: solve G·X = Aᵀ, X = A⁺ (n × m); wide: solve G·Y = A, A⁺ = Yᵀ.
                double[] rhs = tall ? a.transpose().data : a.data;
                DoublePointer x = Workspace.load(2, rhs);
                check(openblas.LAPACKE_dpotrs(COL, (byte) 'U', k, tall ? m : n, g, k, x, k), "dpotrs", a);
                Matrix solved = Matrix.wrap(k, tall ? m : n, Workspace.read(x, rhs.length));
                return new PseudoInverse(tall ? solved : solved.transpose(), Math.sqrt(gramRcond));
            }
        }
        return qrPseudoInverse(a);
    }

    /** A⁺ through Householder QR: A = QR, A⁺ = R⁻¹Qᵀ for m ≥ n; Aᵀ = QR, A⁺ = QR⁻ᵀ for m &lt; n. */
    static PseudoInverse qrPseudoInverse(Matrix a) {
        boolean tall = a.rows() >= a.cols();
        Matrix t = tall ? a : a.transpose();
        Qr qr = qr(t);
        int k = qr.r().rows();
        DoublePointer r = Workspace.load(0, qr.r().data);
        DoublePointer rcond = Workspace.reserve(1, 1);
        check(openblas.LAPACKE_dtrcon(COL, (byte) '1', (byte) 'U', (byte) 'N', k, r, k, rcond), "dtrcon", a);
        double reciprocal = rcond.get(0);
        if (!(reciprocal > 0.0)) {
            return new PseudoInverse(Matrix.zeros(a.cols(), a.rows()), 0.0);
        }
        // X = R⁻¹ Qᵀ (k × m') solves R X = Qᵀ.
        double[] qt = qr.q().transpose().data;
        DoublePointer x = Workspace.load(2, qt);
        int info = openblas.LAPACKE_dtrtrs(COL, (byte) 'U', (byte) 'N', (byte) 'N', k, t.rows(), r, k, x, k);
        check(info, "dtrtrs", a);
        Matrix rinvQt = Matrix.wrap(k, t.rows(), Workspace.read(x, qt.length));
        return new PseudoInverse(tall ? rinvQt : rinvQt.transpose(), reciprocal);
    }

    /**
     * log |det A| of a square matrix, through an LU decomposition with partial pivoting (dgetrf): the
     * sum of log |u_ii|.
     *
     * @param a n × n with finite entries; not modified
     * @return log |det A|; {@link Double#NEGATIVE_INFINITY} if a pivot is exactly zero (A singular)
     */
    public static double logAbsDeterminant(Matrix a) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("determinant of a non-square " + a);
        }
        requireFinite(a, "determinant");
        int n = a.rows();
        if (n == 0) {
            return 0.0;
        }
        DoublePointer lu = Workspace.load(0, a.data);
        int info;
        try (org.bytedeco.javacpp.IntPointer piv = new org.bytedeco.javacpp.IntPointer(n)) {
            info = openblas.LAPACKE_dgetrf(COL, n, n, lu, n, piv);
        }
        if (info < 0) {
            check(info, "dgetrf", a);
        }
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double p = Math.abs(lu.get((long) i + (long) i * n));
            if (p == 0.0) {
                return Double.NEGATIVE_INFINITY;
            }
            sum += Math.log(p);
        }
        return sum;
    }

    /**
     * The moduli of the eigenvalues of a square matrix (dgeev, without eigenvectors): |λ| = √(re² + im²)
     * for the complex pairs of a real non-symmetric matrix.
     *
     * @param a n × n with finite entries; not modified
     * @return the n moduli, non-increasing
     * @throws ArithmeticException if an entry is not finite or LAPACK does not converge
     */
    public static double[] eigenvalueModuli(Matrix a) {
        if (a.rows() != a.cols()) {
            throw new IllegalArgumentException("eigenvalues of a non-square " + a);
        }
        requireFinite(a, "eigenvalues");
        int n = a.rows();
        if (n == 0) {
            return new double[0];
        }
        DoublePointer work = Workspace.load(0, a.data);
        DoublePointer wr = Workspace.reserve(1, n);
        DoublePointer wi = Workspace.reserve(2, n);
        DoublePointer none = Workspace.reserve(3, 1);
        int info = openblas.LAPACKE_dgeev(COL, (byte) 'N', (byte) 'N', n, work, n, wr, wi, none, 1, none, 1);
        check(info, "dgeev", a);
        double[] re = Workspace.read(wr, n);
        double[] im = Workspace.read(wi, n);
        double[] moduli = new double[n];
        for (int i = 0; i < n; i++) {
            moduli[i] = Math.hypot(re[i], im[i]);
        }
        java.util.Arrays.sort(moduli);
        for (int i = 0; i < n / 2; i++) {
            double t = moduli[i];
            moduli[i] = moduli[n - 1 - i];
            moduli[n - 1 - i] = t;
        }
        return moduli;
    }

    private static void requireFinite(Matrix a, String what) {
        if (!a.isFinite()) {
            throw new ArithmeticException(what + " of " + a + " with non-finite entries");
        }
    }

    private static void check(int info, String routine, Matrix a) {
        if (info != 0) {
            throw new ArithmeticException("LAPACK " + routine + " failed on " + a + " (info=" + info + ")");
        }
    }
}
