package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.koopcredit.base.InputException;
import io.koopcredit.base.Seeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Re-randomizes the weights of chosen layers, for the randomization sanity check of Adebayo et al. (2018,
 * "Sanity Checks for Saliency Maps"): a credit that does not change when a layer's learned weights are
 * replaced by noise does not describe what the network learned.
 *
 * <p>Which tensors: in each chosen layer, every floating-point constant input (an initializer, or the
 * value of a Constant node) of a {@link #WEIGHT_OPS} node (Conv / ConvTranspose / Gemm / MatMul weights and
 * biases), and of the bias {@code Add} of a layer anchored by MatMul. Normalisation parameters
 * (BatchNormalization's scale, bias, mean and variance) and any other constant are left alone: they
 * rescale what the weights computed rather than compute it, and re-drawing a variance could make it
 * negative.
 *
 * <p>How: each tensor is replaced by i.i.d. draws from N(0, σ²), σ the population standard deviation of
 * the tensor's original values, so that the random layer has the trained layer's scale; a tensor whose
 * values are all equal (σ = 0, e.g. a one-element bias) uses its root mean square instead, and an all-zero
 * tensor stays zero. Draws come from {@code Seeds.generator(seed, RANDOMIZATION_STREAM + layer, tensor)}
 * with the layer's position among all layers and the tensor's position within the layer, so a layer gets
 * the same random weights whichever other layers are randomized with it (as a cascade needs). A tensor
 * shared by two layers is one parameter: it is re-drawn once, for the first chosen layer that reads it.
 */
final class WeightRandomizer {

    /** Operators whose constant inputs are weights and biases. */
    static final Set<String> WEIGHT_OPS = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul");

    /**
     * Offset of the random streams of re-randomized weights: keeps them apart from the estimators' streams
     * (stream = block index, substream = trial), so that the new weights never repeat an alignment draw.
     */
    static final long RANDOMIZATION_STREAM = 1L << 40;

    private WeightRandomizer() {
    }

    /**
     * One tensor to re-draw.
     *
     * @param name the tensor's name
     * @param layer position of the layer among all layers
     * @param ordinal position of the tensor within the layer
     * @param constantNode true if the value is held by a Constant node rather than an initializer
     */
    record Target(String name, int layer, int ordinal, boolean constantNode) {
    }

    /**
     * @param graph the graph; not modified
     * @param groups every layer, credited and excluded, in order; not modified
     * @param names their names, in the same order; not modified
     * @param chosen names of the layers to re-randomize; not modified
     * @param seed the seed of the draws
     * @return a new model with the chosen layers' weights re-drawn
     * @throws InputException if a chosen name is unknown or its layer holds no weights
     */
    static ModelProto randomize(OnnxGraph graph, List<LayerGroup> groups, List<String> names, List<String> chosen,
                                long seed) {
        Map<String, Target> targets = targets(graph, groups, names, chosen);
        GraphProto.Builder g = graph.model().getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            Target t = targets.get(g.getInitializer(i).getName());
            if (t != null && !t.constantNode()) {
                g.setInitializer(i, redraw(g.getInitializer(i), t, seed));
            }
        }
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            if (!n.getOpType().equals("Constant") || n.getOutputCount() == 0) {
                continue;
            }
            Target t = targets.get(n.getOutput(0));
            if (t == null || !t.constantNode()) {
                continue;
            }
            NodeProto.Builder nb = n.toBuilder();
            for (int a = 0; a < nb.getAttributeCount(); a++) {
                AttributeProto attr = nb.getAttribute(a);
                if (attr.getName().equals("value") && attr.hasT()) {
                    nb.setAttribute(a, attr.toBuilder().setT(redraw(attr.getT(), t, seed)));
                }
            }
            g.setNode(i, nb);
        }
        return graph.model().toBuilder().setGraph(g).build();
    }

    /**
     * @return the tensors to re-draw, by name, in layer order and then in the order the layer reads them
     */
    static Map<String, Target> targets(OnnxGraph graph, List<LayerGroup> groups, List<String> names,
                                       List<String> chosen) {
        Map<String, Target> out = new LinkedHashMap<>();
        for (String layerName : new LinkedHashSet<>(chosen)) {
            int layer = names.indexOf(layerName);
            if (layer < 0) {
                throw new InputException(graph.label() + ": layer '" + layerName + "' to re-randomize: expected one of "
                        + String.join(", ", names) + ", found no such layer");
            }
            LayerGroup group = groups.get(layer);
            boolean matMul = group.nodes().stream().anyMatch(i -> graph.node(i).getOpType().equals("MatMul"));
            int ordinal = 0;
            for (int i : group.nodes()) {
                NodeProto n = graph.node(i);
                boolean weighted = WEIGHT_OPS.contains(n.getOpType()) || (matMul && n.getOpType().equals("Add"));
                if (!graph.isDataNode(i) || !OnnxGraph.isDefaultDomain(n) || !weighted) {
                    continue;
                }
                for (String t : n.getInputList()) {
                    if (t.isEmpty() || graph.isDataTensor(t)) {
                        continue;
                    }
                    Optional<Boolean> kind = floatConstant(graph, t);
                    if (kind.isPresent()) {
                        if (!out.containsKey(t)) {
                            out.put(t, new Target(t, layer, ordinal, kind.get()));
                        }
                        ordinal++;
                    }
                }
            }
            if (ordinal == 0) {
                throw new InputException(graph.label() + ": layer '" + layerName + "' to re-randomize: expected "
                        + "Conv, Gemm or MatMul weights, found none (the layer computes " + opsOf(graph, group) + ")");
            }
        }
        return out;
    }

    /** @return empty if not a float constant; else true for a Constant node's value, false for an initializer */
    private static Optional<Boolean> floatConstant(OnnxGraph graph, String tensor) {
        Optional<TensorProto> init = graph.initializer(tensor);
        if (init.isPresent()) {
            return Tensors.isFloat(init.get()) ? Optional.of(false) : Optional.empty();
        }
        int p = graph.producer(tensor);
        if (p >= 0 && graph.node(p).getOpType().equals("Constant")) {
            boolean floatValue = graph.node(p).getAttributeList().stream()
                    .anyMatch(a -> a.getName().equals("value") && a.hasT() && Tensors.isFloat(a.getT()));
            return floatValue ? Optional.of(true) : Optional.empty();
        }
        return Optional.empty();
    }

    private static String opsOf(OnnxGraph graph, LayerGroup group) {
        List<String> ops = new ArrayList<>();
        group.dataNodes().forEach(i -> ops.add(graph.node(i).getOpType()));
        return String.join(" ", ops);
    }

    /**
     * @param original a float32 or float64 tensor with its values inside; not modified
     * @param target which tensor it is (for the seed)
     * @param seed the user's seed
     * @return the tensor with the same name, type and dims and new values, stored as raw little-endian data
     */
    static TensorProto redraw(TensorProto original, Target target, long seed) {
        double[] values = Tensors.values(original);
        double sigma = scale(values);
        double[] z = new double[values.length];
        SplittableRandom rng = Seeds.generator(seed, RANDOMIZATION_STREAM + target.layer(), target.ordinal());
        Seeds.fillGaussian(rng, z);
        double[] drawn = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            drawn[i] = sigma * z[i];
        }
        return Tensors.withValues(original, drawn, original.getDataType() == TensorProto.DataType.DOUBLE_VALUE);
    }

    /**
     * @param values a tensor's values; not modified
     * @return its population standard deviation, or its root mean square when that is 0
     */
    static double scale(double[] values) {
        int n = values.length;
        if (n == 0) {
            return 0;
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double var = 0;
        double square = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
            square += v * v;
        }
        double sigma = Math.sqrt(var / n);
        return sigma > 0 ? sigma : Math.sqrt(square / n);
    }
}
