package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.koopcredit.model.Block;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.BlockKind;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Layer;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.onnx.GraphBuilder.Naming;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled models (two on MNIST, the residual network on Fashion-MNIST): their blocks, and blocks composed
 * on real test images.
 */
class BundledModelsTest {

    static final Path LENET = Path.of("models/lenet5-mnist.onnx");
    static final Path MLP81 = Path.of("models/mlp81-mnist.onnx");
    static final Path IMAGES = Path.of("data/mnist/t10k-images-idx3-ubyte.gz");
    static final Path LABELS = Path.of("data/mnist/t10k-labels-idx1-ubyte.gz");
    static final Path RESNET = Path.of("models/resnet14-fashion.onnx");
    static final Path FASHION_IMAGES = Path.of("data/fashion-mnist/t10k-images-idx3-ubyte.gz");
    static final Path FASHION_LABELS = Path.of("data/fashion-mnist/t10k-labels-idx1-ubyte.gz");

    /** Test digits used: enough for a meaningful comparison, few enough to keep the test fast. */
    static final int DIGITS = 500;
    static final int SIDE = 28;
    /** The MLP's preprocessing: max-pool 3x3, stride 3, floor mode (rows/cols 0..26). */
    static final int POOL = 3;

    private static void assumeBundled(Path model) {
        assumeTrue(Files.exists(model) && Files.exists(IMAGES), model + " or the MNIST digits are not here yet");
    }

    /** Reads the first {@code n} digits of the bundled MNIST test images, pixels scaled by 1/255. */
    private static float[] digits(int n) throws IOException {
        return images(IMAGES, n);
    }

    /** Reads the first {@code n} images of an IDX image file, pixels scaled by 1/255. */
    private static float[] images(Path file, int n) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            DataInputStream d = new DataInputStream(in);
            assertEquals(0x803, d.readInt(), "IDX magic of a uint8 3-D array");
            assertTrue(d.readInt() >= n);
            assertEquals(SIDE, d.readInt());
            assertEquals(SIDE, d.readInt());
            byte[] px = new byte[n * SIDE * SIDE];
            d.readFully(px);
            float[] out = new float[px.length];
            for (int i = 0; i < px.length; i++) {
                out[i] = (px[i] & 0xff) / 255f;
            }
            return out;
        }
    }

    private static int[] labels(int n) throws IOException {
        return labels(LABELS, n);
    }

    private static int[] labels(Path file, int n) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            DataInputStream d = new DataInputStream(in);
            assertEquals(0x801, d.readInt());
            d.readInt();
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = d.readUnsignedByte();
            }
            return out;
        }
    }

    private static float[] maxPool(float[] images, int n) {
        int side = SIDE / POOL;
        float[] out = new float[n * side * side];
        for (int s = 0; s < n; s++) {
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < POOL; i++) {
                        for (int j = 0; j < POOL; j++) {
                            m = Math.max(m, images[s * SIDE * SIDE + (r * POOL + i) * SIDE + c * POOL + j]);
                        }
                    }
                    out[s * side * side + r * side + c] = m;
                }
            }
        }
        return out;
    }

    /** Composes the blocks on the samples; checks against the full model and the activations. */
    private static double[] composeAndCheck(Path model, OnnxNetwork net, float[] x, int... dims) throws Exception {
        float[] reference = ReferenceRunner.run(model, x, DIGITS, dims);
        try (PartitionedNetwork pn = net.compile(net.partition(null))) {
            BlockActivations acts = pn.activations(x, DIGITS);
            double[] h = acts.input(0);
            for (int i = 0; i < acts.blockCount(); i++) {
                h = pn.block(i).apply(h, DIGITS);
                assertTrue(ReferenceRunner.maxAbsDiff(h, acts.output(i)) <= BlockCompositionTest.TOLERANCE);
            }
            double diff = ReferenceRunner.maxAbsDiff(h, reference);
            assertTrue(diff <= BlockCompositionTest.TOLERANCE, model + ": blocks composed differ by " + diff);
            return h;
        }
    }

    private static double accuracy(double[] logits, int[] labels) {
        int right = 0;
        for (int s = 0; s < labels.length; s++) {
            int best = 0;
            for (int k = 1; k < 10; k++) {
                if (logits[s * 10 + k] > logits[s * 10 + best]) {
                    best = k;
                }
            }
            right += best == labels[s] ? 1 : 0;
        }
        return right / (double) labels.length;
    }

    @Test
    void lenet5() throws Exception {
        assumeBundled(LENET);
        try (OnnxNetwork net = OnnxNetwork.load(LENET)) {
            assertEquals(OnnxNetworkStructureTest.LENET_LAYERS, net.layers().stream().map(Layer::name).toList());
            assertTrue(net.excluded().isEmpty(), "the bundled LeNet-5 ends in logits");
            BlockPartition p = net.partition(null);
            int[] widths = {784, 4704, 1176, 1600, 400, 120, 84, 10};
            List<BlockKind> kinds = List.of(BlockKind.S2L, BlockKind.L2S, BlockKind.S2L, BlockKind.L2S, BlockKind.L2S,
                    BlockKind.L2S, BlockKind.L2S);
            for (int i = 0; i < 7; i++) {
                Block b = p.block(i);
                assertEquals(widths[i], b.nIn());
                assertEquals(widths[i + 1], b.nOut());
                assertEquals(kinds.get(i), b.kind());
            }
            assertEquals(61706, p.blocks().stream().mapToLong(Block::params).sum());
            assertEquals("scale", net.info().preprocessing().orElseThrow());
            assertEquals(13, net.info().opset());
            double[] logits = composeAndCheck(LENET, net, digits(DIGITS), 1, SIDE, SIDE);
            assertTrue(accuracy(logits, labels(DIGITS)) > 0.9, "the digits are read right");
        }
    }

    @Test
    void generatedPyTorchStyleLenetGivesTheSameBlocksAsTheBundledOne(@TempDir Path dir) {
        assumeBundled(LENET);
        for (Naming naming : Naming.values()) {
            try (OnnxNetwork bundled = OnnxNetwork.load(LENET);
                 OnnxNetwork generated = OnnxNetwork.load(TestModels.lenet(dir, naming))) {
                BlockPartition a = bundled.partition(null);
                BlockPartition b = generated.partition(null);
                assertEquals(a.size(), b.size());
                for (int i = 0; i < a.size(); i++) {
                    Block x = a.block(i);
                    Block y = b.block(i);
                    assertEquals(List.of(x.name(), x.inputShape(), x.outputShape(), x.kind(), x.params()),
                            List.of(y.name(), y.inputShape(), y.outputShape(), y.kind(), y.params()), naming.name());
                }
                assertEquals(List.of("Softmax"), b.excluded().get(0).ops(), "the generated one's Softmax is excluded");
            }
        }
    }

    @Test
    void mlp81() throws Exception {
        assumeBundled(MLP81);
        try (OnnxNetwork net = OnnxNetwork.load(MLP81)) {
            assertEquals(List.of("dense1", "dense2", "dense3", "dense4"), net.layers().stream().map(Layer::name).toList());
            BlockPartition p = net.partition(null);
            int[] widths = {81, 128, 64, 24, 10};
            for (int i = 0; i < 4; i++) {
                assertEquals(widths[i], p.block(i).nIn());
                assertEquals(widths[i + 1], p.block(i).nOut());
            }
            assertEquals(20562, p.blocks().stream().mapToLong(Block::params).sum());
            assertEquals("pool=3", net.info().preprocessing().orElseThrow());
            double[] logits = composeAndCheck(MLP81, net, maxPool(digits(DIGITS), DIGITS), 81);
            assertTrue(accuracy(logits, labels(DIGITS)) > 0.85, "the digits are pooled right");
        }
    }

    @Test
    void resnet14HasOneBlockPerResidualUnit() throws Exception {
        assumeTrue(Files.exists(RESNET) && Files.exists(FASHION_IMAGES), "the residual network is not here yet");
        try (OnnxNetwork net = OnnxNetwork.load(RESNET)) {
            BlockPartition p = net.partition(null);
            assertEquals(List.of("stem", "unit1_conv1+unit1_conv2", "unit2_conv1+unit2_conv2",
                    "unit3_proj-unit3_conv2", "unit4_conv1+unit4_conv2", "unit5_proj-unit5_conv2",
                    "unit6_conv1+unit6_conv2", "pool1", "head"), p.blocks().stream().map(Block::name).toList());
            int[] widths = {784, 1568, 1568, 1568, 784, 784, 512, 512, 32, 10};
            for (int i = 0; i < p.size(); i++) {
                assertEquals(widths[i], p.block(i).nIn(), p.block(i).name());
                assertEquals(widths[i + 1], p.block(i).nOut(), p.block(i).name());
            }
            assertEquals(List.of("Conv", "Add", "Relu"), p.block(1).layers().get(1).ops(), "the residual Add");
            assertEquals(List.of("Conv"), p.block(3).layers().get(0).ops(), "the projection shortcut");
            assertEquals(List.of("ReduceMean"), p.block(7).ops(), "x.mean((2, 3)) is a pool of its own");
            assertEquals(BlockKind.S2L, p.block(0).kind());
            assertEquals(BlockKind.E2E, p.block(1).kind());
            assertEquals(BlockKind.L2S, p.block(3).kind());
            for (int j = 0; j + 1 < net.layers().size(); j++) {
                String layer = net.layers().get(j).name();
                boolean insideUnit = layer.startsWith("unit") && !layer.endsWith("_conv2");
                assertEquals(insideUnit, net.cutProblem(j).isPresent(), "cut after " + layer);
            }
            assertEquals("scale", net.info().preprocessing().orElseThrow());
            assertEquals(13, net.info().opset());
            double[] logits = composeAndCheck(RESNET, net, images(FASHION_IMAGES, DIGITS), 1, SIDE, SIDE);
            assertTrue(accuracy(logits, labels(FASHION_LABELS, DIGITS)) > 0.8, "the images are read right");
        }
    }
}
