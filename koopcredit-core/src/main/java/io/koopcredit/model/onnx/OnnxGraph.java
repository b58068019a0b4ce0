package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.koopcredit.base.InputException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A validated, read-only view of a feed-forward ONNX graph: its single float32 data input and single
 * output, the nodes that contribute to the output in topological order, and which tensors carry data
 * values. Validation rejects control flow, recurrent layers and non-finite weights.
 *
 * <p>A tensor carries data values if it is the data input or an output of a node that reads a data tensor,
 * except the outputs of {@code Shape} and {@code Size}, which only describe a tensor. Nodes that produce
 * data tensors are <em>data nodes</em>; all others ({@code Constant}, shape arithmetic, ...) are
 * <em>helper nodes</em>.
 */
final class OnnxGraph {

    /** Operators that run sub-graphs; a block partition cannot look inside them. */
    static final Set<String> CONTROL_FLOW = Set.of("Loop", "If", "Scan");

    /**
     * Recurrent operators: they iterate over a sequence axis (which ONNX puts before the batch axis), so a
     * sample is not one row of the tensor and a block is not a function of one sample.
     */
    static final Set<String> RECURRENT = Set.of("LSTM", "GRU", "RNN");

    /** Operators whose outputs describe a tensor (its shape or size) rather than carry its values. */
    static final Set<String> SHAPE_OPS = Set.of("Shape", "Size");

    /** ONNX's code for float32 tensors (TensorProto.DataType.FLOAT). */
    static final int FLOAT32 = TensorProto.DataType.FLOAT_VALUE;

    private final String label;
    private final ModelProto model;
    private final List<NodeProto> nodes;
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Set<String> constants = new HashSet<>();
    private final String input;
    private final int[] sampleDims;
    private final long fixedBatch;
    private final String output;
    private final Map<String, Integer> producers = new HashMap<>();
    private final Map<String, List<Integer>> consumers = new HashMap<>();
    private final boolean[] dataNode;
    private final Set<String> dataTensors = new HashSet<>();
    private final Map<String, Integer> declaredTypes = new HashMap<>();

    /**
     * Validates and indexes a model.
     *
     * @param label how to name the model in messages (its path)
     * @param model the parsed model; not modified
     * @throws InputException if the model is not a supported feed-forward model
     */
    OnnxGraph(String label, ModelProto model) {
        this.label = label;
        this.model = model;
        GraphProto g = model.getGraph();
        for (TensorProto t : g.getInitializerList()) {
            initializers.put(t.getName(), t);
            constants.add(t.getName());
        }
        for (SparseTensorProto s : g.getSparseInitializerList()) {
            constants.add(s.getValues().getName());
        }
        for (ValueInfoProto v : concat(g.getValueInfoList(), g.getOutputList(), g.getInputList())) {
            if (v.getType().hasTensorType() && v.getType().getTensorType().getElemType() != 0) {
                declaredTypes.put(v.getName(), v.getType().getTensorType().getElemType());
            }
        }
        rejectControlFlow(g);
        rejectRecurrent(g);
        ValueInfoProto in = dataInput(g);
        input = in.getName();
        TensorShapeProto shape = checkInputType(in);
        fixedBatch = shape.getDim(0).hasDimValue() && shape.getDim(0).getDimValue() > 0
                ? shape.getDim(0).getDimValue() : 0;
        sampleDims = sampleDims(in, shape);
        output = dataOutput(g);
        nodes = liveNodes(sortTopologically(g.getNodeList()));
        for (int i = 0; i < nodes.size(); i++) {
            for (String o : nodes.get(i).getOutputList()) {
                if (!o.isEmpty()) {
                    producers.put(o, i);
                }
            }
            for (String t : nodes.get(i).getInputList()) {
                if (!t.isEmpty()) {
                    consumers.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
                }
            }
        }
        dataNode = new boolean[nodes.size()];
        dataTensors.add(input);
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            boolean readsData = n.getInputList().stream().anyMatch(dataTensors::contains);
            if (readsData && !(isDefaultDomain(n) && SHAPE_OPS.contains(n.getOpType()))) {
                dataNode[i] = true;
                n.getOutputList().stream().filter(o -> !o.isEmpty()).forEach(dataTensors::add);
            }
        }
        if (!dataTensors.contains(output)) {
            throw new InputException(label + ": output '" + output + "' does not depend on the input '" + input
                    + "'; expected a network that computes its output from its input");
        }
        FiniteWeights.require(this);
    }

    /** @return how the model is named in messages */
    String label() {
        return label;
    }

    /** @return the parsed model (shared; do not modify) */
    ModelProto model() {
        return model;
    }

    /** @return the nodes that contribute to the output, in topological order */
    List<NodeProto> nodes() {
        return nodes;
    }

    /** @return node {@code i} of {@link #nodes()} */
    NodeProto node(int i) {
        return nodes.get(i);
    }

    /** @return the data input's name */
    String input() {
        return input;
    }

    /** @return the model output's name */
    String output() {
        return output;
    }

    /** @return the extents of one input sample (a copy) */
    int[] sampleDims() {
        return sampleDims.clone();
    }

    /** @return the batch size the model fixes, or 0 if the batch dimension is dynamic */
    long fixedBatch() {
        return fixedBatch;
    }

    /** @return the default-domain opset version */
    long opset() {
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        return 0;
    }

    /** @return true if node {@code i} produces data-carrying tensors */
    boolean isDataNode(int i) {
        return dataNode[i];
    }

    /** @return true if the tensor carries data values */
    boolean isDataTensor(String tensor) {
        return dataTensors.contains(tensor);
    }

    /** @return the index of the node producing {@code tensor}, or -1 for the input and constants */
    int producer(String tensor) {
        return producers.getOrDefault(tensor, -1);
    }

    /** @return the indices of the nodes reading {@code tensor}, in order (possibly empty) */
    List<Integer> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    /** @return the dense initializer of that name, if any */
    Optional<TensorProto> initializer(String name) {
        return Optional.ofNullable(initializers.get(name));
    }

    /**
     * @param tensor a tensor name
     * @return its value if it is fixed in the file: a dense initializer, or the {@code value} of the
     *     {@code Constant} node that produces it
     */
    Optional<TensorProto> constantValue(String tensor) {
        Optional<TensorProto> init = initializer(tensor);
        if (init.isPresent()) {
            return init;
        }
        int p = producer(tensor);
        if (p < 0 || !isDefaultDomain(nodes.get(p)) || !nodes.get(p).getOpType().equals("Constant")) {
            return Optional.empty();
        }
        return nodes.get(p).getAttributeList().stream().filter(a -> a.getName().equals("value") && a.hasT())
                .map(AttributeProto::getT).findFirst();
    }

    /** @return true if the tensor is an initializer (dense or sparse) */
    boolean isConstant(String name) {
        return constants.contains(name);
    }

    /** @return the element type the model declares for a tensor (value_info, inputs, outputs), if any */
    Optional<Integer> declaredType(String tensor) {
        return Optional.ofNullable(declaredTypes.get(tensor));
    }

    /**
     * The nodes plus every helper node they need, transitively: helpers that compute their non-data inputs
     * (shape arithmetic, Constants), wherever those helpers were grouped.
     *
     * @param nodeIds node indices; not modified
     * @return the closure, sorted
     */
    TreeSet<Integer> withHelpers(Collection<Integer> nodeIds) {
        TreeSet<Integer> out = new TreeSet<>(nodeIds);
        Deque<Integer> todo = new ArrayDeque<>(nodeIds);
        while (!todo.isEmpty()) {
            for (String t : nodes.get(todo.pop()).getInputList()) {
                int p = producer(t);
                if (p >= 0 && !dataNode[p] && out.add(p)) {
                    todo.push(p);
                }
            }
        }
        return out;
    }

    /** @return a node described for messages: {@code '/conv1/Conv' (Conv)} or {@code Conv node #3} */
    String describe(int i) {
        NodeProto n = nodes.get(i);
        return n.getName().isBlank() ? n.getOpType() + " node #" + i : "'" + n.getName() + "' (" + n.getOpType() + ")";
    }

    /** @return true if the node is in the default ONNX domain */
    static boolean isDefaultDomain(NodeProto n) {
        return n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
    }

    /** @return the name of an ONNX element type code, e.g. {@code INT64} */
    static String typeName(int elemType) {
        TensorProto.DataType t = TensorProto.DataType.forNumber(elemType);
        return t == null ? "type " + elemType : t.name();
    }

    private void rejectControlFlow(GraphProto g) {
        for (NodeProto n : g.getNodeList()) {
            boolean subGraph = n.getAttributeList().stream().anyMatch(a -> a.hasG() || a.getGraphsCount() > 0
                    || a.getType() == AttributeProto.AttributeType.GRAPH
                    || a.getType() == AttributeProto.AttributeType.GRAPHS);
            if ((isDefaultDomain(n) && CONTROL_FLOW.contains(n.getOpType())) || subGraph) {
                throw new InputException(label + ": node " + (n.getName().isBlank() ? "" : "'" + n.getName() + "' ")
                        + "(" + n.getOpType() + ") is control flow with a sub-graph; expected a feed-forward"
                        + " model without Loop, If or Scan");
            }
        }
    }

    private void rejectRecurrent(GraphProto g) {
        for (NodeProto n : g.getNodeList()) {
            if (isDefaultDomain(n) && RECURRENT.contains(n.getOpType())) {
                throw new InputException(label + ": node " + (n.getName().isBlank() ? "" : "'" + n.getName() + "' ")
                        + "(" + n.getOpType() + ") is a recurrent layer, which koopcredit does not support; expected a"
                        + " feed-forward model (no LSTM, GRU or RNN)");
            }
        }
    }

    private ValueInfoProto dataInput(GraphProto g) {
        List<ValueInfoProto> data = g.getInputList().stream().filter(v -> !constants.contains(v.getName())).toList();
        if (data.size() != 1) {
            throw new InputException(label + ": expected one data input, found " + data.size()
                    + (data.isEmpty() ? "" : " (" + names(data) + ")"));
        }
        return data.get(0);
    }

    private TensorShapeProto checkInputType(ValueInfoProto in) {
        TypeProto type = in.getType();
        if (!type.hasTensorType()) {
            throw new InputException(label + ": input '" + in.getName() + "' must be a float32 tensor, found "
                    + (type.getValueCase() == TypeProto.ValueCase.VALUE_NOT_SET ? "no type" : type.getValueCase()));
        }
        int elem = type.getTensorType().getElemType();
        if (elem != FLOAT32) {
            throw new InputException(label + ": input '" + in.getName() + "' must be float32, found "
                    + typeName(elem));
        }
        TensorShapeProto shape = type.getTensorType().getShape();
        if (!type.getTensorType().hasShape() || shape.getDimCount() < 2) {
            throw new InputException(label + ": input '" + in.getName() + "' must have a shape [batch, ...]"
                    + " of rank >= 2, found " + (type.getTensorType().hasShape() ? "rank " + shape.getDimCount()
                    : "no shape"));
        }
        return shape;
    }

    private int[] sampleDims(ValueInfoProto in, TensorShapeProto shape) {
        int[] dims = new int[shape.getDimCount() - 1];
        for (int i = 1; i < shape.getDimCount(); i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > Integer.MAX_VALUE) {
                throw new InputException(label + ": input '" + in.getName() + "' has shape " + show(shape)
                        + "; expected fixed extents after the batch dimension");
            }
            dims[i - 1] = (int) d.getDimValue();
        }
        return dims;
    }

    private String dataOutput(GraphProto g) {
        if (g.getOutputCount() != 1) {
            throw new InputException(label + ": expected one output, found " + g.getOutputCount()
                    + (g.getOutputCount() == 0 ? "" : " (" + names(g.getOutputList()) + ")"));
        }
        ValueInfoProto out = g.getOutput(0);
        Optional<Integer> t = out.getType().hasTensorType() && out.getType().getTensorType().getElemType() != 0
                ? Optional.of(out.getType().getTensorType().getElemType()) : Optional.empty();
        if (t.isPresent() && t.get() != FLOAT32) {
            throw new InputException(label + ": output '" + out.getName() + "' must be float32, found "
                    + typeName(t.get()));
        }
        return out.getName();
    }

    /** Kahn's algorithm, stable with respect to the file's order (which ONNX requires to be topological). */
    private List<NodeProto> sortTopologically(List<NodeProto> all) {
        Set<String> available = new HashSet<>(constants);
        available.add(input);
        available.add("");
        Map<String, List<Integer>> waiting = new HashMap<>();
        int[] missing = new int[all.size()];
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < all.size(); i++) {
            for (String t : new HashSet<>(all.get(i).getInputList())) {
                if (!available.contains(t)) {
                    missing[i]++;
                    waiting.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
                }
            }
            if (missing[i] == 0) {
                ready.add(i);
            }
        }
        List<NodeProto> sorted = new ArrayList<>(all.size());
        while (!ready.isEmpty()) {
            NodeProto n = all.get(ready.poll());
            sorted.add(n);
            for (String o : n.getOutputList()) {
                if (!o.isEmpty() && available.add(o)) {
                    for (int w : waiting.getOrDefault(o, List.of())) {
                        if (--missing[w] == 0) {
                            ready.add(w);
                        }
                    }
                }
            }
        }
        if (sorted.size() < all.size()) {
            for (int i = 0; i < all.size(); i++) {
                if (missing[i] > 0) {
                    String absent = all.get(i).getInputList().stream().filter(t -> !available.contains(t))
                            .findFirst().orElse("?");
                    throw new InputException(label + ": node " + (all.get(i).getName().isBlank() ? ""
                            : "'" + all.get(i).getName() + "' ") + "(" + all.get(i).getOpType() + ") reads tensor '"
                            + absent + "' that nothing computes (or that is part of a cycle); expected a valid"
                            + " acyclic graph");
                }
            }
        }
        return sorted;
    }

    /** Keeps the nodes the output depends on; nodes whose results nobody uses are dropped. */
    private List<NodeProto> liveNodes(List<NodeProto> sorted) {
        Map<String, Integer> made = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            for (String o : sorted.get(i).getOutputList()) {
                made.put(o, i);
            }
        }
        if (!made.containsKey(output)) {
            throw new InputException(label + ": output '" + output + "' is not computed by any node; expected"
                    + " a network of at least one node between input and output");
        }
        boolean[] live = new boolean[sorted.size()];
        Deque<Integer> todo = new ArrayDeque<>(List.of(made.get(output)));
        live[made.get(output)] = true;
        while (!todo.isEmpty()) {
            for (String t : sorted.get(todo.pop()).getInputList()) {
                Integer p = made.get(t);
                if (p != null && !live[p]) {
                    live[p] = true;
                    todo.push(p);
                }
            }
        }
        List<NodeProto> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (live[i]) {
                out.add(sorted.get(i));
            }
        }
        return out;
    }

    private static String names(List<ValueInfoProto> values) {
        return values.stream().map(ValueInfoProto::getName).collect(Collectors.joining(", "));
    }

    private static String show(TensorShapeProto shape) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (TensorShapeProto.Dimension d : shape.getDimList()) {
            j.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.hasDimParam() ? d.getDimParam() : "?");
        }
        return j.toString();
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> out = new ArrayList<>();
        for (List<T> l : lists) {
            out.addAll(l);
        }
        return out;
    }
}
