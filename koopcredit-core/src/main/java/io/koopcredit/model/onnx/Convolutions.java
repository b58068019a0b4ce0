package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Convolution;
import io.koopcredit.model.LayerType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The convolutions of a graph as kernels: their weight tensors, per-channel weight norms, feature maps,
 * and whether a block's kernel credit ranks their channels.
 *
 * <p>A convolution's channel c is its block's output channel c when every operation its output reaches
 * inside the block (up to the block's output) is {@link #CHANNEL_WISE}: channel c of the result depends
 * on channel c of each operand only. Element-wise sums with another tensor (a residual Add joining the
 * shortcut) keep channels; a later convolution, a dense layer or a reshape mixes them. The block's output
 * must also have the convolution's number of channels (C × H × W). A squeeze-and-excitation gate fails
 * the test, as it should: its gate reads every channel through a dense layer.
 */
final class Convolutions {

    /** Element-wise activations: a feature map is read after one of these when it follows the convolution. */
    static final Set<String> ACTIVATIONS = Set.of("Relu", "LeakyRelu", "PRelu", "Sigmoid", "Tanh", "Elu", "Selu",
            "Celu", "Clip", "HardSigmoid", "HardSwish", "Softplus", "Softsign", "Gelu", "Mish");

    /**
     * Operations whose output channel c depends on channel c of their data operands only: activations,
     * element-wise arithmetic (operands of the same channels, or constants broadcast per channel), per-channel
     * normalisation, and spatial pooling (including a global pool written as a reduction over the spatial
     * axes, which the caller passes by node).
     */
    static final Set<String> CHANNEL_WISE;

    static {
        Set<String> s = new HashSet<>(ACTIVATIONS);
        s.addAll(Set.of("Identity", "Dropout", "Abs", "Neg", "Exp", "Log", "Sqrt", "Reciprocal", "Erf", "Add",
                "Sub", "Mul", "Div", "Max", "Min", "Sum", "Mean", "BatchNormalization", "InstanceNormalization",
                "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool"));
        CHANNEL_WISE = Set.copyOf(s);
    }

    private Convolutions() {
    }

    /**
     * One Conv node with constant weights.
     *
     * @param node its index in the graph
     * @param layer index of its layer among all layers
     * @param weight the weight tensor's name
     * @param bias the bias tensor's name, or null
     * @param channels output channels
     * @param channelL1 Σ |W[c, …]| per channel
     * @param featureMap the tensor whose channels are its feature maps
     * @param mapSize values per sample of that tensor (0 until the shapes are known)
     */
    record Found(int node, int layer, String weight, String bias, int channels, double[] channelL1,
                 String featureMap, int mapSize) {
        /**
         * @param size values per sample of the feature map, a multiple of the channels
         * @return a copy with it
         */
        Found withMapSize(int size) {
            if (size < channels || size % channels != 0) {
                throw new IllegalStateException("feature map '" + featureMap + "' of " + size + " values per sample"
                        + " for " + channels + " channels");
            }
            return new Found(node, layer, weight, bias, channels, channelL1, featureMap, size);
        }
    }

    /**
     * @param graph the graph; not modified
     * @param credited the credited layers, in order; not modified
     * @return every Conv node of the credited layers whose weight is a float constant with a channel axis,
     *     in network order (a layer holds at most one, since a convolution starts a layer)
     */
    static List<Found> find(OnnxGraph graph, List<LayerGroup> credited) {
        List<Found> out = new ArrayList<>();
        for (int l = 0; l < credited.size(); l++) {
            for (int i : credited.get(l).dataNodes()) {
                NodeProto n = graph.node(i);
                if (!OnnxGraph.isDefaultDomain(n) || !n.getOpType().equals("Conv") || n.getInputCount() < 2) {
                    continue;
                }
                Optional<TensorProto> w = graph.constantValue(n.getInput(1));
                if (w.isEmpty() || !Tensors.isFloat(w.get()) || w.get().getDimsCount() < 2) {
                    continue;
                }
                int channels = (int) w.get().getDims(0);
                double[] values = Tensors.values(w.get());
                int per = values.length / channels;
                double[] l1 = new double[channels];
                for (int c = 0; c < channels; c++) {
                    for (int k = c * per; k < (c + 1) * per; k++) {
                        l1[c] += Math.abs(values[k]);
                    }
                }
                String bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? n.getInput(2) : null;
                out.add(new Found(i, l, n.getInput(1), bias, channels, l1, featureMap(graph, n), 0));
            }
        }
        return out;
    }

    /** @return the convolution's output, or the output of the one activation that alone reads it */
    private static String featureMap(OnnxGraph graph, NodeProto conv) {
        String out = conv.getOutput(0);
        List<Integer> readers = graph.consumers(out);
        if (readers.size() == 1) {
            NodeProto next = graph.node(readers.get(0));
            if (OnnxGraph.isDefaultDomain(next) && ACTIVATIONS.contains(next.getOpType())
                    && next.getInput(0).equals(out) && graph.isDataNode(readers.get(0))) {
                return next.getOutput(0);
            }
        }
        return out;
    }

    /**
     * @param graph the graph; not modified
     * @param groups every layer, in order; not modified
     * @param names their names; not modified
     * @param found the convolutions ({@link #find}); not modified
     * @param partition the partition; not modified
     * @return the convolutions with their blocks
     */
    static List<Convolution> describe(OnnxGraph graph, List<LayerGroup> groups, List<String> names, List<Found> found,
                                      BlockPartition partition) {
        List<Convolution> out = new ArrayList<>();
        for (int k = 0; k < found.size(); k++) {
            Found f = found.get(k);
            String layerName = names.get(f.layer());
            Block block = partition.blocks().stream()
                    .filter(b -> b.layers().stream().anyMatch(x -> x.name().equals(layerName))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no block holds layer " + layerName));
            int first = names.indexOf(block.layers().get(0).name());
            int last = first + block.layers().size() - 1;
            String note = channelProblem(graph, groups, f, block, first, last);
            List<Double> l1 = new ArrayList<>(f.channels());
            for (double v : f.channelL1()) {
                l1.add(v);
            }
            out.add(new Convolution(k, layerName, f.channels(), l1, block.name(), block.index(), note == null, note));
        }
        return out;
    }

    /** @return null if the convolution's channel c is the block's output channel c, else why not */
    private static String channelProblem(OnnxGraph graph, List<LayerGroup> groups, Found f, Block block, int first,
                                         int last) {
        if (block.outputShape().rank() != 3 || block.outputShape().dim(0) != f.channels()) {
            return "the output of block " + block.name() + " (" + block.outputShape() + ") does not have its "
                    + f.channels() + " channels";
        }
        Set<Integer> inBlock = new HashSet<>();
        for (int l = first; l <= last; l++) {
            inBlock.addAll(groups.get(l).dataNodes());
        }
        Set<Integer> pools = new HashSet<>();
        for (int l = first; l <= last; l++) {
            if (groups.get(l).type() == LayerType.POOL) {
                pools.add(groups.get(l).anchor());
            }
        }
        String target = groups.get(last).outputTensor();
        NodeProto conv = graph.node(f.node());
        Deque<String> todo = new ArrayDeque<>(List.of(conv.getOutput(0)));
        Set<String> seen = new HashSet<>(todo);
        boolean reached = conv.getOutput(0).equals(target);
        while (!todo.isEmpty()) {
            String t = todo.pop();
            for (int i : graph.consumers(t)) {
                if (!inBlock.contains(i)) {
                    continue;
                }
                NodeProto n = graph.node(i);
                if (!(OnnxGraph.isDefaultDomain(n) && CHANNEL_WISE.contains(n.getOpType())) && !pools.contains(i)) {
                    return "its channels are mixed by " + graph.describe(i) + " before the output of block "
                            + block.name();
                }
                for (String o : n.getOutputList()) {
                    if (!o.isEmpty() && seen.add(o)) {
                        reached |= o.equals(target);
                        todo.push(o);
                    }
                }
            }
        }
        return reached ? null : "its output does not reach the output of block " + block.name();
    }
}
