package io.koopcredit.model;

/**
 * The function f_i of one block, runnable on its own (Section III.A: each block is a black box).
 *
 * <p>Implementations are thread-safe: several threads may call {@link #apply} at once.
 */
public interface BlockFunction {

    /** @return the block this function computes */
    Block block();

    /**
     * Applies the block to {@code count} samples.
     *
     * @param inputs {@code count * nIn} values, sample after sample (each sample in the block input's
     *     row-major layout); not modified. The network computes in float32, so the values are rounded to
     *     float before the call.
     * @param count number of samples, at least 1
     * @return a new array of {@code count * nOut} values, sample after sample
     * @throws IllegalArgumentException if {@code inputs.length != count * nIn}
     */
    double[] apply(double[] inputs, int count);
}
