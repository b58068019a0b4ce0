package io.koopcredit.model;

import java.util.List;
import java.util.Objects;

/**
 * A layer as a person reads a network: one anchoring operation (a convolution, a dense layer, a pooling)
 * together with the element-wise and reshaping nodes that belong to it.
 *
 * @param name unique name within the network (a meaningful ONNX node name, or conv1, pool1, dense1, ...)
 * @param type the anchoring operation's kind
 * @param ops the ONNX operator types inside the layer, in execution order (e.g. {@code [Conv, Relu]})
 * @param inputShape shape of one input sample
 * @param outputShape shape of one output sample
 * @param params number of trainable parameters (weights and biases) the layer's nodes use
 * @param roundingGrowth how the layer's floating-point evaluation perturbs its output, in units of the
 *     unit roundoff: Σ √k over its operations, k the number of terms one output value adds up (1 for an
 *     element-wise operation that rounds, 0 for exact ones such as Relu, MaxPool or reshaping); see
 *     README "Choices", the rank policy's noise floor
 */
public record Layer(String name, LayerType type, List<String> ops, TensorShape inputShape,
                    TensorShape outputShape, long params, double roundingGrowth) {

    /** Validates the fields and copies the operator list. */
    public Layer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(inputShape, "inputShape");
        Objects.requireNonNull(outputShape, "outputShape");
        if (name.isBlank()) {
            throw new IllegalArgumentException("layer name must not be blank");
        }
        ops = List.copyOf(ops);
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("layer " + name + " holds no operations");
        }
        if (!(roundingGrowth >= 0) || !Double.isFinite(roundingGrowth)) {
            throw new IllegalArgumentException("layer " + name + ": rounding growth must be finite and >= 0, found "
                    + roundingGrowth);
        }
        if (params < 0) {
            throw new IllegalArgumentException("layer " + name + ": parameter count must be >= 0, found " + params);
        }
    }

    /** @return the number of values in one input sample */
    public int nIn() {
        return inputShape.size();
    }

    /** @return the number of values in one output sample */
    public int nOut() {
        return outputShape.size();
    }
}
