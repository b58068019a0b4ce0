package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.koopcredit.model.ResidualUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recognises a block that is one residual unit (see {@link ResidualUnit}).
 *
 * <p>Let N be the block's data nodes, x its input tensor and y its output tensor. A node {@code a} of N is
 * the unit's join when it is an {@code Add} of two data tensors p and q such that
 * <ol>
 *   <li>the nodes of N that p and q are computed by (walking back from each to x) are disjoint: two
 *       separate paths from x;</li>
 *   <li>every node of N is on one of the two paths, is {@code a}, or comes after {@code a}, and the nodes
 *       after {@code a} read no data tensor from before it but {@code a}'s output: the block's output
 *       depends on x only through the join;</li>
 *   <li>y is {@code a}'s output or computed after it, and what comes after {@code a} has no weights (a
 *       ReLU, a pool: not a further convolution, which would make the block more than one unit).</li>
 * </ol>
 * The shortcut is the path with fewer nodes (none: the identity); equal paths are ambiguous and not a
 * residual unit. If several Adds qualify, the last one is the join.
 */
final class ResidualUnits {

    /** Operators whose second input (or, for MatMul, constant input) holds a layer's weights. */
    static final Set<String> WEIGHT_OPS = WeightRandomizer.WEIGHT_OPS;

    private ResidualUnits() {
    }

    /**
     * What the recognition found: a unit (with its join node and shortcut tensor) or the reason there is none.
     *
     * @param unit the unit, or null
     * @param add index of the joining Add (-1 without a unit)
     * @param shortcut the shortcut operand of the Add (null without a unit)
     * @param problem why the block is not a residual unit (null with a unit)
     */
    record Detection(ResidualUnit unit, int add, String shortcut, String problem) {
    }

    /**
     * @param graph the graph; not modified
     * @param groups every layer, in order; not modified
     * @param names their names; not modified
     * @param first index of the block's first layer
     * @param last index of the block's last layer
     * @param block the block's name
     * @param blockIndex the block's index
     * @return the detection
     */
    static Detection detect(OnnxGraph graph, List<LayerGroup> groups, List<String> names, int first, int last,
                            String block, int blockIndex) {
        TreeSet<Integer> nodes = new TreeSet<>();
        for (int l = first; l <= last; l++) {
            nodes.addAll(groups.get(l).dataNodes());
        }
        String output = groups.get(last).outputTensor();
        List<String> ops = nodes.stream().map(i -> graph.node(i).getOpType()).toList();
        String found = "found " + String.join(" ", ops);
        List<Integer> adds = new ArrayList<>();
        for (int i : nodes.descendingSet()) {
            NodeProto n = graph.node(i);
            if (OnnxGraph.isDefaultDomain(n) && n.getOpType().equals("Add") && n.getInputCount() == 2
                    && graph.isDataTensor(n.getInput(0)) && graph.isDataTensor(n.getInput(1))) {
                adds.add(i);
            }
        }
        if (adds.isEmpty()) {
            return problem(found + ", no Add of two computed tensors");
        }
        String lastReason = null;
        for (int a : adds) {
            NodeProto add = graph.node(a);
            Set<Integer> p = ancestors(graph, nodes, add.getInput(0));
            Set<Integer> q = ancestors(graph, nodes, add.getInput(1));
            Set<Integer> shared = new TreeSet<>(p);
            shared.retainAll(q);
            if (!shared.isEmpty()) {
                lastReason = found + "; its " + graph.describe(a) + " joins two paths that share "
                        + graph.describe(shared.iterator().next());
                continue;
            }
            Set<Integer> after = descendants(graph, nodes, add.getOutput(0));
            Set<Integer> covered = new HashSet<>(p);
            covered.addAll(q);
            covered.add(a);
            covered.addAll(after);
            Optional<Integer> outside = nodes.stream().filter(i -> !covered.contains(i)).findFirst();
            if (outside.isPresent()) {
                lastReason = found + "; " + graph.describe(outside.get()) + " is on neither path into "
                        + graph.describe(a) + " nor after it";
                continue;
            }
            Optional<Integer> weighted = after.stream().filter(i -> WEIGHT_OPS.contains(graph.node(i).getOpType()))
                    .findFirst();
            if (weighted.isPresent()) {
                lastReason = found + "; " + graph.describe(weighted.get()) + " comes after " + graph.describe(a)
                        + ": the block holds more than one unit";
                continue;
            }
            Optional<String> bypass = bypass(graph, after, a);
            if (bypass.isPresent()) {
                lastReason = found + "; " + bypass.get() + " reaches the output without passing " + graph.describe(a);
                continue;
            }
            boolean reaches = add.getOutput(0).equals(output) || after.stream()
                    .anyMatch(i -> graph.node(i).getOutputList().contains(output));
            if (!reaches) {
                lastReason = found + "; the block's output does not come from " + graph.describe(a);
                continue;
            }
            if (p.size() == q.size()) {
                lastReason = found + "; the two paths into " + graph.describe(a) + " have " + p.size()
                        + " operations each, so neither is the shortcut";
                continue;
            }
            boolean firstIsShortcut = p.size() < q.size();
            Set<Integer> shortcutNodes = firstIsShortcut ? p : q;
            Set<Integer> branchNodes = firstIsShortcut ? q : p;
            ResidualUnit unit = new ResidualUnit(block, blockIndex, graph.describe(a),
                    layersOf(groups, names, first, last, shortcutNodes),
                    layersOf(groups, names, first, last, branchNodes), weightL1(graph, groups, first, last));
            return new Detection(unit, a, add.getInput(firstIsShortcut ? 0 : 1), null);
        }
        return problem(lastReason);
    }

    private static Detection problem(String why) {
        return new Detection(null, -1, null, "expected an Add joining a branch and a shortcut (the block's input or"
                + " a projection of it) on the way to the block's output, " + why);
    }

    /** @return the nodes of {@code nodes} that compute {@code tensor}, walking back to tensors made outside */
    private static Set<Integer> ancestors(OnnxGraph graph, Set<Integer> nodes, String tensor) {
        Set<Integer> out = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(tensor));
        while (!todo.isEmpty()) {
            int p = graph.producer(todo.pop());
            if (p < 0 || !nodes.contains(p) || !out.add(p)) {
                continue;
            }
            for (String t : graph.node(p).getInputList()) {
                if (!t.isEmpty() && graph.isDataTensor(t)) {
                    todo.push(t);
                }
            }
        }
        return out;
    }

    /** @return the nodes of {@code nodes} that read {@code tensor}, directly or through each other */
    private static Set<Integer> descendants(OnnxGraph graph, Set<Integer> nodes, String tensor) {
        Set<Integer> out = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(tensor));
        while (!todo.isEmpty()) {
            for (int c : graph.consumers(todo.pop())) {
                if (nodes.contains(c) && out.add(c)) {
                    graph.node(c).getOutputList().stream().filter(o -> !o.isEmpty()).forEach(todo::push);
                }
            }
        }
        return out;
    }

    /** @return a node after the join that reads a data tensor made before it, other than the join's output */
    private static Optional<String> bypass(OnnxGraph graph, Set<Integer> after, int add) {
        Set<String> allowed = new HashSet<>(graph.node(add).getOutputList());
        after.forEach(i -> allowed.addAll(graph.node(i).getOutputList()));
        for (int i : after) {
            for (String t : graph.node(i).getInputList()) {
                if (!t.isEmpty() && graph.isDataTensor(t) && !allowed.contains(t)) {
                    return Optional.of(graph.describe(i) + " reading '" + t + "'");
                }
            }
        }
        return Optional.empty();
    }

    /** @return the names of the block's layers with a data node among {@code path}, in order */
    private static List<String> layersOf(List<LayerGroup> groups, List<String> names, int first, int last,
                                         Set<Integer> path) {
        List<String> out = new ArrayList<>();
        for (int l = first; l <= last; l++) {
            if (groups.get(l).dataNodes().stream().anyMatch(path::contains)) {
                out.add(names.get(l));
            }
        }
        return out;
    }

    /** @return Σ |w| over the weight tensors of the block's Conv, ConvTranspose, Gemm and MatMul nodes */
    static double weightL1(OnnxGraph graph, List<LayerGroup> groups, int first, int last) {
        double sum = 0;
        for (int l = first; l <= last; l++) {
            for (int i : groups.get(l).dataNodes()) {
                NodeProto n = graph.node(i);
                if (!OnnxGraph.isDefaultDomain(n) || !WEIGHT_OPS.contains(n.getOpType())) {
                    continue;
                }
                Optional<TensorProto> w = weight(graph, n);
                if (w.isPresent() && Tensors.isFloat(w.get())) {
                    for (double v : Tensors.values(w.get())) {
                        sum += Math.abs(v);
                    }
                }
            }
        }
        return sum;
    }

    /** @return the node's weight: its second input, or for MatMul whichever input is constant */
    private static Optional<TensorProto> weight(OnnxGraph graph, NodeProto n) {
        if (n.getOpType().equals("MatMul")) {
            for (String t : n.getInputList()) {
                Optional<TensorProto> v = graph.constantValue(t);
                if (v.isPresent()) {
                    return v;
                }
            }
            return Optional.empty();
        }
        return n.getInputCount() > 1 ? graph.constantValue(n.getInput(1)) : Optional.empty();
    }
}
