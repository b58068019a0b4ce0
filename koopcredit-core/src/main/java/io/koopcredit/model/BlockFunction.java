package io.koopcredit.model;

import java.util.Optional;

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
     *     row-major layout); not modified. The values are rounded to {@link #precision()} before use.
     * @param count number of samples, at least 1
     * @return a new array of {@code count * nOut} values, sample after sample
     * @throws IllegalArgumentException if {@code inputs.length != count * nIn}
     */
    double[] apply(double[] inputs, int count);

    /**
     * The format the function computes in, and in which it sees its input: two inputs that round to the
     * same values in this format give the same output. ONNX networks compute in float32 (the default);
     * step-delay embedding relies on it to recognise trajectories that have entered a cycle, and the rank
     * policy derives the noise floor of the snapshots from its unit roundoff.
     *
     * @return the evaluation precision
     */
    default Precision precision() {
        return Precision.FLOAT32;
    }

    /**
     * @return why the block computes in a lower precision than was asked for (an operation without a
     *     float64 kernel, say), or empty if it computes as asked
     */
    default Optional<String> precisionNote() {
        return Optional.empty();
    }
}
