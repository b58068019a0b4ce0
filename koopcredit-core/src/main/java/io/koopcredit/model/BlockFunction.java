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

    /**
     * Whether the function sees its input only through float32 rounding, so that two inputs that round
     * to the same float32 values give the same output. True for ONNX networks, which compute in float32;
     * step-delay embedding relies on it to recognise trajectories that have entered a cycle.
     *
     * @return true if inputs are rounded to float32 before use (the default)
     */
    default boolean float32Inputs() {
        return true;
    }
}
