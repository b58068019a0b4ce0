package io.koopcredit.model.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.koopcredit.base.InputException;
import io.koopcredit.model.Precision;
import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One ONNX Runtime session over a model with one input and outputs of one floating-point precision
 * (float32, or float64 for a converted block), run on samples in chunks. Thread-safe: ONNX Runtime sessions accept concurrent runs, and this class keeps no per-run state.
 * Do not close it while another thread is running it.
 */
final class OrtRunner implements AutoCloseable {

    private final String label;
    private final OrtSession session;
    private final String input;
    private final int[] inputDims;
    private final int inputSize;
    private final List<String> outputs;
    private final Set<String> requested;
    private final int[] outputSizes;
    private final long fixedBatch;
    private final int maxBatch;
    private final Precision precision;
    private volatile boolean closed;

    /**
     * Opens the session.
     *
     * @param label how to name the model in messages
     * @param model serialized model; not modified
     * @param input the input tensor's name
     * @param inputDims extents of one input sample; not modified
     * @param outputs names of the outputs to fetch
     * @param outputSizes values per sample of each output; not modified
     * @param fixedBatch the batch size the model requires, or 0 if any batch size is accepted
     * @param options threads and chunk size; not modified
     * @param precision the element type of the input and every output
     * @throws InputException if ONNX Runtime rejects the model
     */
    OrtRunner(String label, byte[] model, String input, int[] inputDims, List<String> outputs, int[] outputSizes,
              long fixedBatch, LoadOptions options, Precision precision) {
        if (outputs.size() != outputSizes.length) {
            throw new IllegalArgumentException(outputs.size() + " outputs but " + outputSizes.length + " sizes");
        }
        this.label = label;
        this.input = input;
        this.inputDims = inputDims.clone();
        int size = 1;
        for (int d : inputDims) {
            size *= d;
        }
        this.inputSize = size;
        this.outputs = List.copyOf(outputs);
        this.requested = new LinkedHashSet<>(outputs);
        this.outputSizes = outputSizes.clone();
        this.fixedBatch = fixedBatch;
        this.maxBatch = options.maxBatch();
        this.precision = precision;
        try {
            this.session = OrtRuntime.openSession(model, options);
        } catch (OrtException e) {
            if (precision == Precision.FLOAT64) {
                Optional<String> op = DoublePrecision.unsupportedOp(OrtRuntime.oneLine(e));
                if (op.isPresent()) {
                    throw new InputException(label + ": cannot run in float64: ONNX Runtime's CPU provider has no"
                            + " double kernel for " + op.get(), e);
                }
                throw OrtRuntime.failure(label, "cannot run in float64: ONNX Runtime rejects the converted model", e);
            }
            throw OrtRuntime.failure(label, "ONNX Runtime rejects the model", e);
        }
    }

    /** @return the element type of the input and outputs */
    Precision precision() {
        return precision;
    }

    /** @return the names of the outputs fetched, in order */
    List<String> outputs() {
        return outputs;
    }

    /** @return values per input sample */
    int inputSize() {
        return inputSize;
    }

    /**
     * Runs {@code count} float32 samples through a float32 session.
     *
     * @param samples {@code count * inputSize()} values, sample after sample; not modified
     * @param count number of samples, at least 1
     * @param into one array per output of {@code count * outputSize} values; filled in
     * @throws IllegalArgumentException if the sizes do not match or the session is not float32
     * @throws IllegalStateException if the runner is closed
     * @throws InputException if ONNX Runtime fails on these values
     */
    void run(float[] samples, int count, double[][] into) {
        if (precision != Precision.FLOAT32) {
            throw new IllegalArgumentException(label + ": float32 samples for a " + precision.spec() + " session");
        }
        check(samples.length, count, into);
        forEachChunk(count, (done, chunk, batch) -> {
            float[] buffer = new float[batch * inputSize];
            System.arraycopy(samples, done * inputSize, buffer, 0, chunk * inputSize);
            return FloatBuffer.wrap(buffer);
        }, into);
    }

    /**
     * Runs {@code count} samples, rounded to the session's precision.
     *
     * @param samples {@code count * inputSize()} values, sample after sample; not modified
     * @param count number of samples, at least 1
     * @param into one array per output of {@code count * outputSize} values; filled in
     * @throws IllegalArgumentException if the sizes do not match
     * @throws IllegalStateException if the runner is closed
     * @throws InputException if ONNX Runtime fails on these values
     */
    void run(double[] samples, int count, double[][] into) {
        check(samples.length, count, into);
        forEachChunk(count, (done, chunk, batch) -> {
            int n = chunk * inputSize;
            int from = done * inputSize;
            if (precision == Precision.FLOAT64) {
                double[] buffer = new double[batch * inputSize];
                System.arraycopy(samples, from, buffer, 0, n);
                return DoubleBuffer.wrap(buffer);
            }
            float[] buffer = new float[batch * inputSize];
            for (int i = 0; i < n; i++) {
                buffer[i] = (float) samples[from + i];
            }
            return FloatBuffer.wrap(buffer);
        }, into);
    }

    /** Receives the float32 values of one output of one chunk. */
    @FunctionalInterface
    interface FloatOutputs {
        /**
         * @param output which output, in {@link #outputs()} order
         * @param values its values for the chunk's samples, sample after sample (valid during the call)
         * @param samples the chunk's sample count
         */
        void accept(int output, FloatBuffer values, int samples);
    }

    /**
     * Runs samples {@code from .. from+count-1} of a float32 array in one run (padded to the model's fixed
     * batch, if any) and hands over each output's float32 values without converting them.
     *
     * @param samples sample after sample; not modified
     * @param from the first sample
     * @param count samples in this run, at least 1 (at most the fixed batch, if any)
     * @param sink receives each output
     */
    void runFloats(float[] samples, int from, int count, FloatOutputs sink) {
        if (precision != Precision.FLOAT32) {
            throw new IllegalArgumentException(label + ": float32 samples for a " + precision.spec() + " session");
        }
        if (closed) {
            throw new IllegalStateException(label + ": the session is closed");
        }
        int batch = fixedBatch > 0 ? (int) fixedBatch : count;
        if (count < 1 || count > batch || (long) (from + count) * inputSize > samples.length) {
            throw new IllegalArgumentException("cannot run samples " + from + ".." + (from + count) + " in a batch of "
                    + batch);
        }
        float[] buffer = new float[batch * inputSize];
        System.arraycopy(samples, from * inputSize, buffer, 0, count * inputSize);
        long[] shape = new long[inputDims.length + 1];
        shape[0] = batch;
        for (int i = 0; i < inputDims.length; i++) {
            shape[i + 1] = inputDims[i];
        }
        try (OnnxTensor in = OnnxTensor.createTensor(OrtRuntime.environment(), FloatBuffer.wrap(buffer), shape);
             OrtSession.Result result = session.run(Map.of(input, in), requested)) {
            for (int k = 0; k < outputs.size(); k++) {
                OnnxValue v = result.get(outputs.get(k)).orElseThrow();
                if (!(v instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
                    throw new InputException(label + ": output '" + outputs.get(k) + "' must be a float32 tensor, found "
                            + v.getInfo());
                }
                FloatBuffer out = t.getFloatBuffer();
                long expected = (long) batch * outputSizes[k];
                if (out.remaining() != expected) {
                    throw new InputException(label + ": output '" + outputs.get(k) + "' gave " + out.remaining()
                            + " values for " + batch + " samples; expected " + expected);
                }
                out.limit(count * outputSizes[k]);
                sink.accept(k, out, count);
            }
        } catch (OrtException e) {
            throw OrtRuntime.failure(label, "ONNX Runtime failed", e);
        }
    }

    /** Makes the input buffer of one chunk: samples [done, done + chunk), padded to {@code batch}. */
    @FunctionalInterface
    private interface ChunkInput {
        Buffer make(int done, int chunk, int batch);
    }

    private void check(long values, int count, double[][] into) {
        if (closed) {
            throw new IllegalStateException(label + ": the session is closed");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, found " + count);
        }
        if ((long) count * inputSize != values) {
            throw new IllegalArgumentException("expected " + count + " x " + inputSize + " = "
                    + (long) count * inputSize + " input values, found " + values);
        }
        if (into.length != outputs.size()) {
            throw new IllegalArgumentException("expected " + outputs.size() + " output arrays, found " + into.length);
        }
        for (int k = 0; k < into.length; k++) {
            if ((long) count * outputSizes[k] != into[k].length) {
                throw new IllegalArgumentException("output " + outputs.get(k) + ": expected " + count + " x "
                        + outputSizes[k] + " values, found an array of " + into[k].length);
            }
        }
    }

    private void forEachChunk(int count, ChunkInput input, double[][] into) {
        int done = 0;
        while (done < count) {
            int chunk = (int) Math.min(count - done, fixedBatch > 0 ? fixedBatch : maxBatch);
            int batch = fixedBatch > 0 ? (int) fixedBatch : chunk;
            runChunk(input.make(done, chunk, batch), batch, chunk, done, into);
            done += chunk;
        }
    }

    private void runChunk(Buffer buffer, int batch, int used, int offset, double[][] into) {
        long[] shape = new long[inputDims.length + 1];
        shape[0] = batch;
        for (int i = 0; i < inputDims.length; i++) {
            shape[i + 1] = inputDims[i];
        }
        OnnxJavaType expectedType = precision == Precision.FLOAT64 ? OnnxJavaType.DOUBLE : OnnxJavaType.FLOAT;
        try (OnnxTensor in = buffer instanceof DoubleBuffer d
                ? OnnxTensor.createTensor(OrtRuntime.environment(), d, shape)
                : OnnxTensor.createTensor(OrtRuntime.environment(), (FloatBuffer) buffer, shape);
             OrtSession.Result result = session.run(Map.of(input, in), requested)) {
            for (int k = 0; k < outputs.size(); k++) {
                OnnxValue v = result.get(outputs.get(k)).orElseThrow();
                if (!(v instanceof OnnxTensor t) || t.getInfo().type != expectedType) {
                    throw new InputException(label + ": output '" + outputs.get(k) + "' must be a "
                            + precision.spec() + " tensor, found " + v.getInfo());
                }
                Buffer out = expectedType == OnnxJavaType.DOUBLE ? t.getDoubleBuffer() : t.getFloatBuffer();
                long expected = (long) batch * outputSizes[k];
                if (out.remaining() != expected) {
                    throw new InputException(label + ": output '" + outputs.get(k) + "' gave " + out.remaining()
                            + " values for " + batch + " samples; expected " + expected);
                }
                int n = used * outputSizes[k];
                int base = offset * outputSizes[k];
                double[] dst = into[k];
                if (out instanceof DoubleBuffer db) {
                    db.get(dst, base, n);
                } else {
                    FloatBuffer fb = (FloatBuffer) out;
                    for (int i = 0; i < n; i++) {
                        dst[base + i] = fb.get(i);
                    }
                }
            }
        } catch (OrtException e) {
            throw OrtRuntime.failure(label, "ONNX Runtime failed", e);
        }
    }

    /** Closes the session. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(label + ": cannot close the session: " + OrtRuntime.oneLine(e), e);
        }
    }
}
