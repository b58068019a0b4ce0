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
 * <p>E2E blocks need no alignment: A = B = I ({@link #isIdentity()}).
 *
 * @param nIn the block's input width
 * @param nOut the block's output width
 * @param b B, nOut × nIn (null for the identity)
 * @param a A = B⁺, nIn × nOut (null for the identity)
 * @param draws how many matrices were drawn before one had full rank (1 almost surely)
 */
public record DimensionAlignment(int nIn, int nOut, Matrix b, Matrix a, int draws) {

    /**
     * Reciprocal condition numbers below this count as rank-deficient, and B is drawn again: beyond it the
     * pseudo-inverse would amplify rounding errors by more than 10^10, leaving about 6 significant digits.
     */
    public static final double MIN_RECIPROCAL_CONDITION = 1e-10;

    /** Draws beyond this many mean the generator is broken, not unlucky: full rank holds almost surely. */
    public static final int MAX_DRAWS = 10;

    /** Validates shapes. */
    public DimensionAlignment {
        if ((a == null) != (b == null)) {
            throw new IllegalArgumentException("A and B must both be given or both be identity");
        }
        if (b == null && nIn != nOut) {
            throw new IllegalArgumentException("identity alignment needs nIn == nOut, found " + nIn + " and " + nOut);
        }
        if (b != null && (b.rows() != nOut || b.cols() != nIn || a.rows() != nIn || a.cols() != nOut)) {
            throw new IllegalArgumentException("alignment shapes: B " + b + ", A " + a + " for nIn=" + nIn
                    + ", nOut=" + nOut);
        }
    }

    /**
     * Draws B and computes A = B⁺; E2E blocks get the identity.
     *
     * @param nIn input width of the block
     * @param nOut output width of the block
     * @param distribution distribution of B's entries
     * @param rng generator; advanced
     * @return the alignment
     */
    public static DimensionAlignment draw(int nIn, int nOut, AlignmentDistribution distribution,
                                          SplittableRandom rng) {
        if (nIn == nOut) {
            return new DimensionAlignment(nIn, nOut, null, null, 0);
        }
        for (int attempt = 1; attempt <= MAX_DRAWS; attempt++) {
            double[] g = new double[Math.multiplyExact(nOut, nIn)];
            Seeds.fillGaussian(rng, g);
            Matrix gaussian = Matrix.wrap(nOut, nIn, g);
            if (distribution == AlignmentDistribution.ORTHONORMAL) {
                // Q of a Gaussian matrix: orthonormal columns (tall) or rows (wide); its pseudo-inverse is Bᵀ.
                Matrix b = nOut >= nIn ? Linalg.qr(gaussian).q() : Linalg.qr(gaussian.transpose()).q().transpose();
                return new DimensionAlignment(nIn, nOut, b, b.transpose(), attempt);
            }
            PseudoInverse p = Linalg.fullRankPseudoInverse(gaussian);
            if (p.reciprocalCondition() >= MIN_RECIPROCAL_CONDITION) {
                return new DimensionAlignment(nIn, nOut, gaussian, p.inverse(), attempt);
            }
        }
        throw new IllegalStateException("no full-rank " + nOut + "x" + nIn + " alignment matrix in " + MAX_DRAWS
                + " draws");
    }

    /** @return true for an E2E block, where A = B = I */
    public boolean isIdentity() {
        return b == null;
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
        return Linalg.applyToSamples(a, outputs, count);
    }

    /**
     * Linear decomposition, Eq. (1): K_i = B·M for a matrix M acting on the aligned space.
     *
     * @param m nIn × k; not modified
     * @return B·m (nOut × k), or m itself for the identity
     */
    public Matrix decompose(Matrix m) {
        return isIdentity() ? m : Linalg.multiply(b, m);
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
}
