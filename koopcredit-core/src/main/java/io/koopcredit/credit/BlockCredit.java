package io.koopcredit.credit;

import java.util.Optional;

/**
 * Block credit (Section III.D): {@code BC_i ∝ |det K_i|}, in log space. For a non-square K_i the paper
 * takes √det(KᵀK) or √det(KKᵀ), which is the product of the singular values. For a singular K_i it speaks
 * of "the product of non-zero eigenvalues" while keeping the meaning of a volume ratio; this tool reads
 * that as the product of the non-zero singular values (the volume scale on the subspace K_i does not
 * collapse; for a non-normal singular matrix it differs from the product of non-zero eigenvalues, which is
 * not a volume). Together: the log pseudo-determinant {@code log BC_i = Σ_{σ_j > tol} log σ_j(K_i)}, with
 * {@code tol} given by a {@link CreditTolerance} (default: the float32 resolution of the data,
 * ε_float32 · σ_max).
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
     * @param tolerance which singular values count as non-zero
     * @return its credit, or empty when K_i is zero at that tolerance (no credit can be defined)
     */
    public static Optional<BlockCredit> of(io.koopcredit.koopman.BlockOperator k, CreditTolerance tolerance) {
        io.koopcredit.koopman.BlockOperator.Counted c = k.counted(tolerance.threshold(1.0, k.nOut(), k.nIn()));
        return c.rank() == 0 ? Optional.empty()
                : Optional.of(new BlockCredit(c.logDeterminant(), c.rank(), c.logDeterminant() / c.rank()));
    }

    /**
     * The credit of a square operator from its eigenvalues: the paper's "product of non-zero eigenvalues"
     * (in modulus, log space), used for the PCA estimator's k × k reduced operator. For a non-singular
     * operator it equals the log pseudo-determinant (|det| is both products); for a singular one the
     * eigenvalues that are zero at the tolerance are left out.
     *
     * @param moduli the eigenvalues' moduli, non-increasing; not modified
     * @param tolerance which moduli count as non-zero (relative to the largest, as for singular values)
     * @return the credit, or empty if no modulus is above the tolerance
     */
    public static Optional<BlockCredit> ofEigenvalueModuli(double[] moduli, CreditTolerance tolerance) {
        return ofSingularValues(moduli, moduli.length, moduli.length, tolerance);
    }

    /**
     * The log pseudo-determinant of a matrix given its singular values.
     *
     * @param s singular values, non-increasing; not modified
     * @param rows rows of the matrix
     * @param cols columns of the matrix
     * @param tolerance which singular values count as non-zero
     * @return the credit, or empty if no value is above the tolerance
     */
    public static Optional<BlockCredit> ofSingularValues(double[] s, int rows, int cols, CreditTolerance tolerance) {
        int r = numericalRank(s, rows, cols, tolerance);
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
     * @param tolerance which singular values count as non-zero
     * @return how many exceed the tolerance's threshold
     */
    public static int numericalRank(double[] s, int rows, int cols, CreditTolerance tolerance) {
        if (s.length == 0 || !(s[0] > 0)) {
            return 0;
        }
        double tol = tolerance.threshold(s[0], rows, cols);
        int r = 0;
        while (r < s.length && s[r] > tol) {
            r++;
        }
        return r;
    }
}
