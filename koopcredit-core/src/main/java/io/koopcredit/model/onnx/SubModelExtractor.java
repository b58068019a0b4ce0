package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds in-memory ONNX models from a graph: a block's own sub-model, and a copy of the full model that
 * exposes intermediate tensors as extra outputs. Both keep the original opset imports, IR version and
 * model-local functions.
 */
final class SubModelExtractor {

    /** Name of the symbolic batch dimension of sub-model inputs and outputs when the batch is dynamic. */
    static final String BATCH_PARAM = "batch";

    private SubModelExtractor() {
    }

    /**
     * A copy of the full model with extra outputs.
     *
     * @param graph the graph; not modified
     * @param tensors tensors to expose (besides the model output), each declared with its declared element
     *     type or float32, and an unknown shape; not modified
     * @return the serialized model
     */
    static byte[] exposing(OnnxGraph graph, Collection<String> tensors) {
        GraphProto.Builder g = graph.model().getGraph().toBuilder();
        Set<String> outputs = new HashSet<>();
        g.getOutputList().forEach(v -> outputs.add(v.getName()));
        for (String t : tensors) {
            if (outputs.add(t)) {
                int type = graph.declaredType(t).orElse(OnnxGraph.FLOAT32);
                g.addOutput(ValueInfoProto.newBuilder().setName(t).setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type))));
            }
        }
        return graph.model().toBuilder().setGraph(g).build().toByteArray();
    }

    /**
     * The sub-model of a block: the given nodes and the helper nodes they need, only the initializers they
     * read, the boundary tensor {@code input} as its only input and {@code output} as its only output.
     *
     * @param graph the graph; not modified
     * @param name the graph name of the sub-model
     * @param nodeIds the block's nodes; not modified
     * @param input the block's input tensor
     * @param inputDims extents of one input sample; not modified
     * @param output the block's output tensor
     * @param outputDims extents of one output sample; not modified
     * @return the sub-model
     * @throws IllegalStateException if the nodes read a data tensor other than {@code input} from outside
     *     (the partition cut through a branch, which the cut analysis should have prevented)
     */
    static ModelProto block(OnnxGraph graph, String name, Collection<Integer> nodeIds, String input, int[] inputDims,
                        String output, int[] outputDims) {
        TreeSet<Integer> ids = graph.withHelpers(nodeIds);
        Set<String> produced = new HashSet<>();
        Set<String> read = new TreeSet<>();
        GraphProto.Builder g = GraphProto.newBuilder().setName(name);
        for (int i : ids) {
            NodeProto n = graph.node(i);
            g.addNode(n);
            for (String t : n.getInputList()) {
                if (!t.isEmpty() && !produced.contains(t)) {
                    read.add(t);
                }
            }
            produced.addAll(n.getOutputList());
        }
        if (!produced.contains(output)) {
            throw new IllegalStateException("block " + name + " does not compute its output '" + output + "'");
        }
        GraphProto full = graph.model().getGraph();
        for (String t : read) {
            if (graph.isConstant(t) || t.equals(input)) {
                continue;
            }
            throw new IllegalStateException("block " + name + " reads '" + t + "' from outside; only its input '"
                    + input + "' may come from outside");
        }
        full.getInitializerList().stream().filter(t -> read.contains(t.getName())).forEach(g::addInitializer);
        for (SparseTensorProto s : full.getSparseInitializerList()) {
            if (read.contains(s.getValues().getName())) {
                g.addSparseInitializer(s);
            }
        }
        g.addInput(floatValue(input, graph.fixedBatch(), inputDims));
        g.addOutput(floatValue(output, graph.fixedBatch(), outputDims));
        return graph.model().toBuilder().setGraph(g).build();
    }

    /**
     * @param name tensor name
     * @param fixedBatch the batch size, or 0 for a symbolic batch dimension
     * @param dims extents of one sample; not modified
     * @return a float32 value info of shape [batch, dims...]
     */
    static ValueInfoProto floatValue(String name, long fixedBatch, int[] dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(fixedBatch > 0 ? TensorShapeProto.Dimension.newBuilder().setDimValue(fixedBatch)
                : TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_PARAM));
        for (int d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(OnnxGraph.FLOAT32).setShape(shape))).build();
    }
}
