package io.koopcredit.testing;

import io.koopcredit.linalg.Linalg;
import io.koopcredit.linalg.Matrix;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.BlockFunction;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.ConvKernel;
import io.koopcredit.model.Convolution;
import io.koopcredit.model.Layer;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.ModelInfo;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.Precision;
import io.koopcredit.model.ResidualUnit;
import io.koopcredit.model.TensorShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A network of plain Java layers, one block per layer, for tests that need known answers without ONNX.
 * Layers may compute in double precision ({@code float32 = false}) or, like an ONNX model, see their
 * input and give their output rounded to float32.
 */
public final class JavaNetwork implements Network {

    /**
     * One layer.
     *
     * @param name layer name
     * @param type layer type
     * @param in input shape
     * @param out output shape
     * @param fn the function on one sample
     * @param float32 whether inputs and outputs are rounded to float32 (when compiled for float32)
     */
    public record JavaLayer(String name, LayerType type, TensorShape in, TensorShape out, UnaryOperator<double[]> fn,
                            boolean float32) {
    }

    private final List<JavaLayer> layers;
    private final ModelInfo info;

    /** @param layers the chain, in order */
    public JavaNetwork(List<JavaLayer> layers) {
        this.layers = List.copyOf(layers);
        this.info = new ModelInfo(Path.of("java-network"), "0".repeat(64), "test", 0, layers.get(0).in(),
                layers.get(layers.size() - 1).out(), Optional.empty());
    }

    /** f(x) = W·x in double precision. */
    public static JavaLayer linear(String name, Matrix w) {
        return new JavaLayer(name, LayerType.DENSE, TensorShape.of(w.cols()), TensorShape.of(w.rows()),
                x -> Linalg.multiply(w, x), false);
    }

    /** f(x) = relu(W·x + b), seeing x in float32 like an ONNX layer. */
    public static JavaLayer relu(String name, Matrix w, double[] b) {
        return new JavaLayer(name, LayerType.DENSE, TensorShape.of(w.cols()), TensorShape.of(w.rows()), x -> {
            double[] y = Linalg.multiply(w, x);
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.max(0, y[i] + b[i]);
            }
            return y;
        }, true);
    }

    /** f(x) = factor·x. */
    public static JavaLayer scale(String name, int n, double factor) {
        return new JavaLayer(name, LayerType.OTHER, TensorShape.of(n), TensorShape.of(n), x -> {
            double[] y = x.clone();
            for (int i = 0; i < y.length; i++) {
                y[i] *= factor;
            }
            return y;
        }, false);
    }

    /** Any function, with explicit shapes. */
    public static JavaLayer of(String name, LayerType type, TensorShape in, TensorShape out, boolean float32,
                               UnaryOperator<double[]> fn) {
        return new JavaLayer(name, type, in, out, fn, float32);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public List<Layer> layers() {
        // A Java layer is read as a dense map whose output is rounded: √nIn + 1 (see Layer#roundingGrowth).
        return layers.stream().map(l -> new Layer(l.name(), l.type(), List.of("Java"), l.in(), l.out(), 0,
                Math.sqrt(l.in().size()) + 1)).toList();
    }

    @Override
    public List<Layer> excluded() {
        return List.of();
    }

    @Override
    public BlockPartition partition(String spec) {
        if (spec != null) {
            throw new UnsupportedOperationException("JavaNetwork has one block per layer only");
        }
        List<Block> blocks = new ArrayList<>();
        List<Layer> ls = layers();
        for (int i = 0; i < ls.size(); i++) {
            blocks.add(new Block(i, ls.get(i).name(), List.of(ls.get(i))));
        }
        return new BlockPartition(blocks, List.of());
    }

    /**
     * {@inheritDoc} Layers marked float32 round their inputs and outputs to float32 when compiled for
     * float32 (like an ONNX layer) and compute in double when compiled for float64; the other layers always
     * compute in double. The activations are those of the float32 compilation, like an ONNX network's.
     */
    @Override
    public PartitionedNetwork compile(BlockPartition partition, Precision precision, boolean fallBack) {
        List<BlockFunction> fns = new ArrayList<>();
        List<BlockFunction> network = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            fns.add(function(partition.block(i), layers.get(i), precision));
            network.add(function(partition.block(i), layers.get(i), Precision.FLOAT32));
        }
        return new PartitionedNetwork() {
            @Override
            public BlockPartition partition() {
                return partition;
            }

            @Override
            public BlockFunction block(int i) {
                return fns.get(i);
            }

            @Override
            public BlockActivations activations(float[] samples, int count) {
                List<double[]> boundaries = new ArrayList<>();
                double[] x = new double[samples.length];
                for (int k = 0; k < samples.length; k++) {
                    x[k] = samples[k];
                }
                boundaries.add(x);
                for (BlockFunction f : network) {
                    x = f.apply(x, count);
                    boundaries.add(x);
                }
                return new BlockActivations(count, boundaries);
            }

            @Override
            public void close() {
            }
        };
    }

    private static BlockFunction function(Block block, JavaLayer layer, Precision precision) {
        boolean rounded = layer.float32() && precision == Precision.FLOAT32;
        return new BlockFunction() {
            @Override
            public Block block() {
                return block;
            }

            @Override
            public double[] apply(double[] inputs, int count) {
                int nIn = block.nIn();
                int nOut = block.nOut();
                if (inputs.length != count * nIn) {
                    throw new IllegalArgumentException("expected " + count * nIn + " inputs, found " + inputs.length);
                }
                double[] out = new double[count * nOut];
                for (int s = 0; s < count; s++) {
                    double[] x = new double[nIn];
                    for (int i = 0; i < nIn; i++) {
                        double v = inputs[s * nIn + i];
                        x[i] = rounded ? (float) v : v;
                    }
                    double[] y = layer.fn().apply(x);
                    for (int i = 0; i < nOut; i++) {
                        out[s * nOut + i] = rounded ? (float) y[i] : y[i];
                    }
                }
                return out;
            }

            @Override
            public Precision precision() {
                return rounded ? Precision.FLOAT32 : Precision.FLOAT64;
            }
        };
    }

    /**
     * Replaces each named layer by a linear map with i.i.d. N(0, 1/nIn) weights drawn from
     * {@code Seeds.generator(seed, layer position, 0)}: a Java layer has no weight tensors to re-draw, so
     * the whole function is replaced (its non-linearity too).
     */
    @Override
    public Network withRandomizedLayers(List<String> layerNames, long seed) {
        List<JavaLayer> out = new ArrayList<>(layers);
        for (String name : layerNames) {
            int i = layers.stream().map(JavaLayer::name).toList().indexOf(name);
            if (i < 0) {
                throw new io.koopcredit.base.InputException("layer '" + name + "': no such layer");
            }
            JavaLayer l = layers.get(i);
            double[] w = new double[l.in().size() * l.out().size()];
            io.koopcredit.base.Seeds.fillGaussian(io.koopcredit.base.Seeds.generator(seed, i, 0), w);
            Matrix g = Matrix.wrap(l.out().size(), l.in().size(), w).scale(1.0 / Math.sqrt(l.in().size()));
            out.set(i, new JavaLayer(l.name(), l.type(), l.in(), l.out(), x -> Linalg.multiply(g, x), l.float32()));
        }
        return new JavaNetwork(out);
    }

    /** Runs the chain in the precision of each layer's float32 compilation, like {@link PartitionedNetwork#activations}. */
    @Override
    public double[] outputs(float[] samples, int count) {
        try (PartitionedNetwork pn = compile(partition(null))) {
            return pn.activations(samples, count).output(layers.size() - 1);
        }
    }

    /** A Java network has no convolutions. */
    @Override
    public List<Convolution> convolutions(BlockPartition partition) {
        return List.of();
    }

    /** A Java network has no convolutions. */
    @Override
    public List<double[]> featureMapActivity(float[] samples, int count) {
        return List.of();
    }

    /** A Java network has no residual units. */
    @Override
    public Optional<ResidualUnit> residualUnit(Block block) {
        return Optional.empty();
    }

    @Override
    public ResidualUnit requireResidualUnit(Block block) {
        throw new io.koopcredit.base.InputException("block '" + block.name() + "' is not a residual unit: a Java test"
                + " network has none");
    }

    @Override
    public Network withUnitLesion(Block block) {
        throw new io.koopcredit.base.InputException(requireResidualUnit(block).block());
    }

    /** Zeroes nothing (there are no kernels): an empty request gives an equal network, any other fails. */
    @Override
    public Network withZeroedKernels(Collection<ConvKernel> kernels) {
        if (!kernels.isEmpty()) {
            throw new IllegalArgumentException("a Java test network has no convolution kernels: " + kernels);
        }
        return new JavaNetwork(layers);
    }

    @Override
    public void close() {
    }
}
