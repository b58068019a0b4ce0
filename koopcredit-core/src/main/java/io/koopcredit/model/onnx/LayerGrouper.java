package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.koopcredit.base.InputException;
import io.koopcredit.model.LayerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groups the nodes of a graph into layers the way a person reads a network.
 *
 * <ul>
 *   <li>An <em>anchor</em> starts a layer: Conv / ConvTranspose (CONV), Gemm / MatMul (DENSE), MaxPool /
 *       AveragePool / GlobalAveragePool / GlobalMaxPool / LpPool, and a ReduceMean / ReduceMax over exactly
 *       the spatial axes, PyTorch's {@code x.mean((2, 3))} (POOL; see {@code GlobalPools}).</li>
 *   <li>Every other data node (Relu, LeakyRelu, Sigmoid, Tanh, Clip, BatchNormalization, Dropout, Identity,
 *       the bias Add of a MatMul, a residual Add, Mul, Concat of data, ...) joins the layer before it.</li>
 *   <li>Reshaping nodes (Flatten, Reshape, Transpose, Squeeze, Unsqueeze) never form a layer: they join the
 *       following layer when one starts right after them, else the preceding one.</li>
 *   <li>Data nodes before the first anchor form a layer of type OTHER.</li>
 *   <li>A Softmax / LogSoftmax that computes the model output forms a SOFTMAX layer excluded from credit,
 *       or, when kept, joins the last layer.</li>
 *   <li>A helper node (no data values: Constant, Shape arithmetic, ...) belongs to the layer of its first
 *       data-carrying consumer, following helper chains.</li>
 * </ul>
 * A layer's operator list names its data nodes only: helper nodes are grouped with it (and go into its
 * block's sub-model) but are not listed, so a PyTorch flatten reads {@code [Reshape, Gemm, Relu]}.
 */
final class LayerGrouper {

    /** Operators that start a layer, and the layer type they give. */
    static final Map<String, LayerType> ANCHORS = Map.of(
            "Conv", LayerType.CONV, "ConvTranspose", LayerType.CONV,
            "Gemm", LayerType.DENSE, "MatMul", LayerType.DENSE,
            "MaxPool", LayerType.POOL, "AveragePool", LayerType.POOL, "GlobalAveragePool", LayerType.POOL,
            "GlobalMaxPool", LayerType.POOL, "LpPool", LayerType.POOL);

    /** Operators that only rearrange values; they join a neighbouring layer. */
    static final Set<String> RESHAPES = Set.of("Flatten", "Reshape", "Transpose", "Squeeze", "Unsqueeze");

    /** Operators that, at the end of the network, are excluded from credit by default. */
    static final Set<String> SOFTMAXES = Set.of("Softmax", "LogSoftmax");

    /**
     * The layers of a network.
     *
     * @param credited the credited layers in order (never empty)
     * @param excluded the trailing Softmax layer, if it is excluded
     */
    record Grouping(List<LayerGroup> credited, Optional<LayerGroup> excluded) {
        /** Validates and copies the list. */
        Grouping {
            credited = List.copyOf(credited);
            Objects.requireNonNull(excluded, "excluded");
            if (credited.isEmpty()) {
                throw new IllegalArgumentException("a network needs at least one credited layer");
            }
        }

        /** @return the credited layers followed by the excluded one, if any */
        List<LayerGroup> all() {
            List<LayerGroup> all = new ArrayList<>(credited);
            excluded.ifPresent(all::add);
            return all;
        }
    }

    private LayerGrouper() {
    }

    /**
     * @param graph the graph; not modified
     * @param keepSoftmax whether a trailing Softmax joins the last layer instead of being excluded
     * @param globalPools indices of the reductions that are global pools ({@code GlobalPools#find}); they
     *     anchor POOL layers; not modified
     * @return the layers
     * @throws InputException if nothing is left to credit
     */
    static Grouping group(OnnxGraph graph, boolean keepSoftmax, Set<Integer> globalPools) {
        int outputNode = graph.producer(graph.output());
        NodeProto last = graph.node(outputNode);
        boolean trailingSoftmax = OnnxGraph.isDefaultDomain(last) && SOFTMAXES.contains(last.getOpType());

        List<Draft> layers = new ArrayList<>();
        List<Integer> pending = new ArrayList<>();
        Draft excluded = null;
        for (int i = 0; i < graph.nodes().size(); i++) {
            if (!graph.isDataNode(i)) {
                continue;
            }
            NodeProto n = graph.node(i);
            String op = OnnxGraph.isDefaultDomain(n) ? n.getOpType() : "";
            if (i == outputNode && trailingSoftmax) {
                if (keepSoftmax) {
                    if (layers.isEmpty()) {
                        layers.add(new Draft(LayerType.SOFTMAX, i));
                    }
                    Draft d = layers.get(layers.size() - 1);
                    d.addPending(pending);
                    d.add(i);
                } else {
                    if (layers.isEmpty()) {
                        throw new InputException(graph.label() + ": expected layers before the final "
                                + op + ", found none; nothing is left to credit (keep the Softmax to credit it)");
                    }
                    layers.get(layers.size() - 1).addPending(pending);
                    excluded = new Draft(LayerType.SOFTMAX, i);
                    excluded.add(i);
                }
            } else if (ANCHORS.containsKey(op) || globalPools.contains(i)) {
                Draft d = new Draft(ANCHORS.getOrDefault(op, LayerType.POOL), i);
                d.addPending(pending);
                d.add(i);
                layers.add(d);
            } else if (RESHAPES.contains(op)) {
                pending.add(i);
            } else {
                if (layers.isEmpty()) {
                    layers.add(new Draft(LayerType.OTHER, i));
                }
                Draft d = layers.get(layers.size() - 1);
                d.addPending(pending);
                d.add(i);
            }
        }
        if (!pending.isEmpty()) {
            if (layers.isEmpty()) {
                layers.add(new Draft(LayerType.OTHER, pending.get(0)));
            }
            layers.get(layers.size() - 1).addPending(pending);
        }
        List<Draft> all = new ArrayList<>(layers);
        if (excluded != null) {
            all.add(excluded);
        }
        assignHelpers(graph, all);
        List<LayerGroup> credited = new ArrayList<>();
        String in = graph.input();
        for (Draft d : layers) {
            LayerGroup g = d.toGroup(graph, in);
            credited.add(g);
            in = g.outputTensor();
        }
        Optional<LayerGroup> ex = excluded == null ? Optional.empty() : Optional.of(excluded.toGroup(graph, in));
        return new Grouping(credited, ex);
    }

    /** Gives each helper node to the layer of its first data-carrying consumer (following helper chains). */
    private static void assignHelpers(OnnxGraph graph, List<Draft> layers) {
        int n = graph.nodes().size();
        int[] layerOf = new int[n];
        Arrays.fill(layerOf, Integer.MAX_VALUE);
        for (int l = 0; l < layers.size(); l++) {
            for (int i : layers.get(l).dataNodes) {
                layerOf[i] = l;
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            if (graph.isDataNode(i)) {
                continue;
            }
            for (String o : graph.node(i).getOutputList()) {
                for (int c : graph.consumers(o)) {
                    layerOf[i] = Math.min(layerOf[i], layerOf[c]);
                }
            }
            if (layerOf[i] == Integer.MAX_VALUE) {
                throw new IllegalStateException("helper node " + graph.describe(i) + " feeds no layer");
            }
            layers.get(layerOf[i]).helpers.add(i);
        }
    }

    /** A layer under construction. */
    private static final class Draft {
        final LayerType type;
        final int anchor;
        final List<Integer> dataNodes = new ArrayList<>();
        final TreeSet<Integer> helpers = new TreeSet<>();

        Draft(LayerType type, int anchor) {
            this.type = type;
            this.anchor = anchor;
        }

        void add(int node) {
            dataNodes.add(node);
        }

        void addPending(List<Integer> pending) {
            dataNodes.addAll(pending);
            pending.clear();
        }

        LayerGroup toGroup(OnnxGraph graph, String input) {
            List<Integer> data = dataNodes.stream().sorted().toList();
            TreeSet<Integer> all = new TreeSet<>(helpers);
            all.addAll(data);
            String out = graph.node(data.get(data.size() - 1)).getOutput(0);
            return new LayerGroup(type, anchor, data, List.copyOf(all), input, out);
        }
    }
}
