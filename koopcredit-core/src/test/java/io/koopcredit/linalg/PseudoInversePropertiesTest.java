package io.koopcredit.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.koopman.Dmd;
import io.koopcredit.koopman.RankPolicy;
import io.koopcredit.testing.RandomMatrices;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The Moore–Penrose conditions, over random shapes, ranks and condition numbers, for both pseudo-inverses
 * the code has: {@link Linalg#fullRankPseudoInverse} (normal equations, or QR past κ ≈ 10³) and the
 * truncated one inside DMD ({@code K̃ = Y′·V_r·Σ_r⁻¹·U_rᵀ}, with Y′ = I it is Y_r⁺ itself).
 *
 * <p>Tolerances, with ε = 2⁻⁵², n the larger dimension and κ the planted condition number. A
 * backward-stable pseudo-inverse (QR, or the SVD inside DMD) has residuals and a relative forward error of
 * order n·κ·ε. The normal equations square the condition number, n·κ²·ε; the code takes them while LAPACK's
 * estimate of the Gram matrix's 1/κ₁ is at least {@link Linalg#NORMAL_EQUATIONS_MIN_RCOND} = 10⁻⁶, and that
 * estimate is within a factor k = min(m, n) of 1/κ², so only while κ ≤ 10³·√k. Hence the bound
 * {@code SLACK · n · κ · ε · (κ ≤ 10³·√k ? κ : 1)}. Measured over 3000 random cases of each property's
 * distribution: the largest residual was 2.2 times the bound without SLACK (forward error on the normal
 * equations), 3.7 for DMD; SLACK = 10. The same measurement found LAPACK's 1/κ estimates within a factor k
 * of the planted 1/κ on both routes.
 */
class PseudoInversePropertiesTest {
    private static final double EPS = Math.ulp(1.0);
    private static final double SLACK = 10;

    /** @return the bound on the relative residuals for an m × n matrix of condition number κ */
    private static double tolerance(int m, int n, double condition) {
        int k = Math.min(m, n);
        boolean normalEquationsPossible = condition <= 1e3 * Math.sqrt(k);
        return SLACK * Math.max(m, n) * condition * EPS * (normalEquationsPossible ? condition : 1);
    }

    @Property(tries = 150, seed = "20221202")
    void fullRankPseudoInverseMeetsThePenroseConditions(@ForAll @IntRange(min = 1, max = 12) int m,
                                                        @ForAll @IntRange(min = 1, max = 12) int n,
                                                        @ForAll @DoubleRange(min = 0, max = 6) double log10Condition,
                                                        @ForAll @DoubleRange(min = -3, max = 3) double log10Scale,
                                                        @ForAll long seed) {
        int k = Math.min(m, n);
        double condition = k == 1 ? 1 : Math.pow(10, log10Condition);
        double[] s = RandomMatrices.logSpaced(k, Math.pow(10, log10Scale), condition);
        Matrix a = RandomMatrices.withSingularValues(m, n, s, seed);
        PseudoInverse p = Linalg.fullRankPseudoInverse(a);
        Matrix x = p.inverse();
        assertEquals(n, x.rows());
        assertEquals(m, x.cols());
        assertPenrose(a, x, s[0], 1 / s[k - 1], tolerance(m, n, condition));
        // The planted inverse V·diag(1/s)·Uᵀ, from the same singular vectors: forward error within the bound.
        double[] inv = new double[k];
        for (int i = 0; i < k; i++) {
            inv[i] = 1 / s[i];
        }
        Matrix u = RandomMatrices.orthonormal(m, k, seed);
        Matrix v = RandomMatrices.orthonormal(n, k, seed + 1);
        Matrix planted = Linalg.multiplyTransposeB(v.scaleColumns(inv), u);
        double forward = RandomMatrices.maxAbs(x.minus(planted)) / inv[k - 1];
        assertTrue(forward <= tolerance(m, n, condition), "X = A⁺: relative error " + forward);
        // LAPACK estimates 1/κ within a factor 2k (measured: within k).
        double rcond = p.reciprocalCondition();
        assertTrue(rcond > 0 && rcond <= 1.0 + 1e-12, "rcond " + rcond);
        assertTrue(rcond * condition >= 1.0 / (2 * k) && rcond * condition <= 2 * k,
                "rcond " + rcond + " for κ = " + condition);
    }

    @Property(tries = 150, seed = "20221203")
    void dmdPseudoInverseOfARankDeficientMatrixMeetsThePenroseConditions(
            @ForAll @IntRange(min = 2, max = 12) int n, @ForAll @IntRange(min = 2, max = 12) int p,
            @ForAll @IntRange(min = 1, max = 11) int rank, @ForAll @DoubleRange(min = 0, max = 4) double log10Condition,
            @ForAll long seed) {
        int r = Math.min(rank, Math.min(n, p) - 1);
        double condition = r == 1 ? 1 : Math.pow(10, log10Condition);
        double[] s = RandomMatrices.logSpaced(r, 1.0, condition);
        Matrix y = RandomMatrices.withSingularValues(n, p, s, seed);
        // Y′ = I: the fitted operator left·basisᵀ = I·V_r·Σ_r⁻¹·U_rᵀ is the truncated pseudo-inverse Y_r⁺.
        Dmd.Fit fit = Dmd.fit(y, Matrix.identity(p), new RankPolicy.MachinePrecision(), p, 0.0);
        assertEquals(r, fit.rank(), "the machine-precision rank is the planted rank");
        Matrix x = Linalg.multiplyTransposeB(fit.left(), fit.basis());
        assertPenrose(y, x, s[0], 1 / s[r - 1], SLACK * Math.max(n, p) * condition * EPS);
        assertEquals(condition, fit.condition(), condition * 1e-8);
    }

    /** The four conditions, each relative to the norm of what it compares. */
    static void assertPenrose(Matrix a, Matrix x, double normA, double normX, double tol) {
        Matrix ax = Linalg.multiply(a, x);
        Matrix xa = Linalg.multiply(x, a);
        double axa = RandomMatrices.maxAbs(Linalg.multiply(ax, a).minus(a)) / normA;
        double xax = RandomMatrices.maxAbs(Linalg.multiply(xa, x).minus(x)) / normX;
        double axSym = RandomMatrices.maxAbs(ax.minus(ax.transpose()));
        double xaSym = RandomMatrices.maxAbs(xa.minus(xa.transpose()));
        assertTrue(axa <= tol, "A·X·A = A: " + axa + " > " + tol);
        assertTrue(xax <= tol, "X·A·X = X: " + xax + " > " + tol);
        assertTrue(axSym <= tol, "A·X symmetric: " + axSym + " > " + tol);
        assertTrue(xaSym <= tol, "X·A symmetric: " + xaSym + " > " + tol);
    }
}
