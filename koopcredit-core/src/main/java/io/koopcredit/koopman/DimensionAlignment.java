package io.koopcredit.koopman;

import io.koopcredit.base.Seeds;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.linalg.PseudoInverse;
import java.util.SplittableRandom;

/**
 * Minimal linear dimension alignment (Section III.B, Theorem 4). A block f: R^nIn → R^nOut is composed
 * with the linear layer A ∈ R^{nIn×nOut} so that the aligned block A∘f maps R^nIn to itself and can be
 * iterated; the operator found for the aligned block is decomposed again with B ∈ R^{nOut×nIn},
 * K_i = B·K̃_i. Theorem 4: for B of full rank min(nIn, nOut) and A = B⁺, ‖BA − I‖_F takes its minimum
 * √max(nOut − nIn, 0).
 *
 * <p>Three forms: E2E blocks need no alignment, A = B = I ({@link #isIdentity()}); the
 * {@link AlignmentDistribution#GAUSSIAN} and {@link AlignmentDistribution#ORTHONORMAL} alignments hold B and A
 * as dense matrices; the {@link AlignmentDistribution#STRUCTURED} one holds B = s·Q or s·Qᵀ and A = B⁺ as
 * random rotations ({@link RandomRotations}) and a scale, and applies them without forming them
 * ({@link #isStructured()}).
 */
public final class DimensionAlignment {

    /**
     * Reciprocal condition numbers below this count as rank-deficient, and B is drawn again: beyond it the
     * pseudo-inverse would amplify rounding errors by more than 10^10, leaving about 6 significant digits.
     */
    public static final double MIN_RECIPROCAL_CONDITION = 1e-10;

    /** Draws beyond this many mean the generator is broken, not unlucky: full rank holds almost surely. */
    public static final int MAX_DRAWS = 10;

    /**
     * Theorem 4's residual of a structured alignment is measured column by column, m products with Q and m
     * with Qᵀ, about 12·m·n·⌈log₂ n⌉ flops; beyond this many rotations (m · n · layers; about a second in
     * Java) it is not measured (null in the result), which on the benchmark's ResNet-20 concerns its three
     * aligned large blocks. QᵀQ = I holds by construction (a product of rotations), to rounding.
     */
    public static final long MAX_RESIDUAL_ROTATIONS = 1L << 30;

    private final int nIn;
    private final int nOut;
    private final Matrix b;
    private final Matrix a;
    private final RandomRotations q;
    private final double scale;
    private final int draws;

    private DimensionAlignment(int nIn, int nOut, Matrix b, Matrix a, RandomRotations q, double scale, int draws) {
        if ((a == null) != (b == null)) {
            throw new IllegalArgumentException("A and B must both be given or both be identity");
        }
        if (b == null && q == null && nIn != nOut) {
            throw new IllegalArgumentException("identity alignment needs nIn == nOut, found " + nIn + " and " + nOut);
        }
        if (b != null && (b.rows() != nOut || b.cols() != nIn || a.rows() != nIn || a.cols() != nOut)) {
            throw new IllegalArgumentException("alignment shapes: B " + b + ", A " + a + " for nIn=" + nIn
                    + ", nOut=" + nOut);
        }
        if (q != null && (q.rows() != Math.max(nIn, nOut) || q.cols() != Math.min(nIn, nOut) || nIn == nOut)) {
            throw new IllegalArgumentException("structured alignment: Q is " + q.rows() + " x " + q.cols()
                    + " for nIn=" + nIn + ", nOut=" + nOut);
        }
        this.nIn = nIn;
        this.nOut = nOut;
        this.b = b;
        this.a = a;
        this.q = q;
        this.scale = scale;
        this.draws = draws;
    }

    /**
     * Draws B and computes A = B⁺; E2E blocks get the identity.
     *
     * @param nIn input width of the block
     * @param nOut output width of the block
     * @param distribution distribution of B; {@link AlignmentDistribution#AUTO} is resolved for this block
     *     alone ({@link AlignmentDistribution#forBlock})
     * @param rng generator; advanced
     * @return the alignment
     */
    public static DimensionAlignment draw(int nIn, int nOut, AlignmentDistribution distribution,
                                          SplittableRandom rng) {
        if (nIn == nOut) {
            return new DimensionAlignment(nIn, nOut, null, null, null, 0, 0);
        }
        AlignmentDistribution d = distribution.forBlock(nIn, nOut);
        if (d == AlignmentDistribution.STRUCTURED) {
            int n = Math.max(nIn, nOut);
            return new DimensionAlignment(nIn, nOut, null, null, RandomRotations.draw(n, Math.min(nIn, nOut), rng),
                    Math.sqrt(n), 1);
        }
        for (int attempt = 1; attempt <= MAX_DRAWS; attempt++) {
            double[] g = new double[Math.multiplyExact(nOut, nIn)];
            Seeds.fillGaussian(rng, g);
            Matrix gaussian = Matrix.wrap(nOut, nIn, g);
            if (d == AlignmentDistribution.ORTHONORMAL) {
                // Q of a Gaussian matrix: orthonormal columns (tall) or rows (wide); its pseudo-inverse is Bᵀ.
                Matrix b = nOut >= nIn ? Linalg.qr(gaussian).q() : Linalg.qr(gaussian.transpose()).q().transpose();
                return new DimensionAlignment(nIn, nOut, b, b.transpose(), null, 0, attempt);
            }
            PseudoInverse p = Linalg.fullRankPseudoInverse(gaussian);
            if (p.reciprocalCondition() >= MIN_RECIPROCAL_CONDITION) {
                return new DimensionAlignment(nIn, nOut, gaussian, p.inverse(), null, 0, attempt);
            }
        }
        throw new IllegalStateException("no full-rank " + nOut + "x" + nIn + " alignment matrix in " + MAX_DRAWS
                + " draws");
    }

    /** @return the block's input width */
    public int nIn() {
        return nIn;
    }

    /** @return the block's output width */
    public int nOut() {
        return nOut;
    }

    /** @return how many matrices were drawn before one had full rank (1 almost surely; 0 for the identity) */
    public int draws() {
        return draws;
    }

    /** @return true for the structured alignment, whose B and A are never formed */
    public boolean isStructured() {
        return q != null;
    }

    /** @return s, the structured alignment's scale (B = s·Q or s·Qᵀ); 0 for the other forms */
    public double scale() {
        return scale;
    }

    /**
     * B as a dense matrix, for checks: the dense alignments' own, or the structured one formed from nIn
     * products with unit vectors.
     *
     * @return B (nOut × nIn), or null for the identity
     */
    public Matrix b() {
        if (q == null) {
            return b;
        }
        return decompose(Matrix.identity(nIn));
    }

    /**
     * A = B⁺ as a dense matrix, for checks (formed from nOut products with unit vectors when structured).
     *
     * @return A (nIn × nOut), or null for the identity
     */
    public Matrix a() {
        if (q == null) {
            return a;
        }
        return Matrix.wrap(nIn, nOut, align(Matrix.identity(nOut).toColumnMajor(), nOut));
    }

    /** @return true for an E2E block, where A = B = I */
    public boolean isIdentity() {
        return b == null && q == null;
    }

    /**
     * Applies A to block outputs: the aligned block's step.
     *
     * @param outputs {@code count} outputs of the block, nOut values each; not modified
     * @param count number of samples
     * @return {@code count} aligned states, nIn values each (a new array, or {@code outputs} itself for
     *     the identity)
     */
    public double[] align(double[] outputs, int count) {
        if (isIdentity()) {
            return outputs;
        }
        if (q != null) {
            // L2S: A = Q/s embeds the nOut outputs in R^nIn; S2L: A = Qᵀ/s.
            double[] y = nOut < nIn ? q.apply(outputs, count) : q.applyTranspose(outputs, count);
            return scaled(y, 1.0 / scale);
        }
        return Linalg.applyToSamples(a, outputs, count);
    }

    /**
     * Linear decomposition, Eq. (1): K_i = B·M for a matrix M acting on the aligned space.
     *
     * @param m nIn × k; not modified
     * @return B·m (nOut × k), or m itself for the identity
     */
    public Matrix decompose(Matrix m) {
        if (isIdentity()) {
            return m;
        }
        if (q != null) {
            if (m.rows() != nIn) {
                throw new IllegalArgumentException("B takes " + nIn + " rows, found " + m);
            }
            // L2S: B = s·Qᵀ; S2L: B = s·Q. Columns of m are vectors of R^nIn.
            double[] cols = m.toColumnMajor();
            double[] y = nOut < nIn ? q.applyTranspose(cols, m.cols()) : q.apply(cols, m.cols());
            return Matrix.wrap(nOut, m.cols(), scaled(y, scale));
        }
        return Linalg.multiply(b, m);
    }

    private static double[] scaled(double[] y, double factor) {
        for (int i = 0; i < y.length; i++) {
            y[i] *= factor;
        }
        return y;
    }

    /**
     * Theorem 4's objective ‖BA − I_nOut‖_F, measured (0 for the identity). Computed in the smaller of the
     * two spaces: for nOut ≤ nIn directly from the nOut × nOut product; for nOut &gt; nIn from
     * {@code ‖BA − I‖² = nOut − 2·tr(AB) + tr(BᵀB·AAᵀ)}, three nIn × nIn products instead of an
     * nOut × nOut one (for LeNet-5's conv1, 784² instead of 4704² entries).
     *
     * @return the Frobenius norm of BA − I
     */
    public double residual() {
        if (isIdentity()) {
            return 0.0;
        }
        if (q != null) {
            return structuredResidual();
        }
        if (nOut <= nIn) {
            return Linalg.multiply(b, a).minus(Matrix.identity(nOut)).frobeniusNorm();
        }
        Matrix ab = Linalg.multiply(a, b);
        Matrix btb = Linalg.multiplyTransposeA(b, b);
        Matrix aat = Linalg.multiplyTransposeB(a, a);
        double trace = 0;
        double cross = 0;
        for (int i = 0; i < nIn; i++) {
            trace += ab.get(i, i);
            for (int j = 0; j < nIn; j++) {
                cross += btb.get(i, j) * aat.get(j, i);
            }
        }
        return Math.sqrt(Math.max(0.0, nOut - 2 * trace + cross));
    }

    /**
     * @return whether {@link #residual()} is measured: always for the identity and the dense alignments, for
     *     the structured one when its m·n·layers rotations stay within {@link #MAX_RESIDUAL_ROTATIONS}
     */
    public boolean residualMeasured() {
        return q == null || (long) q.cols() * q.rows() * Math.max(1, q.layers()) <= MAX_RESIDUAL_ROTATIONS;
    }

    /**
     * ‖BA − I_nOut‖_F of the structured alignment from G = QᵀQ (m × m), one column g_j = Qᵀ(Q·e_j) at a time:
     * L2S (B = s·Qᵀ, A = Q/s): BA = G, so ‖G − I_m‖_F; S2L (B = s·Q, A = Qᵀ/s): BA = QQᵀ, and
     * ‖QQᵀ − I_n‖²_F = n − 2·tr(G) + ‖G‖²_F.
     */
    private double structuredResidual() {
        int m = q.cols();
        double offIdentity = 0;
        double trace = 0;
        double frobenius = 0;
        double[] e = new double[m];
        for (int j = 0; j < m; j++) {
            e[j] = 1.0;
            double[] g = q.applyTranspose(q.apply(e, 1), 1);
            e[j] = 0.0;
            for (int i = 0; i < m; i++) {
                double d = g[i] - (i == j ? 1.0 : 0.0);
                offIdentity += d * d;
                frobenius += g[i] * g[i];
            }
            trace += g[j];
        }
        if (nOut < nIn) {
            return Math.sqrt(offIdentity);
        }
        return Math.sqrt(Math.max(0.0, q.rows() - 2 * trace + frobenius));
    }
}
