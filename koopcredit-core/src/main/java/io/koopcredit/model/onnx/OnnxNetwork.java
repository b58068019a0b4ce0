package io.koopcredit.model.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.koopcredit.base.InputException;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.ConvKernel;
import io.koopcredit.model.Convolution;
import io.koopcredit.model.Layer;
import io.koopcredit.model.ModelInfo;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.Precision;
import io.koopcredit.model.ResidualUnit;
import io.koopcredit.model.TensorShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
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
    private final List<Convolutions.Found> convolutions;
    private volatile boolean closed;

    private OnnxNetwork(OnnxGraph graph, LoadOptions options, ModelInfo info, List<LayerGroup> groups,
                        List<Layer> layers, List<Layer> excluded, List<Optional<String>> cuts,
                        Map<String, long[]> rewriteShapes, List<Convolutions.Found> convolutions) {
        this.graph = graph;
        this.options = options;
        this.info = info;
        this.groups = List.copyOf(groups);
        this.layers = List.copyOf(layers);
        this.excluded = List.copyOf(excluded);
        this.cuts = List.copyOf(cuts);
        this.rewriteShapes = Map.copyOf(rewriteShapes);
        this.convolutions = List.copyOf(convolutions);
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
        List<Convolutions.Found> convolutions = Convolutions.find(graph, grouping.credited());
        Set<String> maps = new LinkedHashSet<>();
        convolutions.forEach(c -> maps.add(c.featureMap()));
        if (!maps.stream().allMatch(shapes::saw)) {
            probed.addAll(boundaries);
            probed.addAll(maps);
            shapes = ShapeProbe.probe(graph, probed, options);
        }
        List<Convolutions.Found> sized = new ArrayList<>();
        for (Convolutions.Found c : convolutions) {
            sized.add(c.withMapSize(shapes.sampleShape(c.featureMap(), "feature map of a convolution").size()));
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
                layers.subList(credited, layers.size()), cuts, rewriteShapes, sized);
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
            return new OnnxPartitionedNetwork(graph.label(), partition, functions, full, passBatch(partition));
        } catch (RuntimeException e) {
            functions.forEach(OrtBlockFunction::close);
            if (full != null) {
                full.close();
            }
            throw e;
        }
    }

    /**
     * Bytes of float32 activations one run of the full network should hand over at most: 64 MiB keeps the
     * runs' native buffers small beside any memory budget and still amortises ONNX Runtime's per-run cost
     * (LeNet-5 runs its 256-sample chunks, ResNet-18 8 samples).
     */
    static final long PASS_BYTES = 64L << 20;

    /**
     * @return samples per run of the full network: the model's fixed batch if it has one, else as many as fit
     *     {@link #PASS_BYTES} of boundary activations (input and every block output), at most
     *     {@link LoadOptions#maxBatch()}; a function of the model alone
     */
    @Override
    public int passBatch(BlockPartition partition) {
        if (graph.fixedBatch() > 0) {
            return (int) graph.fixedBatch();
        }
        long perSample = partition.block(0).nIn();
        for (Block b : partition.blocks()) {
            perSample += b.nOut();
        }
        return (int) Math.max(1, Math.min(options.maxBatch(), PASS_BYTES / (4 * perSample)));
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

    @Override
    public double[] outputs(float[] samples, int count) {
        requireOpen();
        Layer last = layers.get(layers.size() - 1);
        String tensor = groups.get(layers.size() - 1).outputTensor();
        requireSamples(samples, count);
        double[][] into = {new double[Math.multiplyExact(count, last.nOut())]};
        try (OrtRunner runner = fullRunner(List.of(tensor), new int[] {last.nOut()})) {
            runner.run(samples, count, into);
        }
        for (int k = 0; k < into[0].length; k++) {
            if (!Double.isFinite(into[0][k])) {
                throw new InputException(graph.label() + ": the network's output (tensor '" + tensor + "') is "
                        + into[0][k] + " for sample " + k / last.nOut() + " of " + count + "; expected finite values"
                        + " (the network overflows or divides by zero on this input)");
            }
        }
        return into[0];
    }

    @Override
    public List<Convolution> convolutions(BlockPartition partition) {
        requirePartition(partition);
        return Convolutions.describe(graph, groups, names(), convolutions, partition);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Runs one session exposing every feature map, on chunks of at most {@code maxBatch} samples, and
     * accumulates the sums in double precision in sample order.
     */
    @Override
    public List<double[]> featureMapActivity(float[] samples, int count) {
        requireOpen();
        requireSamples(samples, count);
        if (convolutions.isEmpty()) {
            return List.of();
        }
        List<String> maps = convolutions.stream().map(Convolutions.Found::featureMap).toList();
        int[] sizes = convolutions.stream().mapToInt(Convolutions.Found::mapSize).toArray();
        double[][] sums = new double[maps.size()][];
        for (int k = 0; k < maps.size(); k++) {
            sums[k] = new double[convolutions.get(k).channels()];
        }
        int chunk = graph.fixedBatch() > 0 ? (int) graph.fixedBatch() : options.maxBatch();
        int in = inputSize();
        try (OrtRunner runner = fullRunner(maps, sizes)) {
            for (int done = 0; done < count; done += chunk) {
                int n = Math.min(chunk, count - done);
                double[][] into = new double[maps.size()][];
                for (int k = 0; k < maps.size(); k++) {
                    into[k] = new double[n * sizes[k]];
                }
                runner.run(java.util.Arrays.copyOfRange(samples, done * in, (done + n) * in), n, into);
                for (int k = 0; k < maps.size(); k++) {
                    int c = convolutions.get(k).channels();
                    int map = sizes[k] / c;
                    for (int j = 0; j < n; j++) {
                        for (int ch = 0; ch < c; ch++) {
                            int base = j * sizes[k] + ch * map;
                            for (int v = 0; v < map; v++) {
                                sums[k][ch] += Math.abs(into[k][base + v]);
                            }
                        }
                    }
                }
            }
        }
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < maps.size(); k++) {
            double per = (double) count * (sizes[k] / convolutions.get(k).channels());
            double[] mean = sums[k].clone();
            for (int ch = 0; ch < mean.length; ch++) {
                mean[ch] /= per;
            }
            out.add(mean);
        }
        return out;
    }

    @Override
    public Optional<ResidualUnit> residualUnit(Block block) {
        return Optional.ofNullable(detect(block).unit());
    }

    @Override
    public ResidualUnit requireResidualUnit(Block block) {
        ResidualUnits.Detection d = detect(block);
        if (d.unit() == null) {
            throw new InputException(graph.label() + ": block '" + block.name() + "' is not a residual unit: "
                    + d.problem());
        }
        return d.unit();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The copy is built from an in-memory model (see {@code NetworkSurgery#bypass}); its {@link ModelInfo}
     * keeps this network's path and gives the SHA-256 of the modified model.
     */
    @Override
    public Network withUnitLesion(Block block) {
        requireOpen();
        requireResidualUnit(block);
        ResidualUnits.Detection d = detect(block);
        ModelProto model = NetworkSurgery.bypass(graph, d.add(), d.shortcut());
        return copy(model, "unit " + block.name() + " lesioned");
    }

    /**
     * {@inheritDoc}
     *
     * <p>The copy is built from an in-memory model (see {@code NetworkSurgery#zeroChannels}); its
     * {@link ModelInfo} keeps this network's path and gives the SHA-256 of the modified model.
     */
    @Override
    public Network withZeroedKernels(Collection<ConvKernel> kernels) {
        requireOpen();
        Objects.requireNonNull(kernels, "kernels");
        List<String> names = names();
        Map<String, Set<Integer>> channels = new HashMap<>();
        Map<String, String> biases = new HashMap<>();
        for (ConvKernel k : kernels) {
            Convolutions.Found f = convolutions.stream().filter(c -> names.get(c.layer()).equals(k.layer())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(graph.label() + ": no convolution in layer '"
                            + k.layer() + "'"));
            if (k.channel() >= f.channels()) {
                throw new IllegalArgumentException(graph.label() + ": convolution " + k.layer() + " has "
                        + f.channels() + " channels, found channel " + k.channel());
            }
            channels.computeIfAbsent(f.weight(), w -> new TreeSet<>()).add(k.channel());
            biases.put(f.weight(), f.bias());
        }
        Network copy = copy(NetworkSurgery.zeroChannels(graph, channels, biases), kernels.size() + " kernels zeroed");
        if (!copy.layers().equals(layers) || !copy.excluded().equals(excluded)) {
            copy.close();
            throw new IllegalStateException(graph.label() + ": zeroing kernels changed the layers");
        }
        return copy;
    }

    private OnnxNetwork copy(ModelProto model, String what) {
        byte[] bytes = model.toByteArray();
        ModelFileReader.ModelFile mf = new ModelFileReader.ModelFile(info.path(), ModelFileReader.sha256(bytes), model);
        return build(mf, options, graph.label() + " (" + what + ")");
    }

    private ResidualUnits.Detection detect(Block block) {
        requireOpen();
        int first = names().indexOf(block.layers().get(0).name());
        if (first < 0 || first + block.layers().size() > layers.size()
                || !layers.subList(first, first + block.layers().size()).equals(block.layers())) {
            throw new IllegalArgumentException("block " + block.name() + " is not a block of " + graph.label());
        }
        return ResidualUnits.detect(graph, groups, names(), first, first + block.layers().size() - 1, block.name(),
                block.index());
    }

    /** @return a session over the full model fetching the given tensors, of the given sizes per sample */
    private OrtRunner fullRunner(List<String> tensors, int[] sizes) {
        byte[] model = tensors.equals(List.of(graph.output())) ? graph.model().toByteArray()
                : SubModelExtractor.exposing(graph, tensors);
        return new OrtRunner(graph.label(), model, graph.input(), graph.sampleDims(), tensors, sizes,
                graph.fixedBatch(), options, Precision.FLOAT32);
    }

    private int inputSize() {
        int size = 1;
        for (int d : graph.sampleDims()) {
            size *= d;
        }
        return size;
    }

    private void requireSamples(float[] samples, int count) {
        Objects.requireNonNull(samples, "samples");
        if (count < 1 || (long) count * inputSize() != samples.length) {
            throw new IllegalArgumentException(graph.label() + ": expected " + count + " samples of " + inputSize()
                    + " values, found " + samples.length + " values");
        }
    }

    private void requirePartition(BlockPartition partition) {
        Objects.requireNonNull(partition, "partition");
        List<Layer> covered = partition.blocks().stream().flatMap(b -> b.layers().stream()).toList();
        if (!covered.equals(layers)) {
            throw new IllegalArgumentException("the partition was not made by this network (" + graph.label() + ")");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(graph.label() + ": the network is closed");
        }
    }

    /** @return the names of every layer, credited then excluded (the order of {@code groups}) */
    private List<String> names() {
        List<String> names = new ArrayList<>();
        layers.forEach(l -> names.add(l.name()));
        excluded.forEach(l -> names.add(l.name()));
        return names;
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
