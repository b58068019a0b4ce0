package io.koopcredit.model;

import java.util.List;

/**
 * The real inputs and outputs of every block for a set of samples, from one pass of the full network
 * (Section III.B: "When a batch of input samples are fed into N, we obtain the input and output of each
 * block").
 *
 * <p>Boundary 0 is the input of block 0; boundary i+1 is the output of block i and the input of block
 * i+1. Each boundary holds {@code count * width} values, sample after sample, in the order the data gave
 * the samples. The arrays are shared, not copied: callers must not modify them.
 *
 * @param count number of samples
 * @param boundaries m+1 arrays for a partition of m blocks
 */
public record BlockActivations(int count, List<double[]> boundaries) {

    /** Validates the fields. */
    public BlockActivations {
        boundaries = List.copyOf(boundaries);
        if (count < 1) {
            throw new IllegalArgumentException("activations need at least one sample, found " + count);
        }
        if (boundaries.size() < 2) {
            throw new IllegalArgumentException("activations need at least two boundaries, found "
                    + boundaries.size());
        }
        for (double[] b : boundaries) {
            if (b.length % count != 0) {
                throw new IllegalArgumentException("boundary of " + b.length + " values does not split into "
                        + count + " samples");
            }
        }
    }

    /** @return the real inputs of block {@code i}: {@code count * nIn_i} values (shared, do not modify) */
    public double[] input(int i) {
        return boundaries.get(i);
    }

    /** @return the real outputs of block {@code i}: {@code count * nOut_i} values (shared, do not modify) */
    public double[] output(int i) {
        return boundaries.get(i + 1);
    }

    /** @return the number of blocks */
    public int blockCount() {
        return boundaries.size() - 1;
    }
}
