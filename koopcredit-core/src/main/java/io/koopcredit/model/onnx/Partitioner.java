package io.koopcredit.model.onnx;

import io.koopcredit.base.InputException;
import io.koopcredit.base.InvalidOptionException;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Cuts a chain of layers into blocks: by default one block per layer, merging the layers on both sides of
 * every unsafe boundary; or as a {@code --blocks} spec says, provided every cut it makes is safe.
 *
 * <p>Block names: the layer's name for a one-layer block; for a spec part, the part as written (without
 * spaces); for a merged default block, {@code a+b} for two layers and {@code first-last} for more.
 */
final class Partitioner {

    private Partitioner() {
    }

    /**
     * @param spec a partition spec, or null / blank for the default partition
     * @param layers the credited layers in order; not modified
     * @param excluded the excluded trailing layers; not modified
     * @param cuts for each boundary j between layers j and j+1: empty if safe, else why not; not modified
     * @return the partition
     * @throws InputException if the spec is invalid or cuts at an unsafe boundary
     */
    static BlockPartition partition(String spec, List<Layer> layers, List<Layer> excluded,
                                    List<Optional<String>> cuts) {
        if (cuts.size() != layers.size() - 1) {
            throw new IllegalArgumentException("expected " + (layers.size() - 1) + " cuts, found " + cuts.size());
        }
        List<String> names = layers.stream().map(Layer::name).toList();
        List<Block> blocks = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            int start = 0;
            for (int j = 0; j < layers.size(); j++) {
                if (j == layers.size() - 1 || cuts.get(j).isEmpty()) {
                    blocks.add(new Block(blocks.size(), defaultName(names, start, j), layers.subList(start, j + 1)));
                    start = j + 1;
                }
            }
        } else {
            List<PartitionSpecParser.Part> parts = PartitionSpecParser.parse(spec, names);
            for (PartitionSpecParser.Part part : parts) {
                int j = part.last();
                if (j < layers.size() - 1 && cuts.get(j).isPresent()) {
                    throw new InvalidOptionException("blocks", spec, "cannot cut between " + names.get(j) + " and "
                            + names.get(j + 1) + ": " + cuts.get(j).get() + "; " + safeCuts(names, cuts), null);
                }
                String name = part.first() == part.last() ? names.get(j) : part.text();
                blocks.add(new Block(blocks.size(), name, layers.subList(part.first(), j + 1)));
            }
        }
        return new BlockPartition(blocks, excluded);
    }

    private static String defaultName(List<String> names, int first, int last) {
        if (first == last) {
            return names.get(first);
        }
        return names.get(first) + (last == first + 1 ? "+" : "-") + names.get(last);
    }

    private static String safeCuts(List<String> names, List<Optional<String>> cuts) {
        List<String> safe = IntStream.range(0, cuts.size()).filter(j -> cuts.get(j).isEmpty())
                .mapToObj(names::get).collect(Collectors.toList());
        return safe.isEmpty() ? "the network has no safe cut" : "safe cuts are after " + String.join(", ", safe);
    }
}
