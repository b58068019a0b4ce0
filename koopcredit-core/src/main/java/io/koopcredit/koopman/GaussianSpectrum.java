package io.koopcredit.koopman;

import io.koopcredit.linalg.Linalg;
import java.util.SplittableRandom;

/**
 * Singular values with the law of a standard Gaussian n × m matrix's (n ≥ m), drawn in O(m²) without the
 * matrix: by Householder bidiagonalisation (Golub–Kahan), a Gaussian n × m matrix is orthogonally
 * equivalent to the m × m upper bidiagonal matrix with independent diagonal χ_n, χ_{n−1}, …, χ_{n−m+1} and
 * superdiagonal χ_{m−1}, …, χ_1 (each reflection leaves the rest Gaussian, and the norm of k standard
 * normal deviates is χ_k; Dumitriu and Edelman, J. Math. Phys. 43(11), 2002). Its singular values are
 * those of the Gaussian matrix in law.
 */
public final class GaussianSpectrum {
    private GaussianSpectrum() {
    }

    /**
     * @param n rows of the Gaussian matrix
     * @param m columns, 1 ≤ m ≤ n
     * @param rng generator; advanced
     * @return m singular values, non-increasing
     */
    public static double[] draw(int n, int m, SplittableRandom rng) {
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
        return Linalg.bidiagonalSingularValues(d, e);
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
