package io.koopcredit.model.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.koopcredit.InputException;
import java.nio.FloatBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX Runtime session over a model with one float32 input and float32 outputs, run on samples in
 * chunks. Thread-safe: ONNX Runtime sessions accept concurrent runs, and this class keeps no per-run state.
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
     * @throws InputException if ONNX Runtime rejects the model
     */
    OrtRunner(String label, byte[] model, String input, int[] inputDims, List<String> outputs, int[] outputSizes,
              long fixedBatch, LoadOptions options) {
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
        try {
            this.session = OrtRuntime.openSession(model, options);
        } catch (OrtException e) {
            throw OrtRuntime.failure(label, "ONNX Runtime rejects the model", e);
        }
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
     * Runs {@code count} samples.
     *
     * @param samples {@code count * inputSize()} values, sample after sample; not modified
     * @param count number of samples, at least 1
     * @param into one array per output of {@code count * outputSize} values; filled in
     * @throws IllegalArgumentException if the sizes do not match
     * @throws IllegalStateException if the runner is closed
     * @throws InputException if ONNX Runtime fails on these values
     */
    void run(float[] samples, int count, double[][] into) {
        if (closed) {
            throw new IllegalStateException(label + ": the session is closed");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, found " + count);
        }
        if ((long) count * inputSize != samples.length) {
            throw new IllegalArgumentException("expected " + count + " x " + inputSize + " = "
                    + (long) count * inputSize + " input values, found " + samples.length);
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
        int done = 0;
        while (done < count) {
            int chunk = (int) Math.min(count - done, fixedBatch > 0 ? fixedBatch : maxBatch);
            int batch = fixedBatch > 0 ? (int) fixedBatch : chunk;
            float[] buffer = new float[batch * inputSize];
            System.arraycopy(samples, done * inputSize, buffer, 0, chunk * inputSize);
            runChunk(buffer, batch, chunk, done, into);
            done += chunk;
        }
    }

    private void runChunk(float[] buffer, int batch, int used, int offset, double[][] into) {
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
                    throw new InputException(label + ": output '" + outputs.get(k) + "' must be a float32 tensor,"
                            + " found " + v.getInfo());
                }
                FloatBuffer fb = t.getFloatBuffer();
                long expected = (long) batch * outputSizes[k];
                if (fb.remaining() != expected) {
                    throw new InputException(label + ": output '" + outputs.get(k) + "' gave " + fb.remaining()
                            + " values for " + batch + " samples; expected " + expected);
                }
                int n = used * outputSizes[k];
                int base = offset * outputSizes[k];
                double[] dst = into[k];
                for (int i = 0; i < n; i++) {
                    dst[base + i] = fb.get(i);
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
