package io.koopcredit.koopman;

import io.koopcredit.linalg.Matrix;

/**
 * The snapshot pairs of one block, as DMD needs them: {@code y(k+1) ≈ K̃·y(k)} for every pair.
 *
 * <p>Repeated pairs are stored once with weight: a pair that occurs c times is one column scaled by √c in
 * both matrices. This is exact, not an approximation: if the nominal snapshot matrix is
 * {@code Y = D·S} with S a 0/1 selection scaled to orthonormal rows, then {@code Y⁺ = Sᵀ·D⁺}, so
 * {@code Y′·Y⁺ = D′·D⁺} and Y has the singular values of D. Step-delay embedding repeats pairs whenever a
 * trajectory reaches a fixed point or a cycle.
 *
 * @param x nIn × p, the distinct "before" states, each scaled by √(multiplicity)
 * @param xNext nIn × p, the matching "after" states, scaled alike
 * @param nominalPairs the number of snapshot pairs counting repeats, the column count of the paper's Y
 */
public record Snapshots(Matrix x, Matrix xNext, long nominalPairs) {

    /** Validates shapes. */
    public Snapshots {
        if (x.rows() != xNext.rows() || x.cols() != xNext.cols()) {
            throw new IllegalArgumentException("snapshot matrices differ in shape: " + x + " and " + xNext);
        }
        if (nominalPairs < x.cols()) {
            throw new IllegalArgumentException("nominal pair count " + nominalPairs + " below the "
                    + x.cols() + " distinct pairs");
        }
    }

    /** @return the state width */
    public int width() {
        return x.rows();
    }

    /** @return the number of distinct pairs stored */
    public int distinctPairs() {
        return x.cols();
    }
}
