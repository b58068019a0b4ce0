package io.koopcredit.model.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where blocks may begin and end.
 *
 * <p>A block boundary may only be a tensor that every path from the input to the output passes through.
 * Precisely, the boundary between layer j and layer j+1 is safe iff, in topological order, the only
 * data-carrying tensor produced at or before layer j (or the model input) and read after it is layer j's
 * output. Initializers and constants are free; a helper node (shape arithmetic) counts as a reader in every
 * layer that needs it, so a {@code Shape} of an earlier tensor used after the cut makes the cut unsafe.
 * A residual unit or any branch-and-merge region therefore stays inside one block.
 */
final class CutAnalyzer {

    private CutAnalyzer() {
    }

    /**
     * @param graph the graph; not modified
     * @param layers all layers in order (the excluded Softmax last, if any); not modified
     * @param names their names, same order; not modified
     * @param credited how many of {@code layers} are credited (the cuts between them are analysed)
     * @return for each boundary j between credited layers j and j+1 ({@code credited - 1} entries): empty if
     *     safe, else why not
     */
    static List<Optional<String>> analyze(OnnxGraph graph, List<LayerGroup> layers, List<String> names,
                                          int credited) {
        Map<String, Integer> madeBy = new HashMap<>();
        madeBy.put(graph.input(), -1);
        for (int l = 0; l < layers.size(); l++) {
            for (int i : layers.get(l).dataNodes()) {
                for (String o : graph.node(i).getOutputList()) {
                    madeBy.put(o, l);
                }
            }
        }
        // Every (tensor, maker, reader) where a layer reads a data tensor made by an earlier layer.
        record Crossing(String tensor, int maker, int reader) {
        }
        List<Crossing> crossings = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            for (int i : graph.withHelpers(layers.get(k).nodes())) {
                for (String t : graph.node(i).getInputList()) {
                    Integer maker = madeBy.get(t);
                    if (graph.isDataTensor(t) && maker != null && maker < k) {
                        crossings.add(new Crossing(t, maker, k));
                    }
                }
            }
        }
        List<Optional<String>> cuts = new ArrayList<>();
        for (int j = 0; j + 1 < credited; j++) {
            String boundary = layers.get(j).outputTensor();
            Optional<String> problem = Optional.empty();
            for (Crossing c : crossings) {
                if (c.maker() <= j && c.reader() > j && !c.tensor().equals(boundary)) {
                    String from = c.maker() < 0 ? "the model input '" + c.tensor() + "'"
                            : "tensor '" + c.tensor() + "' of layer " + names.get(c.maker());
                    problem = Optional.of(from + " is also read by layer " + names.get(c.reader())
                            + " (a branch or residual connection crosses the cut)");
                    break;
                }
            }
            cuts.add(problem);
        }
        return cuts;
    }
}
