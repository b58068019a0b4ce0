package io.koopcredit.credit;

import io.koopcredit.koopman.KoopmanOperator;
import java.util.Optional;

/**
 * Block credit (Section III.D): {@code BC_i ∝ |det K_i|}, in log space. For a non-square K_i the paper
 * takes √det(KᵀK) or √det(KKᵀ), the product of the singular values; for a singular K_i, "the product of
 * non-zero eigenvalues". Both are the log pseudo-determinant
 * {@code log BC_i = Σ_{σ_j > tol} log σ_j(K_i)}, with {@code tol = max(nOut, nIn) · ε · σ_max} the
 * numerical rank tolerance (the one LAPACK and NumPy's matrix_rank use): values below it are zero to
 * working precision.
 *
 * @param logCredit log BC_i (natural logarithm), finite
 * @param rank the number of singular values in the sum
 * @param logCreditPerDim logCredit / rank: the mean log volume scale per kept direction, comparable
 *     between blocks of different rank
 */
public record BlockCredit(double logCredit, int rank, double logCreditPerDim) {

    /** Validates the values. */
    public BlockCredit {
        if (!Double.isFinite(logCredit) || rank < 1 || !Double.isFinite(logCreditPerDim)) {
            throw new IllegalArgumentException("block credit needs a finite log credit and rank >= 1, found "
                    + logCredit + ", rank " + rank);
        }
    }

    /**
     * @param k the block's Koopman operator
     * @return its credit, or empty when K_i is zero to working precision (no credit can be defined)
     */
    public static Optional<BlockCredit> of(KoopmanOperator k) {
        return ofSingularValues(k.singularValues(), k.nOut(), k.nIn());
    }

    /**
     * The log pseudo-determinant of a matrix given its singular values.
     *
     * @param s singular values, non-increasing; not modified
     * @param rows rows of the matrix
     * @param cols columns of the matrix
     * @return the credit, or empty if no value is above the tolerance
     */
    public static Optional<BlockCredit> ofSingularValues(double[] s, int rows, int cols) {
        int r = numericalRank(s, rows, cols);
        if (r == 0) {
            return Optional.empty();
        }
        double sum = 0;
        for (int i = 0; i < r; i++) {
            sum += Math.log(s[i]);
        }
        return Optional.of(new BlockCredit(sum, r, sum / r));
    }

    /**
     * @param s singular values, non-increasing; not modified
     * @param rows rows of the matrix
     * @param cols columns of the matrix
     * @return how many exceed {@code max(rows, cols) · ε · σ_max}
     */
    public static int numericalRank(double[] s, int rows, int cols) {
        if (s.length == 0 || !(s[0] > 0)) {
            return 0;
        }
        double tol = Math.max(rows, cols) * Math.ulp(1.0) * s[0];
        int r = 0;
        while (r < s.length && s[r] > tol) {
            r++;
        }
        return r;
    }
}
