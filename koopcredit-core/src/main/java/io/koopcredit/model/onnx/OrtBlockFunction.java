package io.koopcredit.model.onnx;

import io.koopcredit.model.Block;
import io.koopcredit.model.BlockFunction;
import io.koopcredit.model.Precision;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A block run on its own: its ONNX sub-model (float32, or converted to float64) in an ONNX Runtime session.
 * Thread-safe.
 */
final class OrtBlockFunction implements BlockFunction, AutoCloseable {

    private final Block block;
    private final OrtRunner runner;
    private final String precisionNote;

    /**
     * @param block the block
     * @param runner a runner over the block's sub-model; owned (closed with this function)
     * @param precisionNote why the block runs in a lower precision than was asked for, or null
     */
    OrtBlockFunction(Block block, OrtRunner runner, String precisionNote) {
        this.block = Objects.requireNonNull(block, "block");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.precisionNote = precisionNote;
        if (runner.inputSize() != block.nIn()) {
            throw new IllegalArgumentException("block " + block.name() + " takes " + block.nIn()
                    + " values but its session takes " + runner.inputSize());
        }
    }

    @Override
    public Block block() {
        return block;
    }

    @Override
    public double[] apply(double[] inputs, int count) {
        Objects.requireNonNull(inputs, "inputs");
        if (count < 1) {
            throw new IllegalArgumentException("block " + block.name() + ": count must be >= 1, found " + count);
        }
        if ((long) count * block.nIn() != inputs.length) {
            throw new IllegalArgumentException("block " + block.name() + ": expected " + count + " x " + block.nIn()
                    + " = " + (long) count * block.nIn() + " input values, found " + inputs.length);
        }
        if ((long) count * block.nOut() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("block " + block.name() + ": " + count + " x " + block.nOut()
                    + " output values do not fit in one array; apply it to fewer samples at a time");
        }
        double[][] out = {new double[count * block.nOut()]};
        runner.run(inputs, count, out);
        return out[0];
    }

    @Override
    public Precision precision() {
        return runner.precision();
    }

    @Override
    public Optional<String> precisionNote() {
        return Optional.ofNullable(precisionNote);
    }

    /** Closes the session. Idempotent. */
    @Override
    public void close() {
        runner.close();
    }

    /** @return a short description for debugging */
    @Override
    public String toString() {
        return "OrtBlockFunction[" + block.name() + " " + block.inputShape() + " -> " + block.outputShape() + ", "
                + runner.precision().spec() + ", "
                + String.join(" ", List.copyOf(block.ops())) + "]";
    }
}
