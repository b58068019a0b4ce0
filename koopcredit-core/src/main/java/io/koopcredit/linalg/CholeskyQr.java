package io.koopcredit.linalg;

import java.util.Optional;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The R factor of a tall matrix Z (m × n, given by blocks of rows) from its Gram matrix G = ZᵀZ
 * (CholeskyQR): G is accumulated block by block with DSYRK (half the flops of a Householder fold, at BLAS-3
 * speed) and R = chol(G), upper triangular with a positive diagonal. It is accepted only when the data's
 * own precision makes it as good as the Householder factor ({@link Tsqr}); otherwise {@link #factor} says
 * no and the caller computes the Householder factor from the same blocks.
 *
 * <p><b>The criterion</b> (all norms 2-norms; u_d = 2⁻⁵³, u_f = 2⁻²⁴). The activations are float32 numbers
 * (widened to double exactly), so every entry is uncertain by u_f relative; that moves each singular value
 * of Z by up to u_f·‖|Z|‖, which is u_f·σ_max for non-negative activations (ReLU outputs) and more otherwise:
 * u_f·σ_max is the data's uncertainty, taken at its smallest. In double, a product of two float32 numbers is
 * exact, and the worst-case rounding of a sum of m terms in any order gives |ΔG| ≤ γ_m·|Z|ᵀ|Z| entry by
 * entry (γ_k = k·u_d/(1 − k·u_d)), so ‖ΔG‖ ≤ γ_m·‖Z‖_F² = γ_m·trace(G); the Cholesky factorisation adds a
 * backward error ‖ΔC‖ ≤ γ_{n+1}·trace(G) (R̂ᵀR̂ = G + ΔC). Together: R̂ is the exact Cholesky factor of
 * ZᵀZ + Δ with ‖Δ‖ ≤ e = (γ_m + γ_{n+1})·trace(G). Any positive definite ZᵀZ + Δ is the Gram matrix of
 * Z + E = U·(ZᵀZ + Δ)^½ (U the polar factor of Z), so R̂ is exactly the R factor (up to row signs) of the
 * QR of Z + E, with ‖E‖ = ‖(ZᵀZ + Δ)^½ − (ZᵀZ)^½‖ ≤ ‖Δ‖/(σ_min(Z) + σ_min(Z + E)) (van Hemmen and Ando,
 * 1980), at most e/(2·s) when both smallest singular values are at least s. R̂ is accepted when that
 * backward error is at most {@link #MARGIN} of the data's uncertainty, e/(2·s) ≤ τ·u_f·σ_max: so when
 * λ_min(G) ≥ θ = (e/(2·τ·u_f·σ̲))² + 2·e, with σ̲ ≤ σ_max a lower bound (the largest of the diagonal and of
 * Rayleigh quotients of G). This is proved, not estimated: dpotrf succeeds on G − θ·I only if
 * G − θ·I + ΔC' is positive definite with ‖ΔC'‖ ≤ γ_{n+1}·trace(G) ≤ e, so λ_min(G) &gt; θ − e and
 * λ_min(ZᵀZ) &gt; θ − 2·e ≥ s². In terms of the condition number, the allowed κ(Z) is about
 * 2·τ·u_f·σ_max²/e = 2·τ·2²⁹·(σ_max²/trace(G))/(m + n + 1): on ResNet-20's 16384-row boundaries with
 * N = 2000 and trace(G) = 3·σ_max², about 2·10³. (The worst-case γ_m, not a probabilistic λ·√m bound:
 * it leaves that useful range on the blocks it was built for and needs no probability.)
 *
 * <p>The accumulated sums depend on the order blocks are added in, which callers fix: the same blocks in the
 * same order give the same bits, and so the same decision, everywhere.
 *
 * <p>Not thread-safe: one accumulator per task. Holds n² doubles of native memory until {@link #close}.
 */
public final class CholeskyQr implements AutoCloseable {
    /** Unit roundoff of double. */
    static final double U_DOUBLE = 0x1p-53;
    /** Unit roundoff of float32, the activations' precision. */
    static final double U_FLOAT = 0x1p-24;
    /**
     * τ: the Cholesky factor's backward error may be at most this fraction of the data's own uncertainty
     * u_f·σ_max (an order of magnitude below it).
     */
    public static final double MARGIN = 0.1;
    /** Power iterations for the lower bound σ̲ of σ_max (each Rayleigh quotient is a valid lower bound). */
    static final int POWER_STEPS = 8;

    private final int n;
    private DoublePointer g;
    private long rows;

    /** @param n columns of the tall matrix, at least 1 */
    public CholeskyQr(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a Cholesky QR needs at least one column, found " + n);
        }
        this.n = n;
    }

    /** @return rows added so far */
    public long rows() {
        return rows;
    }

    private DoublePointer gram() {
        if (g == null) {
            long size = (long) n * n;
            g = new DoublePointer(size);
            g.fill(0);
        }
        return g;
    }

    /**
     * Adds a block of rows: G += BᵀB (upper triangle, DSYRK).
     *
     * @param block the rows, {@code height × n} column-major; not modified
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
        DoublePointer b = Workspace.load(0, block);
        openblas.cblas_dsyrk(openblas.CblasColMajor, openblas.CblasUpper, openblas.CblasTrans, n, height, 1.0, b,
                height, 1.0, gram().position(0), n);
        rows += height;
    }

    /**
     * Adds another accumulator's Gram matrix (of other rows of the same columns): afterwards this one is
     * the Gram matrix of both blocks of rows stacked.
     *
     * @param other an accumulator of the same columns; not modified
     */
    public void merge(CholeskyQr other) {
        if (other.n != n) {
            throw new IllegalArgumentException("cannot merge a Gram matrix of " + other.n + " columns into one of " + n);
        }
        if (other.rows == 0) {
            return;
        }
        openblas.cblas_daxpy(Math.multiplyExact(n, n), 1.0, other.g.position(0), 1, gram().position(0), 1);
        rows += other.rows;
    }

    /** @return G = ZᵀZ, n × n symmetric (both triangles filled) */
    public Matrix gramMatrix() {
        double[] v = new double[Math.multiplyExact(n, n)];
        if (g != null) {
            g.position(0).get(v, 0, v.length);
        }
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                v[i + j * n] = v[j + i * n];
            }
        }
        return Matrix.wrap(n, n, v);
    }

    /**
     * What {@link #factor} decided, and why.
     *
     * @param r R (n × n, upper triangular, positive diagonal), or null when refused
     * @param rows rows of Z
     * @param allowedKappa the largest κ(Z) the criterion admits (about 2·τ·u_f·σ̲²/e), 0 when Z has fewer rows
     *     than columns
     * @param reason why refused, or null
     */
    public record Decision(Matrix r, long rows, double allowedKappa, String reason) {
        /** @return the factor, when accepted */
        public Optional<Matrix> factor() {
            return Optional.ofNullable(r);
        }
    }

    /** @return γ_k = k·u_d/(1 − k·u_d), or +∞ when k·u_d ≥ 1 */
    static double gamma(double k) {
        double ku = k * U_DOUBLE;
        return ku < 1 ? ku / (1 - ku) : Double.POSITIVE_INFINITY;
    }

    /**
     * R = chol(G), when the criterion of the class comment holds.
     *
     * @return the factor, or why not: fewer rows than columns (R would not be square), G not positive
     *     definite, or its smallest eigenvalue below θ (κ above the bound)
     */
    public Decision factor() {
        if (rows < n) {
            return new Decision(null, rows, 0, rows + " rows, fewer than the " + n + " columns");
        }
        Matrix gm = gramMatrix();
        double[] v = gm.toColumnMajor();
        double trace = 0;
        double diag = 0;
        for (int j = 0; j < n; j++) {
            trace += v[j + j * n];
            diag = Math.max(diag, v[j + j * n]);
        }
        double e = (gamma(rows) + gamma(n + 1.0)) * trace;
        double sigmaSq = Math.max(diag, largestRayleighQuotient(v, n)) - e;
        // (an infinite or NaN entry makes σ̲² NaN, ∞ − ∞, or NaN)
        if (!(sigmaSq > 0)) {
            return new Decision(null, rows, 0, "the Gram matrix is zero or not finite (trace " + trace + ")");
        }
        double required = e / (2 * MARGIN * U_FLOAT * Math.sqrt(sigmaSq));
        double theta = required * required + 2 * e;
        double allowed = Math.sqrt(sigmaSq) / required;
        double[] shifted = v.clone();
        for (int j = 0; j < n; j++) {
            shifted[j + j * n] -= theta;
        }
        if (openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, Workspace.load(0, shifted), n) != 0) {
            return new Decision(null, rows, allowed, "the smallest eigenvalue of the Gram matrix is below θ = "
                    + theta + " (σ_min(Z) < " + Math.sqrt(theta) + "): κ above about " + (float) allowed);
        }
        DoublePointer a = Workspace.load(0, v);
        if (openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, a, n) != 0) {
            return new Decision(null, rows, allowed, "the Gram matrix is not positive definite");
        }
        double[] r = Workspace.read(a, n * n);
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                r[i + j * n] = 0;
            }
        }
        return new Decision(Matrix.wrap(n, n, r), rows, allowed, null);
    }

    /**
     * @param v a symmetric n × n matrix, column-major (both triangles)
     * @return the largest Rayleigh quotient xᵀGx/xᵀx of {@link #POWER_STEPS} power iterations from the vector
     *     of ones (each is at most λ_max)
     */
    static double largestRayleighQuotient(double[] v, int n) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, 1.0);
        double best = 0;
        for (int step = 0; step < POWER_STEPS; step++) {
            double[] y = new double[n];
            for (int j = 0; j < n; j++) {
                double xj = x[j];
                for (int i = 0; i < n; i++) {
                    y[i] += v[i + j * n] * xj;
                }
            }
            double xx = 0;
            double xy = 0;
            double yy = 0;
            for (int i = 0; i < n; i++) {
                xx += x[i] * x[i];
                xy += x[i] * y[i];
                yy += y[i] * y[i];
            }
            if (!(xx > 0) || !(yy > 0)) {
                return best;
            }
            best = Math.max(best, xy / xx);
            double scale = 1 / Math.sqrt(yy);
            for (int i = 0; i < n; i++) {
                x[i] = y[i] * scale;
            }
        }
        return best;
    }

    /** Frees the native Gram matrix. */
    @Override
    public void close() {
        if (g != null) {
            g.close();
            g = null;
        }
    }
}
