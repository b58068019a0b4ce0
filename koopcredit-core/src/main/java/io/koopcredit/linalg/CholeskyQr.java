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
 * <p><b>How G is summed.</b> Each block's Gram matrix BᵀB is computed by DSYRK into a buffer of its own
 * (β = 0: nothing of G enters it) and then added into G by a separate plain addition, entry by entry, in
 * the order the blocks come ({@link #add}); another accumulator is added the same way ({@link #merge}). The
 * first block or accumulator goes straight into the zero G, an exact step. So whatever order OpenBLAS sums in
 * inside a block, every product z_ri·z_rj reaches G through at most d additions, the accumulator's
 * <em>depth</em> ({@link #depth}): t − 1 inside its block of t rows (any summation of t terms is a tree
 * with t − 1 additions, and the depth of a leaf is at most that; additions of exact zeros, e.g. padding,
 * round nothing), plus one for each later block or merge added into its accumulator, recursively through
 * merges: after a block of t rows d ← max(d, t − 1) + 1 (d = t − 1 for the first), after a merge
 * d ← max(d, d') + 1 (d' for the first). For k blocks of at most t rows added in turn, d ≤ t − 1 + k − 1. The
 * depth is a function of the blocks' heights and the order of adds and merges alone, so every machine and a
 * cluster that feed the same blocks in the same order compute the same d.
 *
 * <p><b>The criterion</b> (all norms 2-norms; u_d = 2⁻⁵³, u_f = 2⁻²⁴). The activations are float32 numbers
 * (widened to double exactly), so every entry is uncertain by u_f relative; that moves each singular value
 * of Z by up to u_f·‖|Z|‖, which is u_f·σ_max for non-negative activations (ReLU outputs) and more otherwise:
 * u_f·σ_max is the data's uncertainty, taken at its smallest. A computed entry of G is a sum of the products
 * through a summation tree in which each product meets at most d additions and one multiplication (a product
 * of two float32 numbers is exact in double, but the bound does not need that), each with a relative error
 * of at most u_d; so each term is multiplied by a product of at most d + 1 factors (1 + δ), |δ| ≤ u_d, which is
 * 1 + θ with |θ| ≤ γ_{d+1} (γ_k = k·u_d/(1 − k·u_d); Higham, <i>Accuracy and Stability of Numerical
 * Algorithms</i>, Lemma 3.1 and §4.2: the error of a summation is bounded through the number of additions
 * each term passes). Entry by entry |ΔG| ≤ γ_{d+1}·|Z|ᵀ|Z|, so ‖ΔG‖ ≤ γ_{d+1}·‖Z‖_F² = γ_{d+1}·trace(G).
 * (Summed as one dot product of length m, as DSYRK does when G itself is its C with β = 1, the same argument
 * gives only γ_m: on ResNet-18's 802,816-row boundary with N = 1000, 64 kernel maps of 12,544 rows, each
 * summed in three tiles of at most 4194 rows and merged in turn, d = 4193 + 2 + 63 = 4258 instead of
 * m − 1 = 802,815.) The Cholesky factorisation adds a backward error ‖ΔC‖ ≤ γ_{n+1}·trace(G)
 * (R̂ᵀR̂ = G + ΔC). Together: R̂ is the exact Cholesky factor of ZᵀZ + Δ with
 * ‖Δ‖ ≤ e = (γ_{d+1} + γ_{n+1})·trace(G). Any positive definite ZᵀZ + Δ is the Gram matrix of
 * Z + E = U·(ZᵀZ + Δ)^½ (U the polar factor of Z), so R̂ is exactly the R factor (up to row signs) of the
 * QR of Z + E, with ‖E‖ = ‖(ZᵀZ + Δ)^½ − (ZᵀZ)^½‖ ≤ ‖Δ‖/(σ_min(Z) + σ_min(Z + E)) (van Hemmen and Ando,
 * 1980), at most e/(2·s) when both smallest singular values are at least s. R̂ is accepted when that
 * backward error is at most {@link #MARGIN} of the data's uncertainty, e/(2·s) ≤ τ·u_f·σ_max: so when
 * λ_min(G) ≥ θ = (e/(2·τ·u_f·σ̲))² + 2·e, with σ̲ ≤ σ_max a lower bound (the largest of the diagonal and of
 * Rayleigh quotients of G). This is proved, not estimated: dpotrf succeeds on G − θ·I only if
 * G − θ·I + ΔC' is positive definite with ‖ΔC'‖ ≤ γ_{n+1}·trace(G) ≤ e, so λ_min(G) &gt; θ − e and
 * λ_min(ZᵀZ) &gt; θ − 2·e ≥ s². In terms of the condition number, the allowed κ(Z) is about
 * 2·τ·u_f·σ_max²/e = 2·τ·2²⁹·(σ_max²/trace(G))/(d + n + 2): on ResNet-20's 16384-row boundaries with
 * N = 2000 (8 tiles of at most 2097 rows, d = 2103) and trace(G) = 3·σ_max², about 8.7·10³ (γ_m gave 2·10³). (The worst-case γ,
 * not a probabilistic λ·√m bound: it needs no probability.)
 *
 * <p><b>Refused from the shapes alone</b> ({@link #hopeless}). With a = 2·τ·u_f/(γ_{d+1} + γ_{n+1}), an
 * accepted G has λ_min &gt; (e/(2·τ·u_f·σ̲))² ≥ trace(G)²/(a²·λ_max), and trace(G) ≥ λ_max + (n − 1)·λ_min;
 * with x = λ_min/λ_max ≤ 1 that is a²·x &gt; (1 + (n − 1)·x)² ≥ 4·(n − 1)·x, and for n = 1 (x = 1) a² &gt; 1. So
 * when a² ≤ max(1, 4·(n − 1)) no Gram matrix of these shapes can pass, and a caller that knows d and n
 * before summing anything need not sum G at all.
 *
 * <p>The accumulated sums depend on the order blocks are added in, which callers fix: the same blocks in the
 * same order give the same bits, and so the same decision, everywhere.
 *
 * <p>Not thread-safe: one accumulator per task. Holds n² doubles of native memory until {@link #close}, and
 * n² more for a block's own Gram matrix from the second block until {@link #factor} or {@link #close}.
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
    /** A block's own Gram matrix (upper triangle), before it is added into {@link #g}. */
    private DoublePointer block;
    private long rows;
    private long depth;

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

    /**
     * @return the depth d of the sums so far: at most this many additions lie between any product and G
     *     (the class comment); 0 while empty
     */
    public long depth() {
        return depth;
    }

    /** @return doubles of native memory held now: G, and a block's own Gram matrix between two blocks */
    public long nativeValues() {
        return (g == null ? 0 : (long) n * n) + (block == null ? 0 : (long) n * n);
    }

    /**
     * The depth after adding a block (the class comment).
     *
     * @param rows rows of the accumulator before
     * @param depth its depth before
     * @param height rows of the block, at least 1
     * @return the depth after
     */
    public static long depthAfterAdd(long rows, long depth, int height) {
        return rows == 0 ? height - 1L : Math.max(depth, height - 1L) + 1;
    }

    /**
     * The depth after merging another accumulator (the class comment).
     *
     * @param rows rows of the accumulator before
     * @param depth its depth before
     * @param otherRows rows of the other accumulator
     * @param otherDepth its depth
     * @return the depth after
     */
    public static long depthAfterMerge(long rows, long depth, long otherRows, long otherDepth) {
        if (otherRows == 0) {
            return depth;
        }
        return rows == 0 ? otherDepth : Math.max(depth, otherDepth) + 1;
    }

    /**
     * Whether no Gram matrix of n columns summed at depth d can pass the criterion, whatever its values (the
     * class comment): a² ≤ max(1, 4·(n − 1)) with a = 2·τ·u_f/(γ_{d+1} + γ_{n+1}).
     *
     * @param n columns
     * @param depth the depth the sums will have
     * @return true when summing G would be wasted
     */
    public static boolean hopeless(int n, long depth) {
        double a = 2 * MARGIN * U_FLOAT / (gamma(depth + 1.0) + gamma(n + 1.0));
        return a * a <= Math.max(1.0, 4.0 * (n - 1));
    }

    private DoublePointer gram() {
        if (g == null) {
            g = zeros();
        }
        return g;
    }

    private DoublePointer blockBuffer() {
        if (block == null) {
            block = zeros();
        }
        return block;
    }

    /** @return n² zeros of native memory */
    private DoublePointer zeros() {
        DoublePointer p = new DoublePointer((long) n * n);
        p.fill(0);
        return p;
    }

    /**
     * Adds a block of rows: G += BᵀB, BᵀB by DSYRK into a buffer of its own (upper triangle; straight into G
     * for the first block), then added into G's upper triangle by a plain addition (the class comment).
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
        boolean first = rows == 0;
        DoublePointer into = first ? gram() : blockBuffer();
        openblas.cblas_dsyrk(openblas.CblasColMajor, openblas.CblasUpper, openblas.CblasTrans, n, height, 1.0, b,
                height, 0.0, into.position(0), n);
        if (!first) {
            for (int j = 0; j < n; j++) {
                openblas.cblas_daxpy(j + 1, 1.0, into.position((long) j * n), 1, g.position((long) j * n), 1);
            }
        }
        depth = depthAfterAdd(rows, depth, height);
        rows += height;
    }

    /**
     * Adds another accumulator's Gram matrix (of other rows of the same columns): afterwards this one is
     * the Gram matrix of both blocks of rows stacked (one plain addition per entry; a copy into an empty
     * one).
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
        depth = depthAfterMerge(rows, depth, other.rows, other.depth);
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
     * @param depth the depth of G's sums ({@link CholeskyQr#depth})
     * @param allowedKappa the largest κ(Z) the criterion admits (about 2·τ·u_f·σ̲²/e), 0 when Z has fewer rows
     *     than columns
     * @param reason why refused, or null
     */
    public record Decision(Matrix r, long rows, long depth, double allowedKappa, String reason) {
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
     * <p>Frees the buffer of a block's own Gram matrix (a block added afterwards allocates it again).
     *
     * @return the factor, or why not: fewer rows than columns (R would not be square), G not positive
     *     definite, or its smallest eigenvalue below θ (κ above the bound)
     */
    public Decision factor() {
        freeBlock();
        if (rows < n) {
            return new Decision(null, rows, depth, 0, rows + " rows, fewer than the " + n + " columns");
        }
        Matrix gm = gramMatrix();
        double[] v = gm.toColumnMajor();
        double trace = 0;
        double diag = 0;
        for (int j = 0; j < n; j++) {
            trace += v[j + j * n];
            diag = Math.max(diag, v[j + j * n]);
        }
        double e = (gamma(depth + 1.0) + gamma(n + 1.0)) * trace;
        double sigmaSq = Math.max(diag, largestRayleighQuotient(v, n)) - e;
        // (an infinite or NaN entry makes σ̲² NaN, ∞ − ∞, or NaN)
        if (!(sigmaSq > 0)) {
            return new Decision(null, rows, depth, 0, "the Gram matrix is zero or not finite (trace " + trace + ")");
        }
        double required = e / (2 * MARGIN * U_FLOAT * Math.sqrt(sigmaSq));
        double theta = required * required + 2 * e;
        double allowed = Math.sqrt(sigmaSq) / required;
        double[] shifted = v.clone();
        for (int j = 0; j < n; j++) {
            shifted[j + j * n] -= theta;
        }
        if (openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, Workspace.load(0, shifted), n) != 0) {
            return new Decision(null, rows, depth, allowed, "the smallest eigenvalue of the Gram matrix is below θ = "
                    + theta + " (σ_min(Z) < " + Math.sqrt(theta) + "): κ above about " + (float) allowed);
        }
        DoublePointer a = Workspace.load(0, v);
        if (openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, a, n) != 0) {
            return new Decision(null, rows, depth, allowed, "the Gram matrix is not positive definite");
        }
        double[] r = Workspace.read(a, n * n);
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                r[i + j * n] = 0;
            }
        }
        return new Decision(Matrix.wrap(n, n, r), rows, depth, allowed, null);
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

    private void freeBlock() {
        if (block != null) {
            block.close();
            block = null;
        }
    }

    /** Frees the native Gram matrix. */
    @Override
    public void close() {
        freeBlock();
        if (g != null) {
            g.close();
            g = null;
        }
    }
}
