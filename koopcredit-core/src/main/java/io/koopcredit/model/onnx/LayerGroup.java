package io.koopcredit.model.onnx;

import io.koopcredit.model.LayerType;
import java.util.List;
import java.util.Objects;

/**
 * The nodes of one layer, before names and shapes are known.
 *
 * @param type what anchors the layer
 * @param anchor index of the node the layer is named after (its Conv, Gemm, pooling, ...)
 * @param dataNodes indices of the layer's data nodes, in topological order (never empty)
 * @param nodes indices of all the layer's nodes: data nodes and the helper nodes grouped with them, sorted
 * @param inputTensor the tensor the layer reads from the previous layer (or the model input)
 * @param outputTensor the tensor the layer hands on: the first output of its last data node
 */
record LayerGroup(LayerType type, int anchor, List<Integer> dataNodes, List<Integer> nodes, String inputTensor,
                  String outputTensor) {

    /** Validates and copies the lists. */
    LayerGroup {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(inputTensor, "inputTensor");
        Objects.requireNonNull(outputTensor, "outputTensor");
        dataNodes = List.copyOf(dataNodes);
        nodes = List.copyOf(nodes);
        if (dataNodes.isEmpty()) {
            throw new IllegalArgumentException("a layer needs at least one data node");
        }
        if (!nodes.containsAll(dataNodes)) {
            throw new IllegalArgumentException("a layer's nodes must include its data nodes");
        }
    }
}
