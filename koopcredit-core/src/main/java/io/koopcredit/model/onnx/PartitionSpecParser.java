package io.koopcredit.model.onnx;

import io.koopcredit.base.InputException;
import io.koopcredit.base.InvalidOptionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses a partition spec, the value of {@code --blocks}: which consecutive layers share a block.
 *
 * <pre>
 *   spec  := part ( ',' part )*
 *   part  := name                  one layer
 *          | name ( '+' name )+    consecutive layers, each listed, in order (conv1+pool1)
 *          | name '-' name         a range of layers, first to last inclusive (dense1-dense3)
 * </pre>
 * Spaces around names are ignored. The parts must follow the network's order, must not overlap and must
 * together cover every credited layer. This class knows nothing of ONNX or of safe cuts: it checks the
 * spec against the list of layer names only.
 */
final class PartitionSpecParser {

    /**
     * One part of a spec.
     *
     * @param text the part as written, without spaces; it names the block
     * @param first index of the first layer
     * @param last index of the last layer (at least {@code first})
     */
    record Part(String text, int first, int last) {
        /** Validates the range. */
        Part {
            Objects.requireNonNull(text, "text");
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("part " + text + ": bad layer range " + first + ".." + last);
            }
        }
    }

    private final String spec;
    private final List<String> layers;

    private PartitionSpecParser(String spec, List<String> layers) {
        this.spec = spec;
        this.layers = layers;
    }

    /**
     * @param spec the spec, e.g. {@code conv1+pool1,conv2+pool2,dense1-dense3}
     * @param layerNames the credited layers' names in order; not modified
     * @return the parts in order, covering every layer once
     * @throws InputException naming the offending part and listing the valid layer names if the spec is
     *     empty, malformed, names an unknown layer, joins layers that are not consecutive, overlaps, is out
     *     of order or leaves layers out
     */
    static List<Part> parse(String spec, List<String> layerNames) {
        return new PartitionSpecParser(Objects.requireNonNull(spec, "spec"), List.copyOf(layerNames)).parse();
    }

    private List<Part> parse() {
        if (spec.isBlank()) {
            throw error("the spec is empty; expected parts such as " + example());
        }
        String[] texts = spec.split(",", -1);
        List<Part> parts = new ArrayList<>();
        for (int p = 0; p < texts.length; p++) {
            parts.add(part(texts[p], p + 1));
        }
        int next = 0;
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            if (part.first() > next) {
                for (Part later : parts.subList(p + 1, parts.size())) {
                    if (later.first() <= next && next <= later.last()) {
                        throw error("part '" + later.text() + "' is out of order: it comes after part '"
                                + part.text() + "' but its layers come before");
                    }
                }
                throw error("layer" + plural(part.first() - next) + " " + join(next, part.first() - 1)
                        + " before part '" + part.text() + "' " + (part.first() - next == 1 ? "is" : "are")
                        + " in no part; the parts must cover every layer");
            }
            if (part.first() < next) {
                for (int q = 0; q < p; q++) {
                    Part earlier = parts.get(q);
                    int from = Math.max(earlier.first(), part.first());
                    if (from <= Math.min(earlier.last(), part.last())) {
                        throw error("part '" + part.text() + "' overlaps part '" + earlier.text() + "' at layer "
                                + layers.get(from));
                    }
                }
                throw error("part '" + part.text() + "' is out of order: it comes after part '"
                        + parts.get(p - 1).text() + "' but its layers come before");
            }
            next = part.last() + 1;
        }
        if (next < layers.size()) {
            throw error("layer" + plural(layers.size() - next) + " " + join(next, layers.size() - 1) + " "
                    + (layers.size() - next == 1 ? "is" : "are") + " in no part; the parts must cover every layer");
        }
        return parts;
    }

    private Part part(String raw, int position) {
        String text = raw.replaceAll("\\s+", "");
        if (text.isEmpty()) {
            throw error("part " + position + " is empty");
        }
        boolean plus = text.contains("+");
        boolean range = text.contains("-");
        if (plus && range) {
            throw error("part '" + text + "' mixes '+' and '-'; write a+b+c or a-c");
        }
        if (range) {
            String[] ends = text.split("-", -1);
            if (ends.length != 2 || ends[0].isEmpty() || ends[1].isEmpty()) {
                throw error("part '" + text + "' is not a range first-last");
            }
            int first = index(ends[0], text);
            int last = index(ends[1], text);
            if (last < first) {
                throw error("part '" + text + "' runs backwards: " + ends[0] + " comes after " + ends[1]);
            }
            return new Part(text, first, last);
        }
        String[] names = text.split("\\+", -1);
        int first = -1;
        int prev = -1;
        for (int i = 0; i < names.length; i++) {
            if (names[i].isEmpty()) {
                throw error("part '" + text + "' has an empty name around '+'");
            }
            int k = index(names[i], text);
            if (i == 0) {
                first = k;
            } else if (k == prev) {
                throw error("layer " + names[i] + " appears twice in part '" + text + "'");
            } else if (k != prev + 1) {
                throw error("layers " + names[i - 1] + " and " + names[i] + " are not consecutive");
            }
            prev = k;
        }
        return new Part(text, first, prev);
    }

    private int index(String name, String part) {
        int k = layers.indexOf(name);
        if (k < 0) {
            throw error("unknown layer '" + name + "' in part '" + part + "'");
        }
        return k;
    }

    private InputException error(String what) {
        return new InvalidOptionException("blocks", spec, what + "; layers are " + String.join(", ", layers), null);
    }

    private String join(int from, int to) {
        return String.join(", ", layers.subList(from, to + 1));
    }

    private String example() {
        return layers.size() >= 2 ? layers.get(0) + "+" + layers.get(1) + (layers.size() > 2 ? "," + layers.get(2)
                + (layers.size() > 3 ? "-" + layers.get(layers.size() - 1) : "") : "") : layers.get(0);
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
