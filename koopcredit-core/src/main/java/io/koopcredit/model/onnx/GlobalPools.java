package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.koopcredit.base.InputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the global pools written as reductions: a {@code ReduceMean} or {@code ReduceMax} over exactly the
 * spatial axes of a tensor [batch, channels, spatial...], which is how PyTorch exports {@code x.mean((2, 3))}
 * or {@code x.amax((2, 3))}. Such a node pools like {@code GlobalAveragePool} / {@code GlobalMaxPool} and
 * forms a pooling layer of its own instead of joining the layer before it.
 *
 * <p>The axes come from the {@code axes} attribute (before opset 18) or from the second input (opset 18
 * on), which must then be an initializer or a {@code Constant}; negative axes count from the end, so
 * {@code [2, 3]} and {@code [-2, -1]} are the same pool of a rank-4 tensor. {@code keepdims} does not
 * matter. A reduction without axes (over every axis, batch included), over the channels, over only some
 * spatial axes, or with axes computed at run time is not a global pool and stays an element of its layer.
 */
final class GlobalPools {

    /** Reductions that are global pools when they reduce exactly the spatial axes. */
    static final Set<String> REDUCTIONS = Set.of("ReduceMean", "ReduceMax");

    private GlobalPools() {
    }

    /**
     * @param graph the graph; not modified
     * @return the data inputs of the graph's {@link #REDUCTIONS}, whose shapes {@link #find} needs
     */
    static Set<String> candidateInputs(OnnxGraph graph) {
        Set<String> out = new LinkedHashSet<>();
        for (int i : candidates(graph)) {
            out.add(graph.node(i).getInput(0));
        }
        return out;
    }

    /**
     * @param graph the graph; not modified
     * @param shapes a probe that saw every tensor of {@link #candidateInputs}; not modified
     * @return the indices of the reductions that are global pools
     */
    static Set<Integer> find(OnnxGraph graph, ShapeProbe.Result shapes) {
        Set<Integer> out = new TreeSet<>();
        for (int i : candidates(graph)) {
            NodeProto n = graph.node(i);
            ShapeProbe.TensorFacts f = shapes.facts(n.getInput(0));
            if (f == null) {
                throw new IllegalStateException("the input of " + graph.describe(i) + " was not probed");
            }
            int rank = f.shape().length;
            Optional<long[]> axes = axes(graph, n);
            if (rank >= 3 && axes.isPresent() && isSpatial(axes.get(), rank)) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * @param axes reduced axes, negative ones counting from the end; not modified
     * @param rank the rank of the reduced tensor
     * @return true if the axes, each taken once, are exactly 2, ..., rank - 1
     */
    static boolean isSpatial(long[] axes, int rank) {
        Set<Long> seen = new TreeSet<>();
        for (long a : axes) {
            long k = a < 0 ? a + rank : a;
            if (k < 2 || k >= rank || !seen.add(k)) {
                return false;
            }
        }
        return seen.size() == rank - 2;
    }

    /**
     * @param graph the graph; not modified
     * @param n a reduction node; not modified
     * @return its axes: the attribute, else the constant second input; empty if it has none (all axes) or
     *     they are computed at run time
     */
    static Optional<long[]> axes(OnnxGraph graph, NodeProto n) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals("axes")) {
                return Optional.of(a.getIntsList().stream().mapToLong(Long::longValue).toArray());
            }
        }
        if (n.getInputCount() < 2 || n.getInput(1).isEmpty()) {
            return Optional.empty();
        }
        try {
            return graph.constantValue(n.getInput(1)).map(Tensors::integers);
        } catch (InputException e) {
            return Optional.empty();
        }
    }

    /**
     * @param shape the full shape of a reduction's input, batch first; not modified
     * @param axes its axes (see {@link #axes}); not modified
     * @return how many values one output value of the reduction combines
     */
    static long reducedCount(long[] shape, long[] axes) {
        long count = 1;
        for (long k : Arrays.stream(axes).map(a -> a < 0 ? a + shape.length : a).distinct().toArray()) {
            if (k >= 0 && k < shape.length) {
                count *= shape[(int) k];
            }
        }
        return count;
    }

    private static List<Integer> candidates(OnnxGraph graph) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < graph.nodes().size(); i++) {
            NodeProto n = graph.node(i);
            if (graph.isDataNode(i) && OnnxGraph.isDefaultDomain(n) && REDUCTIONS.contains(n.getOpType())
                    && graph.isDataTensor(n.getInput(0))) {
                out.add(i);
            }
        }
        return out;
    }
}
