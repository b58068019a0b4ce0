package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The modified copies of a model behind lesion studies and pruning: a residual unit with its branch removed
 * ({@link #bypass}), and convolutions with chosen output channels zeroed ({@link #zeroChannels}). Both work
 * on a copy of the model's protobuf; the original is never modified.
 */
final class NetworkSurgery {

    private NetworkSurgery() {
    }

    /**
     * Removes a residual unit's branch: every reader of the joining Add's output reads the shortcut operand
     * instead (the Add becomes an {@code Identity} of the shortcut when its output is the model's output),
     * and the nodes, initializers and declarations nothing needs any more are dropped.
     *
     * @param graph the graph; not modified
     * @param add index of the joining Add in {@link OnnxGraph#nodes()}
     * @param shortcut the Add's shortcut operand
     * @return the modified model
     */
    static ModelProto bypass(OnnxGraph graph, int add, String shortcut) {
        NodeProto join = graph.node(add);
        String joined = join.getOutput(0);
        GraphProto.Builder g = graph.model().getGraph().toBuilder();
        boolean isOutput = g.getOutputList().stream().anyMatch(v -> v.getName().equals(joined));
        g.clearNode();
        for (NodeProto n : graph.model().getGraph().getNodeList()) {
            if (n.equals(join)) {
                if (isOutput) {
                    g.addNode(NodeProto.newBuilder().setName(join.getName() + "_lesion").setOpType("Identity")
                            .addInput(shortcut).addOutput(joined));
                }
                continue;
            }
            NodeProto.Builder b = n.toBuilder();
            for (int k = 0; k < b.getInputCount(); k++) {
                if (b.getInput(k).equals(joined) && !isOutput) {
                    b.setInput(k, shortcut);
                }
            }
            g.addNode(b);
        }
        prune(g);
        return graph.model().toBuilder().setGraph(g).build();
    }

    /**
     * Zeroes output channels of convolutions: for each, the channel's slice {@code W[c, …]} of the weight
     * tensor and {@code b[c]} of the bias.
     *
     * @param graph the graph; not modified
     * @param channels per weight tensor name, the channels to zero; not modified
     * @param biases per weight tensor name, its convolution's bias tensor or null; not modified
     * @return the modified model
     */
    static ModelProto zeroChannels(OnnxGraph graph, Map<String, Set<Integer>> channels, Map<String, String> biases) {
        Map<String, Set<Integer>> byTensor = new HashMap<>(channels);
        for (Map.Entry<String, Set<Integer>> e : channels.entrySet()) {
            String bias = biases.get(e.getKey());
            if (bias != null) {
                byTensor.computeIfAbsent(bias, k -> new HashSet<>()).addAll(e.getValue());
            }
        }
        GraphProto.Builder g = graph.model().getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            Set<Integer> zero = byTensor.get(g.getInitializer(i).getName());
            if (zero != null) {
                g.setInitializer(i, zeroed(g.getInitializer(i), zero));
            }
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            if (!n.getOpType().equals("Constant") || n.getOutputCount() == 0 || !byTensor.containsKey(n.getOutput(0))) {
                continue;
            }
            NodeProto.Builder nb = n.toBuilder();
            for (int a = 0; a < nb.getAttributeCount(); a++) {
                AttributeProto attr = nb.getAttribute(a);
                if (attr.getName().equals("value") && attr.hasT()) {
                    nb.setAttribute(a, attr.toBuilder().setT(zeroed(attr.getT(), byTensor.get(n.getOutput(0)))));
                }
            }
            g.setNode(i, nb);
        }
        return graph.model().toBuilder().setGraph(g).build();
    }

    /** @return the tensor with the slices {@code t[c, …]} of the given channels set to 0 */
    private static TensorProto zeroed(TensorProto t, Set<Integer> channels) {
        double[] v = Tensors.values(t);
        long first = t.getDims(0);
        int per = (int) (v.length / first);
        for (int c : channels) {
            Arrays.fill(v, c * per, (c + 1) * per, 0.0);
        }
        return Tensors.withValues(t, v, t.getDataType() == TensorProto.DataType.DOUBLE_VALUE);
    }

    /** Drops the nodes the outputs do not need, and the initializers, inputs and declarations of nothing. */
    private static void prune(GraphProto.Builder g) {
        Map<String, Integer> made = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            for (String o : g.getNode(i).getOutputList()) {
                made.put(o, i);
            }
        }
        boolean[] live = new boolean[g.getNodeCount()];
        Deque<String> todo = new ArrayDeque<>();
        g.getOutputList().forEach(v -> todo.push(v.getName()));
        Set<String> needed = new HashSet<>();
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (!needed.add(t)) {
                continue;
            }
            Integer p = made.get(t);
            if (p != null && !live[p]) {
                live[p] = true;
                g.getNode(p).getInputList().stream().filter(s -> !s.isEmpty()).forEach(todo::push);
            }
        }
        List<NodeProto> kept = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (live[i]) {
                kept.add(g.getNode(i));
            }
        }
        g.clearNode().addAllNode(kept);
        // An input that names an initializer is a weight (older IR versions list them), not data: it goes with it.
        Set<String> initNames = new HashSet<>();
        g.getInitializerList().forEach(t -> initNames.add(t.getName()));
        List<TensorProto> inits = g.getInitializerList().stream().filter(t -> needed.contains(t.getName())).toList();
        g.clearInitializer().addAllInitializer(inits);
        List<ValueInfoProto> inputs = g.getInputList().stream()
                .filter(v -> needed.contains(v.getName()) || !initNames.contains(v.getName())).toList();
        g.clearInput().addAllInput(inputs);
        Set<String> produced = new HashSet<>();
        kept.forEach(n -> produced.addAll(n.getOutputList()));
        List<ValueInfoProto> info = g.getValueInfoList().stream().filter(v -> produced.contains(v.getName())).toList();
        g.clearValueInfo().addAllValueInfo(info);
    }
}
