package io.koopcredit.koopman;

import io.koopcredit.linalg.Linalg;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Singular values with the law of a standard Gaussian n × m matrix's (n ≥ m), drawn without the matrix: by
 * Householder bidiagonalisation (Golub–Kahan), a Gaussian n × m matrix is orthogonally equivalent to the
 * m × m upper bidiagonal matrix with independent diagonal χ_n, χ_{n−1}, …, χ_{n−m+1} and superdiagonal
 * χ_{m−1}, …, χ_1 (each reflection leaves the rest Gaussian, and the norm of k standard normal deviates is
 * χ_k; Dumitriu and Edelman, J. Math. Phys. 43(11), 2002). Its singular values are those of the Gaussian
 * matrix in law.
 *
 * <p><b>Up to order {@link #UNCUT_MAX_ORDER}</b> the m singular values of the whole bidiagonal are computed
 * (LAPACK's dqds, O(m²): about 1 s for m = 8192 on this project's machine), exactly as the law says.
 *
 * <p><b>Above it, the bidiagonal is cut</b> ({@link #cutSingularValues}): the superdiagonal entries between
 * k = ⌈m / S⌉ consecutive segments of near-equal length at most S = {@link #SEGMENT_ROWS} are set to zero, and
 * the segments' singular values are computed separately and merged (sorted). The segment boundaries depend
 * on m alone and the merge is a sort, so the result does not depend on who computes it. What this keeps and
 * what it changes:
 * <ul>
 *   <li><b>The product of the singular values, exactly.</b> |det| of an upper bidiagonal matrix is the
 *       product of its diagonal entries, which the cut does not touch: Πσ(cut) = Π|d_i| = Πσ(uncut) for every
 *       draw, so the log-determinant (Σ log σ, the log of B's pseudo-determinant) keeps its exact law; the
 *       computed values agree to dqds's relative accuracy.</li>
 *   <li><b>Each σ within k − 1 positions.</b> Zeroing one superdiagonal entry is a rank-one change, so the
 *       cut matrix differs from the uncut one by a matrix of rank at most k − 1, and Weyl's inequalities for
 *       singular values (σ_{i+j−1}(X + Y) ≤ σ_i(X) + σ_j(Y), with σ_k(Y) = 0 for rank(Y) ≤ k − 1) give, with the
 *       values sorted non-increasing, σ_{i+k−1}(uncut) ≤ σ_i(cut) ≤ σ_{i−k+1}(uncut) (σ_j = +∞ for j &lt; 1 and 0
 *       for j &gt; m). Since k − 1 &lt; m / S, each value moves by less than 1/S of the spectrum's positions, and
 *       the empirical distribution of the m values by less than 1/S in Kolmogorov distance, whatever m. The
 *       bound is attained (a planted bidiagonal whose only large entries are the cut ones). Measured on
 *       one Dumitriu–Edelman draw each with n = 2m, S = 2048, m = 8192 … 100,352, against the whole
 *       bidiagonal's values: the largest relative change of a σ_i is 0.06–0.13%, the root mean square change
 *       about 10⁻⁴·√n, the largest shift in positions 3–16 (bound 3–48), and the largest and smallest values
 *       move only by rounding (their singular vectors live in the first rows, which the first segment
 *       holds).</li>
 *   <li><b>Cost O(m·S) instead of O(m²)</b>: k segments of O(S²) each (ResNet-18's m = 200,704: seconds
 *       instead of a quarter of an hour).</li>
 * </ul>
 * The values drawn are those of the B that is used (B = Q₁·diag(σ)·Q₂ᵀ), so
 * {@link DimensionAlignment#MIN_RECIPROCAL_CONDITION}'s check on σ_min / σ_max still bounds the condition of
 * the B and A = B⁺ actually applied, exactly; σ_max(cut) ≤ σ_max(uncut), since each segment is a submatrix.
 */
public final class GaussianSpectrum {
    /**
     * The largest order m whose bidiagonal is solved whole: 2¹³, the largest min(nIn, nOut) of a structured
     * block of ResNet-20 (layer2.0, 16384 → 8192) and above every bundled model's, so that they keep the
     * exact law and their bits; it costs about 1 s per draw on this project's machine, and the O(m²) grows to
     * a quarter of an hour at ResNet-18's m = 200,704.
     */
    public static final int UNCUT_MAX_ORDER = 8192;

    /**
     * S, the largest segment of a cut bidiagonal (above {@link #UNCUT_MAX_ORDER}). The cost per drawn value
     * grows as S and the bound on each value's displacement, 1/S of the positions, shrinks as 1/S. Measured
     * (n = 2m, m = 8192 … 100,352, one draw each, dqds on one core of this shared machine at load average
     * about 2): S = 512, 1024, 2048, 4096 cost about 8, 16, 31, 58 µs per value and move a σ_i by at most
     * 0.18–0.31%, 0.11–0.22%, 0.06–0.13%, 0.04–0.11% of itself. 2048 keeps each σ within 0.13% (and 1/2048
     * of the positions) at about 6 s for ResNet-18's largest m = 200,704, and is a quarter of
     * {@link #UNCUT_MAX_ORDER}, so a block just above the threshold draws faster than the largest uncut one.
     */
    public static final int SEGMENT_ROWS = 2048;

    private GaussianSpectrum() {
    }

    /**
     * @param n rows of the Gaussian matrix
     * @param m columns, 1 ≤ m ≤ n
     * @param rng generator; advanced
     * @return m singular values, non-increasing: of the whole bidiagonal up to {@link #UNCUT_MAX_ORDER}, of the
     *     cut one above it
     */
    public static double[] draw(int n, int m, SplittableRandom rng) {
        double[][] b = bidiagonal(n, m, rng);
        return m <= UNCUT_MAX_ORDER ? Linalg.bidiagonalSingularValues(b[0], b[1])
                : cutSingularValues(b[0], b[1], SEGMENT_ROWS);
    }

    /**
     * The Dumitriu–Edelman bidiagonal of a Gaussian n × m matrix.
     *
     * @param n rows of the Gaussian matrix
     * @param m columns, 1 ≤ m ≤ n
     * @param rng generator; advanced (the same draws in the same order whatever happens next)
     * @return {diagonal (m), superdiagonal (m − 1)}
     */
    static double[][] bidiagonal(int n, int m, SplittableRandom rng) {
        if (m < 1 || m > n) {
            throw new IllegalArgumentException("a Gaussian spectrum needs 1 <= m <= n, found n = " + n + ", m = " + m);
        }
        double[] d = new double[m];
        double[] e = new double[m - 1];
        for (int i = 0; i < m; i++) {
            d[i] = chi(n - i, rng);
            if (i < m - 1) {
                e[i] = chi(m - 1 - i, rng);
            }
        }
        return new double[][] {d, e};
    }

    /**
     * Singular values of an upper bidiagonal matrix cut into k = ⌈m / maxRows⌉ segments (see the class
     * comment): segment j holds rows and columns ⌊j·m/k⌋ … ⌊(j+1)·m/k⌋ − 1, the superdiagonal entries between
     * segments count as zero, each segment's values come from dqds, and all are sorted together.
     *
     * @param diagonal the m diagonal entries; not modified
     * @param superdiagonal the m − 1 entries above the diagonal; not modified
     * @param maxRows the largest segment, at least 1
     * @return the m singular values of the cut matrix, non-increasing
     */
    static double[] cutSingularValues(double[] diagonal, double[] superdiagonal, int maxRows) {
        int m = diagonal.length;
        int above = Math.max(0, m - 1);
        if (maxRows < 1 || superdiagonal.length != above) {
            throw new IllegalArgumentException("a cut bidiagonal needs segments of at least 1 row and m - 1 = "
                    + above + " superdiagonal entries, found " + maxRows + " and " + superdiagonal.length);
        }
        int k = (m + maxRows - 1) / maxRows;
        double[] all = new double[m];
        for (int j = 0; j < k; j++) {
            int from = segmentStart(j, m, k);
            int to = segmentStart(j + 1, m, k);
            double[] part = Linalg.bidiagonalSingularValues(Arrays.copyOfRange(diagonal, from, to),
                    Arrays.copyOfRange(superdiagonal, from, to - 1));
            System.arraycopy(part, 0, all, from, to - from);
        }
        Arrays.sort(all);
        double[] nonIncreasing = new double[m];
        for (int i = 0; i < m; i++) {
            nonIncreasing[i] = all[m - 1 - i];
        }
        return nonIncreasing;
    }

    /** @return the first row of segment j of k over m rows, ⌊j·m/k⌋ (m for j = k) */
    static int segmentStart(int j, int m, int k) {
        return (int) ((long) j * m / k);
    }

    /**
     * A χ deviate with k degrees of freedom: the square root of a Gamma(k/2, 2) deviate, drawn by Marsaglia
     * and Tsang's method (ACM TOMS 26(3), 2000) for shape k/2 ≥ 1, and as |N(0, 1)| for k = 1.
     *
     * @param k degrees of freedom, at least 1
     * @param rng generator; advanced
     * @return the deviate
     */
    static double chi(int k, SplittableRandom rng) {
        if (k < 1) {
            throw new IllegalArgumentException("chi needs k >= 1, found " + k);
        }
        double[] z = new double[1];
        if (k == 1) {
            io.koopcredit.base.Seeds.fillGaussian(rng, z);
            return Math.abs(z[0]);
        }
        double shape = k / 2.0;
        double dd = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * dd);
        while (true) {
            io.koopcredit.base.Seeds.fillGaussian(rng, z);
            double x = z[0];
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + dd - dd * v + dd * Math.log(v)) {
                return Math.sqrt(2.0 * dd * v);
            }
        }
    }
}
