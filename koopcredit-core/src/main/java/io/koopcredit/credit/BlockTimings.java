package io.koopcredit.credit;

/**
 * Wall-clock seconds spent on one block, summed over trials (trials may run in parallel, so the sum can
 * exceed the elapsed time).
 *
 * @param name the block's name
 * @param embedding producing snapshots: block evaluations and alignment products
 * @param dmd DMD and the decomposition K_i = B·K̃
 * @param credit averaging the trials, credit and kernel credits
 * @param fidelity held-out fidelity
 * @param creditFlops floating-point operations counted in the credit's reads of the output activations (the
 *     one-step Gram form's short kernels, from their rows that are not zero for every sample: the products,
 *     Gram matrices and Cholesky proofs, where that proof fails the triangular factor and its inverse, and
 *     where both fail the eigenvalues or SVD that follow); 0 where not counted. Diagnostics for the
 *     benchmark's rates.
 * @param dmdFlops floating-point operations counted in the block's own fit, within {@code dmd}'s time (the
 *     one-step Gram form's block credit, from R_{i+1}·A, and its tall kernels, each credit from its own N × N
 *     factor: the product and the proofs, or the singular values where both fail); 0 where not counted.
 *     Diagnostics for the benchmark's rates.
 */
public record BlockTimings(String name, double embedding, double dmd, double credit, double fidelity,
                           double creditFlops, double dmdFlops) {
    /** Checks the flop counts. */
    public BlockTimings {
        if (!(creditFlops >= 0) || !(dmdFlops >= 0)) {
            throw new IllegalArgumentException("block " + name + ": expected flop counts of at least 0, found "
                    + creditFlops + " and " + dmdFlops);
        }
    }

    /** Timings with counted flops of the reads alone. */
    public BlockTimings(String name, double embedding, double dmd, double credit, double fidelity,
                        double creditFlops) {
        this(name, embedding, dmd, credit, fidelity, creditFlops, 0);
    }

    /** Timings without counted flops. */
    public BlockTimings(String name, double embedding, double dmd, double credit, double fidelity) {
        this(name, embedding, dmd, credit, fidelity, 0);
    }
}
