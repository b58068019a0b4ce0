package io.koopcredit.model.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.koopcredit.base.InputException;
import io.koopcredit.model.TensorShape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Learns the shape of every data tensor by running zeros through a copy of the model that exposes them
 * as outputs (declared float32 unless the model declares another type, shape unknown).
 */
final class ShapeProbe {

    /**
     * Samples in the probe when the batch dimension is dynamic: two, so that a tensor whose first extent
     * is not the batch size (a reshape that mixes samples) shows as such, which one sample would hide.
     */
    static final int PROBE_BATCH = 2;

    /**
     * What the probe saw of one tensor.
     *
     * @param shape the full shape, batch dimension first
     * @param float32 whether the tensor holds float32 values
     */
    record TensorFacts(long[] shape, boolean float32) {
        /** Validates and copies the shape. */
        TensorFacts {
            shape = Objects.requireNonNull(shape, "shape").clone();
        }

        /** @return the shape (a copy) */
        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    /** The result of a probe. */
    static final class Result {
        private final OnnxGraph graph;
        private final String label;
        private final long batch;
        private final Map<String, TensorFacts> facts;

        Result(OnnxGraph graph, long batch, Map<String, TensorFacts> facts) {
            this.graph = graph;
            this.label = graph.label();
            this.batch = batch;
            this.facts = Map.copyOf(facts);
        }

        /** @return {@code ", computed by '/lstm/LSTM' (LSTM)"}, or "" for the input */
        private String producedBy(String tensor) {
            int p = graph.producer(tensor);
            return p < 0 ? "" : ", computed by " + graph.describe(p);
        }

        /** @return true if the probe saw the tensor */
        boolean saw(String tensor) {
            return facts.containsKey(tensor);
        }

        /** @return the facts about one tensor, if it was seen */
        TensorFacts facts(String tensor) {
            return facts.get(tensor);
        }

        /**
         * @param tensor a probed tensor
         * @param role what the tensor is, for messages (e.g. "output of layer conv1")
         * @return the shape of one sample
         * @throws InputException if the tensor is not float32 or does not keep the batch dimension first
         */
        TensorShape sampleShape(String tensor, String role) {
            TensorFacts f = facts.get(tensor);
            if (f == null) {
                throw new IllegalStateException("tensor '" + tensor + "' was not probed");
            }
            long[] s = f.shape();
            if (!f.float32()) {
                throw new InputException(label + ": tensor '" + tensor + "' (" + role + producedBy(tensor)
                        + ") must be float32 to be a layer boundary, found another type");
            }
            if (s.length == 0 || s[0] != batch) {
                throw new InputException(label + ": tensor '" + tensor + "' (" + role + producedBy(tensor)
                        + ") has shape " + Arrays.toString(s) + " for " + batch + " samples; expected the batch"
                        + " dimension first");
            }
            int[] dims = s.length == 1 ? new int[] {1} : new int[s.length - 1];
            for (int i = 1; i < s.length; i++) {
                if (s[i] < 1 || s[i] > Integer.MAX_VALUE) {
                    throw new InputException(label + ": tensor '" + tensor + "' (" + role + producedBy(tensor)
                            + ") has shape " + Arrays.toString(s) + "; expected extents >= 1");
                }
                dims[i - 1] = (int) s[i];
            }
            return new TensorShape(dims);
        }
    }

    private ShapeProbe() {
    }

    /**
     * Runs the probe over every data tensor that some node reads, plus the model output. If ONNX Runtime
     * rejects that copy (for instance a data tensor of an undeclared non-float type), probes only
     * {@code required}.
     *
     * @param graph the graph; not modified
     * @param required tensors whose shapes are needed (layer boundaries); not modified
     * @param options session settings; not modified
     * @return what was seen
     * @throws InputException if ONNX Runtime cannot run the model
     */
    static Result probe(OnnxGraph graph, Collection<String> required, LoadOptions options) {
        Set<String> all = new LinkedHashSet<>();
        for (int i = 0; i < graph.nodes().size(); i++) {
            if (graph.isDataNode(i)) {
                for (String o : graph.node(i).getOutputList()) {
                    if (!o.isEmpty() && !graph.consumers(o).isEmpty()) {
                        all.add(o);
                    }
                }
            }
        }
        all.addAll(required);
        all.add(graph.output());
        try {
            return run(graph, all, options);
        } catch (InputException e) {
            Set<String> needed = new LinkedHashSet<>(required);
            needed.add(graph.output());
            return run(graph, needed, options);
        }
    }

    private static Result run(OnnxGraph graph, Set<String> tensors, LoadOptions options) {
        long batch = graph.fixedBatch() > 0 ? graph.fixedBatch() : PROBE_BATCH;
        int[] dims = graph.sampleDims();
        long[] shape = new long[dims.length + 1];
        shape[0] = batch;
        long n = batch;
        for (int i = 0; i < dims.length; i++) {
            shape[i + 1] = dims[i];
            n *= dims[i];
        }
        if (n > Integer.MAX_VALUE) {
            throw new InputException(graph.label() + ": input of " + n + " values per batch is too large");
        }
        List<String> names = new ArrayList<>(tensors);
        names.remove(graph.input());
        byte[] model = SubModelExtractor.exposing(graph, names);
        Map<String, TensorFacts> facts = new HashMap<>();
        try (OrtSession session = OrtRuntime.openSession(model, options);
             OnnxTensor zeros = OnnxTensor.createTensor(OrtRuntime.environment(),
                     FloatBuffer.wrap(new float[(int) n]), shape);
             OrtSession.Result result = session.run(Map.of(graph.input(), zeros), new LinkedHashSet<>(names))) {
            for (String t : names) {
                OnnxValue v = result.get(t).orElseThrow();
                if (v instanceof OnnxTensor tensor) {
                    TensorInfo info = tensor.getInfo();
                    facts.put(t, new TensorFacts(info.getShape(), info.type == OnnxJavaType.FLOAT));
                }
            }
        } catch (OrtException e) {
            throw OrtRuntime.failure(graph.label(), "ONNX Runtime cannot run " + batch + " sample(s) of zeros"
                    + " through the model", e);
        }
        facts.put(graph.input(), new TensorFacts(shape, true));
        return new Result(graph, batch, facts);
    }
}
