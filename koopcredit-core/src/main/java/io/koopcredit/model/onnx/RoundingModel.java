package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Optional;
import java.util.Set;

/**
 * How much a layer's evaluation in floating point can perturb its output, relative to the unit roundoff:
 * the {@code roundingGrowth} of {@link io.koopcredit.model.Layer}.
 *
 * <p>In the probabilistic model of rounding errors (Higham and Mary, "A new approach to probabilistic
 * rounding error analysis", SIAM J. Sci. Comput. 41(5), 2019), a sum of k terms computed with unit roundoff
 * u has a relative error below about √k·u with high probability (the worst case grows like k·u, but
 * rounding errors of opposite signs cancel). An operation adding up k terms per output value therefore
 * contributes √k; an element-wise operation that rounds its result (Add, Sigmoid, BatchNormalization, ...)
 * contributes 1; operations that only select, reorder or clamp values (Relu, MaxPool, reshaping) are exact
 * and contribute 0. A layer's growth is the sum over its operations (errors of successive operations add
 * to first order).
 */
final class RoundingModel {

    /** Operations whose outputs are input values, unchanged: they add no rounding error. */
    static final Set<String> EXACT = Set.of("Relu", "MaxPool", "GlobalMaxPool", "ReduceMax", "ReduceMin", "Flatten",
            "Reshape", "Squeeze", "Unsqueeze", "Transpose", "Identity", "Dropout", "Concat", "Slice", "Gather",
            "Pad", "Clip", "Split", "Expand", "Tile", "Max", "Min", "Abs", "Neg", "Sign", "Floor", "Ceil", "Shape");

    private RoundingModel() {
    }

    /**
     * @param graph the graph; not modified
     * @param layer the layer; not modified
     * @param shapes the probed shapes (for reductions whose length is the input's extent); not modified
     * @return the layer's rounding growth, Σ √k over its data nodes (≥ 0)
     */
    static double growth(OnnxGraph graph, LayerGroup layer, ShapeProbe.Result shapes) {
        double total = 0;
        for (int i : layer.dataNodes()) {
            NodeProto n = graph.node(i);
            if (EXACT.contains(n.getOpType())) {
                continue;
            }
            total += Math.sqrt(Math.max(1, terms(graph, n, shapes)));
        }
        return total;
    }

    /** @return the number of terms one output value of the node adds up (1 for element-wise operations) */
    private static long terms(OnnxGraph graph, NodeProto n, ShapeProbe.Result shapes) {
        return switch (n.getOpType()) {
            // Weights [M, C/group, k...]: each output sums C/group·∏k products (plus the bias).
            case "Conv" -> weightDims(graph, n, 1).map(d -> product(d, 1, d.length) + 1).orElse(1L);
            // Weights [C, M/group, k...]: at most C·∏k products per output.
            case "ConvTranspose" -> weightDims(graph, n, 1).map(d -> d[0] * product(d, 2, d.length) + 1).orElse(1L);
            case "Gemm" -> weightDims(graph, n, 1).map(d -> (attribute(n, "transB") == 1 ? d[1] : d[0]) + 1L)
                    .orElse(1L);
            case "MatMul" -> weightDims(graph, n, 1).map(d -> d.length >= 2 ? d[d.length - 2] : d[0]).orElse(1L);
            case "AveragePool" -> {
                long k = 1;
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("kernel_shape")) {
                        for (long v : a.getIntsList()) {
                            k *= v;
                        }
                    }
                }
                yield k;
            }
            case "GlobalAveragePool" -> inputShape(n, shapes).map(s -> product(s, 2, s.length)).orElse(1L);
            // The values along the reduced axes, when the axes are known (1 otherwise).
            case "ReduceMean", "ReduceSum" -> inputShape(n, shapes).flatMap(s -> GlobalPools.axes(graph, n)
                    .map(a -> GlobalPools.reducedCount(s, a))).orElse(1L);
            default -> 1L;
        };
    }

    private static Optional<long[]> weightDims(OnnxGraph graph, NodeProto n, int input) {
        if (n.getInputCount() <= input) {
            return Optional.empty();
        }
        return graph.initializer(n.getInput(input)).map(RoundingModel::dims);
    }

    private static Optional<long[]> inputShape(NodeProto n, ShapeProbe.Result shapes) {
        ShapeProbe.TensorFacts f = shapes.facts(n.getInput(0));
        return f == null ? Optional.empty() : Optional.of(f.shape());
    }

    private static long[] dims(TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    private static long product(long[] d, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= d[i];
        }
        return p;
    }

    private static long attribute(NodeProto n, String name) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).mapToLong(AttributeProto::getI)
                .findFirst().orElse(0);
    }
}
