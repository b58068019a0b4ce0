package io.koopcredit.credit;

import io.koopcredit.koopman.BlockOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * Block sensitivity (Section III.D, Theorem 5): {@code BS_i = |det ∂K/∂K_i|} for K = K_m⋯K_1, which for
 * square operators of one order n is {@code Π_{s≠i} |det K_s|^n}; in log space
 * {@code log BS_i = n · Σ_{s≠i} log |det K_s|}. By Theorem 6 it does not depend on the block's position.
 * The theorem needs every operator square of one order; otherwise the sensitivity is undefined and is
 * reported so. If some other K_s is singular, BS_i = 0 and has no logarithm: reported as zero.
 *
 * @param logSensitivity log BS_i, or null when undefined or zero (see {@code note})
 * @param note why there is no value, or null when there is one
 */
public record BlockSensitivity(Double logSensitivity, String note) {

    /** Validates that exactly one of value and note is present. */
    public BlockSensitivity {
        if ((logSensitivity == null) == (note == null)) {
            throw new IllegalArgumentException("a sensitivity has either a value or a note, not both or neither");
        }
        if (logSensitivity != null && !Double.isFinite(logSensitivity)) {
            throw new IllegalArgumentException("log sensitivity must be finite, found " + logSensitivity);
        }
    }

    /**
     * @param operators K_1 .. K_m in execution order (null entries: blocks that could not be estimated)
     * @param tolerance which singular values count as non-zero, for every operator (resolved)
     * @return the sensitivity of each block
     */
    public static List<BlockSensitivity> of(List<? extends BlockOperator> operators, CreditTolerance tolerance) {
        return of(operators, java.util.Collections.nCopies(operators.size(), tolerance));
    }

    /**
     * @param operators K_1 .. K_m in execution order (null entries: blocks that could not be estimated)
     * @param tolerances per operator, which singular values count as non-zero (below it, K_s counts as
     *     singular); resolved for each block's data
     * @return the sensitivity of each block
     */
    public static List<BlockSensitivity> of(List<? extends BlockOperator> operators,
                                             List<CreditTolerance> tolerances) {
        if (tolerances.size() != operators.size()) {
            throw new IllegalArgumentException(operators.size() + " operators but " + tolerances.size() + " tolerances");
        }
        int m = operators.size();
        List<BlockSensitivity> out = new ArrayList<>(m);
        if (m == 1 && operators.get(0) != null) {
            // K = K_1: ∂K/∂K_1 is the identity on matrices of any shape, so BS = 1 (the empty product).
            out.add(new BlockSensitivity(0.0, null));
            return out;
        }
        Integer order = commonSquareOrder(operators);
        if (order == null) {
            for (int i = 0; i < m; i++) {
                out.add(new BlockSensitivity(null,
                        "undefined: Theorem 5 needs every K_s square of one order n"));
            }
            return out;
        }
        int n = order;
        double[] logDet = new double[m];
        boolean[] singular = new boolean[m];
        for (int s = 0; s < m; s++) {
            BlockOperator.Counted c = operators.get(s).counted(tolerances.get(s).threshold(1.0, n, n));
            singular[s] = c.rank() < n;
            logDet[s] = c.logDeterminant();
        }
        return fromDeterminants(logDet, singular, n);
    }

    /**
     * Theorem 5 for the PCA estimator, whose reduced operators M_s are all k × k and compose (block s's
     * output principal directions are block s+1's input ones, computed from the same activations):
     * {@code log BS_i = k · Σ_{s≠i} log |det M_s|}.
     *
     * @param eigenvalueModuli per block, the moduli of M_s's eigenvalues (null entries: blocks without an
     *     operator); not modified
     * @param tolerances per block, which moduli count as non-zero (resolved)
     * @return the sensitivity of each block
     */
    public static List<BlockSensitivity> ofReduced(List<double[]> eigenvalueModuli, List<CreditTolerance> tolerances) {
        int m = eigenvalueModuli.size();
        if (m == 1 && eigenvalueModuli.get(0) != null) {
            return List.of(new BlockSensitivity(0.0, null));
        }
        Integer n = null;
        for (double[] e : eigenvalueModuli) {
            if (e == null || (n != null && n != e.length)) {
                return java.util.Collections.nCopies(m, new BlockSensitivity(null,
                        "undefined: Theorem 5 needs every reduced operator square of one order k"));
            }
            n = e.length;
        }
        double[] logDet = new double[m];
        boolean[] singular = new boolean[m];
        for (int s = 0; s < m; s++) {
            double[] e = eigenvalueModuli.get(s);
            int rank = BlockCredit.numericalRank(e, n, n, tolerances.get(s));
            singular[s] = rank < n;
            for (int j = 0; j < rank; j++) {
                logDet[s] += Math.log(e[j]);
            }
        }
        return fromDeterminants(logDet, singular, n);
    }

    /** Eq. (4): log BS_i = n · Σ_{s≠i} log |det K_s|, or zero when another K_s is singular. */
    private static List<BlockSensitivity> fromDeterminants(double[] logDet, boolean[] singular, int n) {
        int m = logDet.length;
        List<BlockSensitivity> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            double sum = 0;
            String zeroBecause = null;
            for (int s = 0; s < m; s++) {
                if (s == i) {
                    continue;
                }
                if (singular[s]) {
                    zeroBecause = "zero: K of block " + (s + 1) + " is singular";
                    break;
                }
                sum += logDet[s];
            }
            out.add(zeroBecause != null ? new BlockSensitivity(null, zeroBecause) : new BlockSensitivity(n * sum, null));
        }
        return out;
    }

    private static Integer commonSquareOrder(List<? extends BlockOperator> operators) {
        Integer n = null;
        for (BlockOperator k : operators) {
            if (k == null || k.nIn() != k.nOut() || (n != null && n != k.nIn())) {
                return null;
            }
            n = k.nIn();
        }
        return n;
    }
}
