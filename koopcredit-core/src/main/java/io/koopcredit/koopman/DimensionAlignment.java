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
 * as dense matrices; the {@link AlignmentDistribution#STRUCTURED} one holds B in factored form and applies B
 * and A = B⁺ without forming them ({@link #isStructured()}, {@link Structured}).
 */
public final class DimensionAlignment {

    /**
     * Reciprocal condition numbers below this count as rank-deficient, and B is drawn again: beyond it the
     * pseudo-inverse would amplify rounding errors by more than 10^10, leaving about 6 significant digits.
     * The structured alignment applies it to the drawn σ, which are exactly its B's singular values (above
     * {@link GaussianSpectrum#UNCUT_MAX_ORDER} those of the cut bidiagonal), so it bounds the condition of the
     * B and A actually applied in either case.
     */
    public static final double MIN_RECIPROCAL_CONDITION = 1e-10;

    /** Draws beyond this many mean the generator is broken, not unlucky: full rank holds almost surely. */
    public static final int MAX_DRAWS = 10;

    private final int nIn;
    private final int nOut;
    private final Matrix b;
    private final Matrix a;
    private final Structured structured;
    private final int draws;

    /**
     * The structured B in factored form. With n = max(nIn, nOut) and m = min(nIn, nOut), the n × m matrix
     * {@code G = Q₁·diag(σ)·Q₂ᵀ}: Q₁ (n × m, orthonormal columns) and Q₂ (m × m, orthogonal) are random
     * rotations ({@link RandomRotations}), and σ are singular values drawn with the law of a standard
     * Gaussian n × m matrix's ({@link GaussianSpectrum}). A Gaussian matrix is U·diag(σ)·Vᵀ with U and V
     * uniformly distributed and independent of σ; G keeps σ's law and replaces U and V by random rotations,
     * which can be applied in O(n log n). B = G for S2L and Gᵀ for L2S, and B⁺ = Q₂·diag(1/σ)·Q₁ᵀ or its
     * transpose, exactly.
     *
     * @param tall Q₁, n × m
     * @param square Q₂, m × m
     * @param sigma the m singular values, non-increasing and positive (owned: do not modify)
     */
    public record Structured(RandomRotations tall, RandomRotations square, double[] sigma) {
        /** Validates shapes. */
        public Structured {
            int m = tall.cols();
            if (square.rows() != m || square.cols() != m || sigma.length != m) {
                throw new IllegalArgumentException("structured alignment factors do not fit: Q1 " + tall.rows() + " x "
                        + m + ", Q2 " + square.rows() + " x " + square.cols() + ", " + sigma.length + " values");
            }
        }

        /** @return G·x for {@code count} vectors of R^m (Q₁·Σ·Q₂ᵀ·x) */
        double[] g(double[] x, int count) {
            return tall.apply(scaleRows(square.applyTranspose(x, count), sigma, false), count);
        }

        /** @return Gᵀ·y for {@code count} vectors of R^n (Q₂·Σ·Q₁ᵀ·y) */
        double[] gt(double[] y, int count) {
            return square.apply(scaleRows(tall.applyTranspose(y, count), sigma, false), count);
        }

        /** @return G⁺·y for {@code count} vectors of R^n (Q₂·Σ⁻¹·Q₁ᵀ·y) */
        double[] gPinv(double[] y, int count) {
            return square.apply(scaleRows(tall.applyTranspose(y, count), sigma, true), count);
        }

        /** @return (Gᵀ)⁺·x for {@code count} vectors of R^m (Q₁·Σ⁻¹·Q₂ᵀ·x) */
        double[] gtPinv(double[] x, int count) {
            return tall.apply(scaleRows(square.applyTranspose(x, count), sigma, true), count);
        }

        private static double[] scaleRows(double[] x, double[] sigma, boolean inverse) {
            int m = sigma.length;
            for (int i = 0; i < x.length; i++) {
                x[i] = inverse ? x[i] / sigma[i % m] : x[i] * sigma[i % m];
            }
            return x;
        }
    }

    private DimensionAlignment(int nIn, int nOut, Matrix b, Matrix a, Structured structured, int draws) {
        if ((a == null) != (b == null)) {
            throw new IllegalArgumentException("A and B must both be given or both be identity");
        }
        if (b == null && structured == null && nIn != nOut) {
            throw new IllegalArgumentException("identity alignment needs nIn == nOut, found " + nIn + " and " + nOut);
        }
        if (b != null && (b.rows() != nOut || b.cols() != nIn || a.rows() != nIn || a.cols() != nOut)) {
            throw new IllegalArgumentException("alignment shapes: B " + b + ", A " + a + " for nIn=" + nIn
                    + ", nOut=" + nOut);
        }
        if (structured != null && (structured.tall().rows() != Math.max(nIn, nOut)
                || structured.tall().cols() != Math.min(nIn, nOut) || nIn == nOut)) {
            throw new IllegalArgumentException("structured alignment: Q1 is " + structured.tall().rows() + " x "
                    + structured.tall().cols() + " for nIn=" + nIn + ", nOut=" + nOut);
        }
        this.nIn = nIn;
        this.nOut = nOut;
        this.b = b;
        this.a = a;
        this.structured = structured;
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
            return new DimensionAlignment(nIn, nOut, null, null, null, 0);
        }
        AlignmentDistribution d = distribution.forBlock(nIn, nOut);
        int n = Math.max(nIn, nOut);
        int m = Math.min(nIn, nOut);
        for (int attempt = 1; attempt <= MAX_DRAWS; attempt++) {
            if (d == AlignmentDistribution.STRUCTURED) {
                RandomRotations tall = RandomRotations.draw(n, m, rng);
                RandomRotations square = RandomRotations.draw(m, m, rng);
                double[] sigma = GaussianSpectrum.draw(n, m, rng);
                if (sigma[m - 1] >= MIN_RECIPROCAL_CONDITION * sigma[0]) {
                    return new DimensionAlignment(nIn, nOut, null, null, new Structured(tall, square, sigma), attempt);
                }
                continue;
            }
            double[] g = new double[Math.multiplyExact(nOut, nIn)];
            Seeds.fillGaussian(rng, g);
            Matrix gaussian = Matrix.wrap(nOut, nIn, g);
            if (d == AlignmentDistribution.ORTHONORMAL) {
                // Q of a Gaussian matrix: orthonormal columns (tall) or rows (wide); its pseudo-inverse is Bᵀ.
                Matrix q = nOut >= nIn ? Linalg.qr(gaussian).q() : Linalg.qr(gaussian.transpose()).q().transpose();
                return new DimensionAlignment(nIn, nOut, q, q.transpose(), null, attempt);
            }
            PseudoInverse p = Linalg.fullRankPseudoInverse(gaussian);
            if (p.reciprocalCondition() >= MIN_RECIPROCAL_CONDITION) {
                return new DimensionAlignment(nIn, nOut, gaussian, p.inverse(), null, attempt);
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
        return structured != null;
    }

    /** @return the structured alignment's factors, or null for the other forms */
    public Structured structured() {
        return structured;
    }

    /**
     * B as a dense matrix: the dense alignments' own, or the structured one formed from min(nIn, nOut) products
     * with unit vectors (for checks and for Theorem 4's residual on blocks that are not large).
     *
     * @return B (nOut × nIn), or null for the identity
     */
    public Matrix b() {
        if (structured == null) {
            return b;
        }
        int m = Math.min(nIn, nOut);
        Matrix g = Matrix.wrap(Math.max(nIn, nOut), m, structured.g(Matrix.identity(m).toColumnMajor(), m));
        return nOut > nIn ? g : g.transpose();
    }

    /**
     * A = B⁺ as a dense matrix (formed from min(nIn, nOut) products with unit vectors when structured).
     *
     * @return A (nIn × nOut), or null for the identity
     */
    public Matrix a() {
        if (structured == null) {
            return a;
        }
        // (G⁺)ᵀ = (Gᵀ)⁺ = Q₁·Σ⁻¹·Q₂ᵀ, n × m: A for L2S, Aᵀ for S2L.
        int m = Math.min(nIn, nOut);
        Matrix gpt = Matrix.wrap(Math.max(nIn, nOut), m, structured.gtPinv(Matrix.identity(m).toColumnMajor(), m));
        return nOut > nIn ? gpt.transpose() : gpt;
    }

    /** @return true for an E2E block, where A = B = I */
    public boolean isIdentity() {
        return b == null && structured == null;
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
        if (structured != null) {
            // S2L: B = G, A = G⁺; L2S: B = Gᵀ, A = (Gᵀ)⁺.
            return nOut > nIn ? structured.gPinv(outputs, count) : structured.gtPinv(outputs, count);
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
        if (structured != null) {
            if (m.rows() != nIn) {
                throw new IllegalArgumentException("B takes " + nIn + " rows, found " + m);
            }
            double[] cols = m.toColumnMajor();
            double[] y = nOut > nIn ? structured.g(cols, m.cols()) : structured.gt(cols, m.cols());
            return Matrix.wrap(nOut, m.cols(), y);
        }
        return Linalg.multiply(b, m);
    }

    /**
     * @return whether {@link #residual()} is measured: always for the identity and the dense alignments; for the
     *     structured one when its dense B would not make the block large ({@link Scale#isLarge}), because the
     *     measurement forms B and A
     */
    public boolean residualMeasured() {
        return structured == null || !Scale.isLarge(nIn, nOut);
    }

    /**
     * Theorem 4's objective ‖BA − I_nOut‖_F, measured (0 for the identity). Computed in the smaller of the
     * two spaces: for nOut ≤ nIn directly from the nOut × nOut product; for nOut &gt; nIn from
     * {@code ‖BA − I‖² = nOut − 2·tr(AB) + tr(BᵀB·AAᵀ)}, three nIn × nIn products instead of an
     * nOut × nOut one (for LeNet-5's conv1, 784² instead of 4704² entries). The structured alignment's B and A
     * are formed for it (see {@link #residualMeasured()}).
     *
     * @return the Frobenius norm of BA − I
     */
    public double residual() {
        if (isIdentity()) {
            return 0.0;
        }
        Matrix bm = b();
        Matrix am = a();
        if (nOut <= nIn) {
            return Linalg.multiply(bm, am).minus(Matrix.identity(nOut)).frobeniusNorm();
        }
        Matrix ab = Linalg.multiply(am, bm);
        Matrix btb = Linalg.multiplyTransposeA(bm, bm);
        Matrix aat = Linalg.multiplyTransposeB(am, am);
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
