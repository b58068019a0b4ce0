package io.koopcredit.koopman;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.linalg.Qr;
import io.koopcredit.linalg.Svd;
import java.util.ArrayList;
import java.util.List;

/**
 * A finite-dimensional Koopman operator K_i of one block (Section III.C), a linear map R^nIn → R^nOut,
 * optionally with an offset (the constant observable of an affine fit).
 *
 * <p>Stored as a compact singular value decomposition {@code K = U · diag(s) · Vᵀ} with only the non-zero
 * singular values: the operators of this method often have rank far below min(nIn, nOut) (the snapshot
 * matrices of step-delay embedding have rank 6 to 14 on LeNet-5), and the credit needs exactly these
 * singular values. The dense nOut × nIn matrix is formed only on request ({@link #dense()}).
 *
 * @param u nOut × r, orthonormal columns
 * @param s r singular values, non-increasing, positive (owned by the record: do not modify)
 * @param v nIn × r, orthonormal columns
 * @param offset nOut values added after the linear map, or null for a purely linear operator (owned by
 *     the record: do not modify)
 */
public record KoopmanOperator(Matrix u, double[] s, Matrix v, double[] offset) implements BlockOperator {

    /** Validates shapes and values. */
    public KoopmanOperator {
        if (u.cols() != s.length || v.cols() != s.length) {
            throw new IllegalArgumentException("operator factors do not fit: U " + u + ", " + s.length
                    + " singular values, V " + v);
        }
        for (int i = 0; i < s.length; i++) {
            if (!(s[i] > 0 && Double.isFinite(s[i])) || (i > 0 && s[i] > s[i - 1])) {
                throw new IllegalArgumentException("singular values must be positive, finite and non-increasing");
            }
        }
        if (offset != null && offset.length != u.rows()) {
            throw new IllegalArgumentException("offset has " + offset.length + " values, expected " + u.rows());
        }
    }

    /**
     * The operator {@code left · rightᵀ} (+ offset), brought to compact SVD form.
     *
     * @param left nOut × k; not modified
     * @param right nIn × k; not modified
     * @param offset nOut values or null; not modified
     * @return the operator, keeping the singular values that are not exactly zero
     */
    public static KoopmanOperator fromFactors(Matrix left, Matrix right, double[] offset) {
        if (left.cols() != right.cols()) {
            throw new IllegalArgumentException("factors " + left + " and " + right + " have different inner sizes");
        }
        int nOut = left.rows();
        int nIn = right.rows();
        double[] off = offset == null ? null : offset.clone();
        if (left.cols() == 0 || nOut == 0 || nIn == 0) {
            return zero(nOut, nIn, off);
        }
        // left = P·S and right = Q·T (thin QRs), so left·rightᵀ = P·(S·Tᵀ)·Qᵀ; the SVD of the small core
        // S·Tᵀ = W·diag(s)·Zᵀ gives K = (P·W)·diag(s)·(Q·Z)ᵀ. Only the QRs hold a whole factor in native memory
        // (one at a time); the products with W and Z go a tile of rows at a time (Linalg.multiplyTall).
        Qr ql = Linalg.qr(left);
        Qr qr = Linalg.qr(right);
        Svd svd = Linalg.svd(Linalg.multiplyTransposeB(ql.r(), qr.r()));
        int r = svd.countAbove(0.0);
        double[] s = java.util.Arrays.copyOf(svd.s(), r);
        return new KoopmanOperator(Linalg.multiplyTall(ql.q(), svd.u().columnRange(0, r)), s,
                Linalg.multiplyTall(qr.q(), svd.v().columnRange(0, r)), off);
    }

    /**
     * From a dense matrix.
     *
     * @param k nOut × nIn; not modified
     * @param offset nOut values or null; not modified
     * @return the operator
     */
    public static KoopmanOperator fromDense(Matrix k, double[] offset) {
        return fromFactors(k, Matrix.identity(k.cols()), offset);
    }

    /**
     * @param nOut output width
     * @param nIn input width
     * @param offset offset or null; not copied
     * @return the zero operator
     */
    public static KoopmanOperator zero(int nOut, int nIn, double[] offset) {
        return new KoopmanOperator(Matrix.zeros(nOut, 0), new double[0], Matrix.zeros(nIn, 0), offset);
    }

    /**
     * The mean of operators of one shape: the paper averages the operators of its 10 random alignments.
     *
     * @param operators at least one, all nOut × nIn; not modified
     * @return (1/T) Σ K_t, with the mean offset if all have offsets
     */
    public static KoopmanOperator mean(List<KoopmanOperator> operators) {
        if (operators.isEmpty()) {
            throw new IllegalArgumentException("mean of no operators");
        }
        KoopmanOperator first = operators.get(0);
        int t = operators.size();
        List<Matrix> lefts = new ArrayList<>();
        List<Matrix> rights = new ArrayList<>();
        boolean allOffsets = true;
        double[] offset = new double[first.nOut()];
        for (KoopmanOperator k : operators) {
            if (k.nOut() != first.nOut() || k.nIn() != first.nIn()) {
                throw new IllegalArgumentException("mean of operators of different shapes");
            }
            lefts.add(k.u.scaleColumns(k.s).scale(1.0 / t));
            rights.add(k.v);
            if (k.offset == null) {
                allOffsets = false;
            } else {
                for (int i = 0; i < offset.length; i++) {
                    offset[i] += k.offset[i] / t;
                }
            }
        }
        return fromFactors(Matrix.hstack(lefts), Matrix.hstack(rights), allOffsets ? offset : null);
    }

    /** @return the output width nOut */
    @Override
    public int nOut() {
        return u.rows();
    }

    /** @return the input width nIn */
    @Override
    public int nIn() {
        return v.rows();
    }

    /** @return the number of non-zero singular values kept */
    @Override
    public int rank() {
        return s.length;
    }

    /** @return a copy of the singular values, non-increasing */
    @Override
    public double[] singularValues() {
        return s.clone();
    }

    /** @return true if the operator has an offset (an affine map) */
    public boolean isAffine() {
        return offset != null;
    }

    /** @return the dense nOut × nIn matrix of the linear part */
    public Matrix dense() {
        return Linalg.multiplyTransposeB(u.scaleColumns(s), v);
    }

    /**
     * Applies the operator (linear part plus offset, if any) to samples.
     *
     * @param x {@code count * nIn} values, sample after sample; not modified
     * @param count number of samples
     * @return {@code count * nOut} values, sample after sample
     */
    public double[] apply(double[] x, int count) {
        // (the factors are tall: products a tile of rows at a time, with no native copy of a factor kept)
        Matrix coords = Linalg.multiplyTransposeATall(v, Matrix.wrap(nIn(), count, x));
        double[] scaled = coords.toColumnMajor();
        int r = rank();
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < r; i++) {
                scaled[i + j * r] *= s[i];
            }
        }
        double[] y = Linalg.applyTall(u, scaled, count);
        if (offset != null) {
            int n = nOut();
            for (int j = 0; j < count; j++) {
                for (int i = 0; i < n; i++) {
                    y[i + j * n] += offset[i];
                }
            }
        }
        return y;
    }

    /**
     * The composition {@code this ∘ inner}: first inner, then this.
     *
     * @param inner an operator with {@code inner.nOut() == this.nIn()}; not modified
     * @return the product operator (offsets composed as K·b_inner + b_this)
     */
    public KoopmanOperator compose(KoopmanOperator inner) {
        if (inner.nOut() != nIn()) {
            throw new IllegalArgumentException("cannot compose an operator taking " + nIn()
                    + " values after one giving " + inner.nOut());
        }
        Matrix middle = Linalg.multiplyTransposeATall(v, inner.u);
        Matrix left = Linalg.multiplyTall(u.scaleColumns(s), middle.scaleColumns(inner.s));
        double[] off = null;
        if (offset != null || inner.offset != null) {
            off = inner.offset == null ? new double[nOut()] : linearPart().apply(inner.offset, 1);
            if (offset != null) {
                for (int i = 0; i < off.length; i++) {
                    off[i] += offset[i];
                }
            }
        }
        return fromFactors(left, inner.v, off);
    }

    /** @return the linear part alone (no offset) */
    public KoopmanOperator linearPart() {
        return offset == null ? this : new KoopmanOperator(u, s, v, null);
    }

    /**
     * Singular values of the sub-operator made of some rows of K (the outputs {@code from..to-1}); used
     * for the credit of one convolution kernel, whose feature map is a contiguous run of outputs.
     *
     * @param from first output, inclusive
     * @param to last output, exclusive
     * @return the singular values of K[from:to, :], non-increasing
     */
    public double[] rowBlockSingularValues(int from, int to) {
        // K[rows] = U[rows]·diag(s)·Vᵀ and V has orthonormal columns: same singular values as U[rows]·diag(s).
        return Linalg.singularValues(u.rowRange(from, to).scaleColumns(s));
    }
}
