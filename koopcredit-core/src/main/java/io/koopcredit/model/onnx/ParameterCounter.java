package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Counts a layer's parameters: the elements of the floating-point initializers its nodes read, plus the
 * floating-point Constant tensors that serve as weights or biases of {@link #WEIGHTED_OPS}. Integer
 * initializers (reshape targets, axes) are not parameters and are not counted; a tensor read twice counts
 * once.
 */
final class ParameterCounter {

    /** Operators whose constant inputs are weights or biases, even when given by a Constant node. */
    static final Set<String> WEIGHTED_OPS = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul", "Add",
            "BatchNormalization");

    /** Element types that hold trainable values. */
    private static final Set<Integer> FLOAT_TYPES = Set.of(TensorProto.DataType.FLOAT_VALUE,
            TensorProto.DataType.DOUBLE_VALUE, TensorProto.DataType.FLOAT16_VALUE,
            TensorProto.DataType.BFLOAT16_VALUE);

    private ParameterCounter() {
    }

    /**
     * @param graph the graph; not modified
     * @param layer the layer; not modified
     * @return its parameter count
     */
    static long count(OnnxGraph graph, LayerGroup layer) {
        Set<String> counted = new HashSet<>();
        long total = 0;
        for (int i : layer.nodes()) {
            NodeProto n = graph.node(i);
            for (String t : n.getInputList()) {
                if (t.isEmpty() || counted.contains(t)) {
                    continue;
                }
                Optional<TensorProto> tensor = graph.initializer(t);
                if (tensor.isEmpty() && WEIGHTED_OPS.contains(n.getOpType())) {
                    tensor = graph.constantValue(t);
                }
                if (tensor.isPresent() && FLOAT_TYPES.contains(tensor.get().getDataType())) {
                    counted.add(t);
                    total += elements(tensor.get());
                }
            }
        }
        return total;
    }

    private static long elements(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }
}
