package io.koopcredit.credit;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Optional;

/**
 * The credits of a block's kernels as the Gram form computes them, in kernel order: each the log
 * pseudo-determinant of (its rows' factor)·A with its rank, or none (no singular value above the credit
 * tolerance). The form in which a cluster's second stage sends them back ({@link BoundaryReads.Answer}).
 * Its flop count ({@link #flops}) is the benchmark's diagnostic: in the reads the kernels' credits, in a
 * block's own fit also the work counted there (the block's credit). Not thread-safe; filled once per kernel.
 */
public final class KernelCredits implements Serializable {
    private static final long serialVersionUID = 1L;

    /** log BC per kernel, NaN where there is none (or not yet computed). */
    private final double[] logCredit;
    /** rank per kernel, 0 where there is none. */
    private final int[] rank;
    private final boolean[] set;
    /**
     * Flops of the credit calls (the kernels', and in a block's own fit its credit's), as counted by
     * {@link #addFlops}.
     */
    private double flops;

    /** @param kernels how many kernels, at least 0 */
    public KernelCredits(int kernels) {
        if (kernels < 0) {
            throw new IllegalArgumentException("a block has at least 0 kernels, found " + kernels);
        }
        this.logCredit = new double[kernels];
        this.rank = new int[kernels];
        this.set = new boolean[kernels];
        Arrays.fill(logCredit, Double.NaN);
    }

    /** @return the number of kernels */
    public int size() {
        return rank.length;
    }

    /**
     * @param k the kernel
     * @param credit its credit, or empty where none is defined
     * @throws IllegalStateException if kernel k was set before
     */
    void set(int k, Optional<BlockCredit> credit) {
        if (set[k]) {
            throw new IllegalStateException("the credit of kernel " + k + " was set twice");
        }
        set[k] = true;
        credit.ifPresent(c -> {
            logCredit[k] = c.logCredit();
            rank[k] = c.rank();
        });
    }

    /**
     * @param k the kernel
     * @return its credit (log BC and rank; the per-dimension value as {@link BlockCredit#ofSingularValues}
     *     forms it, log BC / rank), or empty
     * @throws IllegalStateException if kernel k was never set
     */
    Optional<BlockCredit> get(int k) {
        if (!set[k]) {
            throw new IllegalStateException("the credit of kernel " + k + " was never computed");
        }
        return rank[k] == 0 ? Optional.empty()
                : Optional.of(new BlockCredit(logCredit[k], rank[k], logCredit[k] / rank[k]));
    }

    /**
     * Counts work done for these credits (diagnostics for the benchmark; no result depends on it).
     *
     * @param f floating-point operations, at least 0
     */
    void addFlops(double f) {
        if (!(f >= 0)) {
            throw new IllegalArgumentException("expected a flop count of at least 0, found " + f);
        }
        flops += f;
    }

    /** @return the flops counted by {@link #addFlops} (0 where nothing counted them) */
    public double flops() {
        return flops;
    }

    /** @return whether every kernel was set */
    boolean complete() {
        for (boolean b : set) {
            if (!b) {
                return false;
            }
        }
        return true;
    }
}
