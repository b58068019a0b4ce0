package io.koopcredit.model.onnx;

import io.koopcredit.model.LayerType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names layers after their anchor node when the exporter gave it a meaningful name, else
 * {@code conv1, pool1, dense1, ...}.
 *
 * <p>Rules:
 * <ol>
 *   <li>A scoped node name is split at '/', ignoring empty parts; with two parts or more the layer is named
 *       after the part just before the operator: PyTorch's {@code /conv1/Conv} gives {@code conv1},
 *       TensorFlow's {@code sequential/conv2d/Conv2D} gives {@code conv2d}. A name of one part is used
 *       as it is.</li>
 *   <li>The candidate is not meaningful if it is empty, if it is an exporter's automatic name (the operator
 *       type, case-sensitive, optionally suffixed by a number: {@code Conv}, {@code Conv_0},
 *       {@code Gemm5}; or anything starting with {@code node_}, as in {@code node_Conv_0}), or if it does not match {@link #VALID} (names must start with
 *       a letter or '_' and hold only letters, digits, '_' and '.', so that partition specs can use '+',
 *       '-' and ','; PyTorch's numbered {@code nn.Sequential} children such as {@code /0/Conv} are thus
 *       not meaningful).</li>
 *   <li>Layers without a meaningful name get generated names: the type's prefix and the layer's ordinal
 *       among all layers of that type ({@code conv2} is the second convolution, whatever the other layers
 *       are called).</li>
 *   <li>Names must be unique: if any two layers (the excluded Softmax included) end up with the same name,
 *       every layer gets its generated name.</li>
 * </ol>
 */
final class LayerNamer {

    /** The form of a usable layer name: an identifier that may contain dots. */
    static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /** Prefix of the automatic node names of PyTorch's dynamo exporter ({@code node_Conv_0}, {@code node_linear}). */
    static final String AUTO_PREFIX = "node_";

    private LayerNamer() {
    }

    /**
     * @param graph the graph; not modified
     * @param layers all layers in order, the excluded one last; not modified
     * @return one unique name per layer
     */
    static List<String> names(OnnxGraph graph, List<LayerGroup> layers) {
        List<String> generated = generated(layers);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            var anchor = graph.node(layers.get(i).anchor());
            names.add(meaningful(anchor.getName(), anchor.getOpType()).orElse(generated.get(i)));
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                return generated;
            }
        }
        return names;
    }

    /**
     * @param layers layers in order; not modified
     * @return their generated names: type prefix and ordinal within the type
     */
    static List<String> generated(List<LayerGroup> layers) {
        Map<LayerType, Integer> counters = new EnumMap<>(LayerType.class);
        List<String> out = new ArrayList<>();
        for (LayerGroup l : layers) {
            int k = counters.merge(l.type(), 1, Integer::sum);
            out.add(l.type().namePrefix() + k);
        }
        return out;
    }

    /**
     * @param nodeName an ONNX node name (may be empty)
     * @param opType the node's operator type
     * @return the layer name it suggests, if meaningful
     */
    static Optional<String> meaningful(String nodeName, String opType) {
        if (nodeName == null) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (String p : nodeName.split("/")) {
            if (!p.isBlank()) {
                parts.add(p.trim());
            }
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        String candidate = parts.size() >= 2 ? parts.get(parts.size() - 2) : parts.get(0);
        if (isAutomatic(candidate, opType) || !VALID.matcher(candidate).matches()) {
            return Optional.empty();
        }
        return Optional.of(candidate);
    }

    private static boolean isAutomatic(String candidate, String opType) {
        return candidate.startsWith(AUTO_PREFIX)
                || Pattern.compile(Pattern.quote(opType) + "(_?\\d+)?").matcher(candidate).matches();
    }
}
