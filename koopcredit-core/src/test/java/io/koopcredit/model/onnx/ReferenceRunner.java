package io.koopcredit.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** Runs a whole model file with plain ONNX Runtime defaults: the reference the blocks must reproduce. */
final class ReferenceRunner {

    private ReferenceRunner() {
    }

    /**
     * @param model the model file
     * @param samples {@code count} samples of {@code dims}
     * @param count number of samples (the model's batch must accept it)
     * @param dims extents of one sample
     * @return the model output, flat
     */
    static float[] run(Path model, float[] samples, int count, int... dims) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = new long[dims.length + 1];
        shape[0] = count;
        for (int i = 0; i < dims.length; i++) {
            shape[i + 1] = dims[i];
        }
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(samples), shape);
             OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), in))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }
    }

    /** @return {@code n} uniform values in [0, 1) from a fixed seed */
    static float[] randomInputs(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    /** @return the largest absolute difference of two equally long arrays */
    static double maxAbsDiff(double[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** @return the largest absolute difference of two equally long arrays */
    static double maxAbsDiff(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** @return row-wise softmax (or log-softmax) of {@code count} rows of {@code width} */
    static double[] softmax(double[] x, int count, int width, boolean log) {
        double[] out = new double[x.length];
        for (int r = 0; r < count; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < width; c++) {
                max = Math.max(max, x[r * width + c]);
            }
            double sum = 0;
            for (int c = 0; c < width; c++) {
                sum += Math.exp(x[r * width + c] - max);
            }
            for (int c = 0; c < width; c++) {
                double z = x[r * width + c] - max;
                out[r * width + c] = log ? z - Math.log(sum) : Math.exp(z) / sum;
            }
        }
        return out;
    }
}
