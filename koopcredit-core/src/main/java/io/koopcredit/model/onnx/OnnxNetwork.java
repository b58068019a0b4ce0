package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.koopcredit.base.InputException;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Layer;
import io.koopcredit.model.ModelInfo;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.Precision;
import io.koopcredit.model.TensorShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A feed-forward ONNX model read as a chain of layers with safe cut points.
 *
 * <p>Loading parses the file, groups its nodes into layers (see {@code LayerGrouper}), names them (see
 * {@code LayerNamer}), runs one batch of zeros through ONNX Runtime to learn every tensor's shape, and finds
 * the safe cuts (see {@code CutAnalyzer}). The loaded network holds no native resources; the sessions
 * live in the {@link PartitionedNetwork} that {@link #compile} returns.
 *
 * <p>Supported: one float32 data input of shape [batch, fixed extents...] (graph inputs that are also
 * initializers are not data inputs), one output, no control flow (Loop, If, Scan). The batch dimension may
 * be symbolic or fixed; with a fixed batch every run uses exactly that many samples, padding the last
 * chunk.
 */
public final class OnnxNetwork implements Network {


    private final OnnxGraph graph;
    private final LoadOptions options;
    private final ModelInfo info;
    private final List<LayerGroup> groups;
    private final List<Layer> layers;
    private final List<Layer> excluded;
    private final List<Optional<String>> cuts;
    private final Map<String, long[]> rewriteShapes;
    private volatile boolean closed;

    private OnnxNetwork(OnnxGraph graph, LoadOptions options, ModelInfo info, List<LayerGroup> groups,
                        List<Layer> layers, List<Layer> excluded, List<Optional<String>> cuts,
                        Map<String, long[]> rewriteShapes) {
        this.graph = graph;
        this.options = options;
        this.info = info;
        this.groups = List.copyOf(groups);
        this.layers = List.copyOf(layers);
        this.excluded = List.copyOf(excluded);
        this.cuts = List.copyOf(cuts);
        this.rewriteShapes = Map.copyOf(rewriteShapes);
    }

    /**
     * Reads a model with the default options (trailing Softmax excluded, one thread).
     *
     * @param file the ONNX file; not modified
     * @return the network
     * @throws InputException if the file is missing, corrupt or not a supported feed-forward model
     */
    public static OnnxNetwork load(Path file) {
        return load(file, LoadOptions.defaults());
    }

    /**
     * Reads a model.
     *
     * @param file the ONNX file; not modified
     * @param options how to read and run it; not modified
     * @return the network
     * @throws InputException if the file is missing, corrupt or not a supported feed-forward model
     */
    public static OnnxNetwork load(Path file, LoadOptions options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        return build(ModelFileReader.read(file), options, file.toString());
    }

    /**
     * Reads a parsed model.
     *
     * @param mf the model, its path and hash; not modified
     * @param options how to read and run it; not modified
     * @param label how to name the model in messages
     * @return the network
     */
    private static OnnxNetwork build(ModelFileReader.ModelFile mf, LoadOptions options, String label) {
        OnnxGraph graph = new OnnxGraph(label, mf.model());
        // The float64 conversion rewrites some operators and needs the shapes of their data inputs; telling
        // a global pool written as a reduction from other reductions needs the rank of its input.
        Set<String> rewritten = new LinkedHashSet<>();
        for (NodeProto n : graph.nodes()) {
            if (OnnxGraph.isDefaultDomain(n) && DoublePrecision.REWRITTEN.contains(n.getOpType())
                    && graph.isDataTensor(n.getInput(0))) {
                rewritten.add(n.getInput(0));
            }
        }
        Set<String> probed = new LinkedHashSet<>(rewritten);
        probed.addAll(GlobalPools.candidateInputs(graph));
        ShapeProbe.Result shapes = ShapeProbe.probe(graph, probed, options);
        LayerGrouper.Grouping grouping = LayerGrouper.group(graph, options.keepSoftmax(),
                GlobalPools.find(graph, shapes));
        List<LayerGroup> all = grouping.all();
        List<String> names = LayerNamer.names(graph, all);
        Set<String> boundaries = new LinkedHashSet<>();
        all.forEach(g -> boundaries.add(g.outputTensor()));
        if (!boundaries.stream().allMatch(shapes::saw)) {
            // The probe fell back to the required tensors only (see ShapeProbe.probe): probe the boundaries.
            probed.addAll(boundaries);
            shapes = ShapeProbe.probe(graph, probed, options);
        }
        Map<String, long[]> rewriteShapes = new HashMap<>();
        for (String t : rewritten) {
            ShapeProbe.TensorFacts f = shapes.facts(t);
            if (f != null) {
                rewriteShapes.put(t, f.shape());
            }
        }

        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            LayerGroup g = all.get(i);
            TensorShape in = i == 0 ? new TensorShape(graph.sampleDims())
                    : shapes.sampleShape(g.inputTensor(), "input of layer " + names.get(i));
            TensorShape out = shapes.sampleShape(g.outputTensor(), "output of layer " + names.get(i));
            List<String> ops = g.dataNodes().stream().map(n -> graph.node(n).getOpType()).toList();
            layers.add(new Layer(names.get(i), g.type(), ops, in, out, ParameterCounter.count(graph, g),
                    RoundingModel.growth(graph, g, shapes)));
        }
        int credited = grouping.credited().size();
        List<Optional<String>> cuts = CutAnalyzer.analyze(graph, all, names, credited);
        TensorShape outputShape = shapes.sampleShape(graph.output(), "model output");
        ModelInfo info = new ModelInfo(mf.path(), mf.sha256(), producer(mf), graph.opset(),
                new TensorShape(graph.sampleDims()), outputShape, preprocessing(mf));
        return new OnnxNetwork(graph, options, info, all, layers.subList(0, credited),
                layers.subList(credited, layers.size()), cuts, rewriteShapes);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public List<Layer> layers() {
        return layers;
    }

    @Override
    public List<Layer> excluded() {
        return excluded;
    }

    /**
     * Whether a block may end after a layer.
     *
     * @param layer index of a credited layer, 0 &lt;= layer &lt; layers().size() - 1
     * @return empty if the boundary after that layer is a safe cut, else why it is not
     */
    public Optional<String> cutProblem(int layer) {
        return cuts.get(layer);
    }

    @Override
    public BlockPartition partition(String spec) {
        return Partitioner.partition(spec, layers, excluded, cuts);
    }

    /**
     * {@inheritDoc}
     *
     * <p>For {@link Precision#FLOAT64} each block's sub-model is converted by {@code DoublePrecision}
     * (float32 tensors to float64; Conv, AveragePool and the global pools rewritten into operations with
     * double kernels). The pass over the full network stays float32: it is the network's own computation.
     *
     * @throws InputException for float64, naming the block and the operation ONNX Runtime cannot run in
     *     double
     */
    @Override
    public PartitionedNetwork compile(BlockPartition partition, Precision precision, boolean fallBack) {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(precision, "precision");
        if (closed) {
            throw new IllegalStateException(graph.label() + ": the network is closed");
        }
        List<Layer> covered = partition.blocks().stream().flatMap(b -> b.layers().stream()).toList();
        if (!covered.equals(layers) || !partition.excluded().equals(excluded)) {
            throw new IllegalArgumentException("the partition was not made by this network (" + graph.label() + ")");
        }
        List<OrtBlockFunction> functions = new ArrayList<>();
        OrtRunner full = null;
        try {
            List<String> boundaries = new ArrayList<>();
            int[] sizes = new int[partition.size()];
            int first = 0;
            for (Block b : partition.blocks()) {
                int last = first + b.layers().size() - 1;
                TreeSet<Integer> nodes = new TreeSet<>();
                for (int l = first; l <= last; l++) {
                    nodes.addAll(groups.get(l).nodes());
                }
                String in = groups.get(first).inputTensor();
                String out = groups.get(last).outputTensor();
                ModelProto model = SubModelExtractor.block(graph, b.name(), nodes, in, b.inputShape().dims(), out,
                        b.outputShape().dims());
                String blockLabel = graph.label() + " block " + b.name();
                OrtRunner runner = null;
                String note = null;
                if (precision == Precision.FLOAT64) {
                    try {
                        runner = new OrtRunner(blockLabel, DoublePrecision.convert(blockLabel, model, graph.opset(),
                                rewriteShapes).toByteArray(), in, b.inputShape().dims(), List.of(out),
                                new int[] {b.nOut()}, graph.fixedBatch(), options, Precision.FLOAT64);
                    } catch (InputException e) {
                        if (!fallBack) {
                            throw e;
                        }
                        note = e.getMessage().substring(blockLabel.length() + 2);
                    }
                }
                if (runner == null) {
                    runner = new OrtRunner(blockLabel, model.toByteArray(), in, b.inputShape().dims(), List.of(out),
                            new int[] {b.nOut()}, graph.fixedBatch(), options, Precision.FLOAT32);
                }
                functions.add(new OrtBlockFunction(b, runner, note));
                boundaries.add(out);
                sizes[b.index()] = b.nOut();
                first = last + 1;
            }
            full = new OrtRunner(graph.label(), SubModelExtractor.exposing(graph, boundaries), graph.input(),
                    graph.sampleDims(), boundaries, sizes, graph.fixedBatch(), options, Precision.FLOAT32);
            return new OnnxPartitionedNetwork(graph.label(), partition, functions, full);
        } catch (RuntimeException e) {
            functions.forEach(OrtBlockFunction::close);
            if (full != null) {
                full.close();
            }
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The copy is built from an in-memory model whose chosen layers' weight tensors are re-drawn (see
     * {@code WeightRandomizer} for which tensors and how: N(0, σ²) with σ the original tensor's standard
     * deviation; BatchNormalization parameters are left alone). Its {@link ModelInfo} keeps this
     * network's path and gives the SHA-256 of the modified model; its layers, names and shapes are this
     * network's.
     */
    @Override
    public Network withRandomizedLayers(List<String> layerNames, long seed) {
        Objects.requireNonNull(layerNames, "layerNames");
        if (closed) {
            throw new IllegalStateException(graph.label() + ": the network is closed");
        }
        // groups holds every layer, credited then excluded, like layers followed by excluded.
        List<String> names = new ArrayList<>();
        layers.forEach(l -> names.add(l.name()));
        excluded.forEach(l -> names.add(l.name()));
        ModelProto model = WeightRandomizer.randomize(graph, groups, names, layerNames, seed);
        byte[] bytes = model.toByteArray();
        ModelFileReader.ModelFile mf = new ModelFileReader.ModelFile(info.path(), ModelFileReader.sha256(bytes), model);
        OnnxNetwork copy = build(mf, options, graph.label() + " (re-randomized: " + String.join(", ",
                new LinkedHashSet<>(layerNames)) + ")");
        if (!copy.layers.equals(layers) || !copy.excluded.equals(excluded)) {
            throw new IllegalStateException(graph.label() + ": re-randomizing weights changed the layers");
        }
        return copy;
    }

    /** Marks the network closed; it holds no native resources itself. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    /** @return the network described for debugging: path and layer names */
    @Override
    public String toString() {
        return "OnnxNetwork[" + info.path() + ": " + String.join(", ", layers.stream().map(Layer::name).toList()) + "]";
    }

    private static String producer(ModelFileReader.ModelFile mf) {
        return (mf.model().getProducerName() + " " + mf.model().getProducerVersion()).trim();
    }

    private static Optional<String> preprocessing(ModelFileReader.ModelFile mf) {
        return mf.model().getMetadataPropsList().stream().filter(e -> e.getKey().equals(ModelInfo.PREPROCESSING_KEY))
                .map(StringStringEntryProto::getValue).findFirst();
    }
}
