package io.koopcredit.linalg;

import java.util.Arrays;
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

    private Linalg() {
    }

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

    private static Matrix gemm(Matrix a, boolean ta, Matrix b, boolean tb) {
        int m = ta ? a.cols() : a.rows();
        int k = ta ? a.rows() : a.cols();
        int kb = tb ? b.cols() : b.rows();
        int n = tb ? b.rows() : b.cols();
        if (k != kb) {
            throw new IllegalArgumentException("cannot multiply " + a + (ta ? "ᵀ" : "") + " by " + b + (tb ? "ᵀ" : ""));
        }
        double[] c = new double[Math.multiplyExact(m, n)];
        if (m == 0 || n == 0) {
            return Matrix.wrap(m, n, c);
        }
        if (k == 0) {
            return Matrix.wrap(m, n, c);
        }
        openblas.cblas_dgemm(openblas.CblasColMajor, ta ? openblas.CblasTrans : openblas.CblasNoTrans,
                tb ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1.0, a.data, Math.max(1, a.rows()),
                b.data, Math.max(1, b.rows()), 0.0, c, Math.max(1, m));
        return Matrix.wrap(m, n, c);
    }

    /**
     * @param a m × n; not modified
     * @param x n values; not modified
     * @return {@code a · x} (m values)
     */
    public static double[] multiply(Matrix a, double[] x) {
        if (x.length != a.cols()) {
            throw new IllegalArgumentException("cannot multiply " + a + " by a vector of " + x.length);
        }
        double[] y = new double[a.rows()];
        if (a.rows() == 0 || a.cols() == 0) {
            return y;
        }
        openblas.cblas_dgemv(openblas.CblasColMajor, openblas.CblasNoTrans, a.rows(), a.cols(), 1.0, a.data,
                a.rows(), x, 1, 0.0, y, 1);
        return y;
    }

    /**
     * Applies a matrix to samples stored sample after sample.
     *
     * @param a m × n; not modified
     * @param samples {@code count * n} values, sample after sample; not modified
     * @param count number of samples
     * @return {@code count * m} values, sample after sample: column j is {@code a · sample_j}
     */
    public static double[] applyToSamples(Matrix a, double[] samples, int count) {
        if ((long) count * a.cols() != samples.length) {
            throw new IllegalArgumentException("expected " + count + " samples of " + a.cols() + " values, found "
                    + samples.length + " values");
        }
        return multiply(a, Matrix.wrap(a.cols(), count, samples)).data;
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
        double[] work = a.data.clone();
        double[] s = new double[k];
        double[] u = new double[m * k];
        double[] vt = new double[k * n];
        int info = openblas.LAPACKE_dgesdd(COL, (byte) 'S', m, n, work, m, s, u, m, vt, k);
        check(info, "dgesdd", a);
        return new Svd(Matrix.wrap(m, k, u), s, Matrix.wrap(k, n, vt).transpose());
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
        double[] work = a.data.clone();
        double[] s = new double[k];
        int info = openblas.LAPACKE_dgesdd(COL, (byte) 'N', m, n, work, m, s, new double[1], 1, new double[1], 1);
        check(info, "dgesdd", a);
        return s;
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
        double[] f = a.data.clone();
        double[] tau = new double[k];
        check(openblas.LAPACKE_dgeqrf(COL, m, n, f, m, tau), "dgeqrf", a);
        double[] r = new double[k * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= Math.min(j, k - 1); i++) {
                r[i + j * k] = f[i + j * m];
            }
        }
        double[] q = Arrays.copyOf(f, m * k);
        check(openblas.LAPACKE_dorgqr(COL, m, k, k, q, m, tau), "dorgqr", a);
        return new Qr(Matrix.wrap(m, k, q), Matrix.wrap(k, n, r));
    }

    /**
     * The Moore–Penrose inverse of a matrix of full rank min(m, n), through a QR decomposition (cheaper
     * than an SVD). For m ≥ n: A = QR, A⁺ = R⁻¹Qᵀ; for m &lt; n: Aᵀ = QR, A⁺ = QR⁻ᵀ.
     *
     * @param a m × n with finite entries; not modified
     * @return A⁺ and LAPACK's estimate of the reciprocal condition number of R (dtrcon, 1-norm); if that
     *     is 0 or tiny the matrix is (numerically) rank-deficient and the inverse must not be trusted
     */
    public static PseudoInverse fullRankPseudoInverse(Matrix a) {
        boolean tall = a.rows() >= a.cols();
        Matrix t = tall ? a : a.transpose();
        Qr qr = qr(t);
        int k = qr.r().rows();
        double[] r = qr.r().data.clone();
        double[] rcond = new double[1];
        check(openblas.LAPACKE_dtrcon(COL, (byte) '1', (byte) 'U', (byte) 'N', k, r, k, rcond), "dtrcon", a);
        if (!(rcond[0] > 0.0)) {
            return new PseudoInverse(Matrix.zeros(a.cols(), a.rows()), 0.0);
        }
        // X = R⁻¹ Qᵀ  (k × m') solves R X = Qᵀ.
        double[] x = qr.q().transpose().data;
        int info = openblas.LAPACKE_dtrtrs(COL, (byte) 'U', (byte) 'N', (byte) 'N', k, t.rows(), r, k, x, k);
        check(info, "dtrtrs", a);
        Matrix rinvQt = Matrix.wrap(k, t.rows(), x);
        return new PseudoInverse(tall ? rinvQt : rinvQt.transpose(), rcond[0]);
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
        double[] lu = a.data.clone();
        int[] piv = new int[n];
        int info = openblas.LAPACKE_dgetrf(COL, n, n, lu, n, piv);
        if (info < 0) {
            check(info, "dgetrf", a);
        }
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            double p = Math.abs(lu[i + i * n]);
            if (p == 0.0) {
                return Double.NEGATIVE_INFINITY;
            }
            sum += Math.log(p);
        }
        return sum;
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
