package io.koopcredit.validation.stability;

import io.koopcredit.credit.BlockCredit;
import io.koopcredit.koopman.KoopmanOperator;
import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trial operators of one block, prepared so that the credit of any weighted mean
 * {@code Σ_t w_t·K_t} costs one small product and one small SVD: what a bootstrap over trials needs
 * hundreds of times.
 *
 * <p>With {@code K_t = U_t·S_t·V_tᵀ}, stack {@code L = [U_1 S_1, …, U_T S_T]} (nOut × R) and
 * {@code P = [V_1, …, V_T]} (nIn × R), R the sum of the trial ranks; then
 * {@code Σ_t w_t·K_t = L·W·Pᵀ} with W the diagonal of each column's trial weight. Thin QR factorisations
 * {@code L = Q_L·R_L} and {@code P = Q_P·R_P}, computed once, give
 * {@code L·W·Pᵀ = Q_L·(R_L·W·R_Pᵀ)·Q_Pᵀ}, whose singular values are those of the small
 * {@code R_L·W·R_Pᵀ} (min(nOut, R) × min(nIn, R)) because Q_L and Q_P have orthonormal columns. The same
 * numbers as the mean operator's, up to rounding.
 */
final class OperatorEnsemble {
    private final int nOut;
    private final int nIn;
    private final int size;
    private final int[] owner;
    private final Matrix left;
    private final Matrix right;

    private final io.koopcredit.credit.CreditTolerance tolerance;

    private OperatorEnsemble(int nOut, int nIn, int size, int[] owner, Matrix left, Matrix right,
                             io.koopcredit.credit.CreditTolerance tolerance) {
        this.tolerance = tolerance;
        this.nOut = nOut;
        this.nIn = nIn;
        this.size = size;
        this.owner = owner;
        this.left = left;
        this.right = right;
    }

    /**
     * @param operators at least one trial operator, all nOut × nIn; not modified
     * @return the prepared ensemble
     */
    static OperatorEnsemble of(List<KoopmanOperator> operators, io.koopcredit.credit.CreditTolerance tolerance) {
        if (operators.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs operators");
        }
        int nOut = operators.get(0).nOut();
        int nIn = operators.get(0).nIn();
        List<Matrix> lefts = new ArrayList<>();
        List<Matrix> rights = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int t = 0; t < operators.size(); t++) {
            KoopmanOperator k = operators.get(t);
            if (k.nOut() != nOut || k.nIn() != nIn) {
                throw new IllegalArgumentException("trial operators of different shapes");
            }
            lefts.add(k.u().scaleColumns(k.s()));
            rights.add(k.v());
            for (int c = 0; c < k.rank(); c++) {
                owners.add(t);
            }
        }
        int[] owner = owners.stream().mapToInt(Integer::intValue).toArray();
        if (owner.length == 0) {
            return new OperatorEnsemble(nOut, nIn, operators.size(), owner, null, null, tolerance);
        }
        Matrix l = Linalg.qr(Matrix.hstack(lefts)).r();
        Matrix p = Linalg.qr(Matrix.hstack(rights)).r();
        return new OperatorEnsemble(nOut, nIn, operators.size(), owner, l, p, tolerance);
    }

    /** @return the number of trial operators */
    int size() {
        return size;
    }

    /**
     * The work of one {@link #credit} call, in multiply-adds: the product and the SVD of a k_L × k_P
     * matrix each cost about {@code k_L·k_P·min(k_L, k_P)}.
     *
     * @return the cost estimate (0 for an ensemble of zero operators)
     */
    double cost() {
        if (left == null) {
            return 0;
        }
        double kl = left.rows();
        double kp = right.rows();
        return kl * kp * Math.min(kl, kp) + kl * kp * owner.length;
    }

    /**
     * @param weights one weight per trial operator; not modified
     * @return the credit of {@code Σ_t weights[t]·K_t}, or empty when it is zero to working precision
     */
    Optional<BlockCredit> credit(double[] weights) {
        if (weights.length != size) {
            throw new IllegalArgumentException("expected " + size + " weights, found " + weights.length);
        }
        if (left == null) {
            return Optional.empty();
        }
        double[] columns = new double[owner.length];
        for (int c = 0; c < owner.length; c++) {
            columns[c] = weights[owner[c]];
        }
        Matrix m = Linalg.multiplyTransposeB(left.scaleColumns(columns), right);
        return BlockCredit.ofSingularValues(Linalg.singularValues(m), nOut, nIn, tolerance);
    }
}
