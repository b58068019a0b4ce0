package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.koopcredit.base.InputException;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockKind;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Layer;
import io.koopcredit.model.LayerType;
import io.koopcredit.model.TensorShape;
import io.koopcredit.model.onnx.GraphBuilder.Naming;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Layers, names, shapes, parameters, safe cuts and partitions of generated models. */
class OnnxNetworkStructureTest {

    static final List<String> LENET_LAYERS = List.of("conv1", "pool1", "conv2", "pool2", "dense1", "dense2", "dense3");

    @TempDir
    Path dir;

    private static List<String> names(List<Layer> layers) {
        return layers.stream().map(Layer::name).toList();
    }

    @ParameterizedTest
    @EnumSource(Naming.class)
    void lenetGivesTheBundledBlocksWhateverTheNodeNames(Naming naming) {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.lenet(dir, naming))) {
            assertEquals(LENET_LAYERS, names(net.layers()));
            BlockPartition p = net.partition(null);
            assertEquals(7, p.size());
            int[][] widths = {{784, 4704}, {4704, 1176}, {1176, 1600}, {1600, 400}, {400, 120}, {120, 84}, {84, 10}};
            BlockKind[] kinds = {BlockKind.S2L, BlockKind.L2S, BlockKind.S2L, BlockKind.L2S, BlockKind.L2S,
                BlockKind.L2S, BlockKind.L2S};
            for (int i = 0; i < 7; i++) {
                Block b = p.block(i);
                assertEquals(LENET_LAYERS.get(i), b.name());
                assertEquals(widths[i][0], b.nIn(), b.name());
                assertEquals(widths[i][1], b.nOut(), b.name());
                assertEquals(kinds[i], b.kind(), b.name());
            }
            assertEquals(TensorShape.of(6, 28, 28), p.block(0).outputShape());
            assertEquals(TensorShape.of(16, 5, 5), p.block(3).outputShape());
            assertEquals(List.of("Conv", "Relu"), p.block(0).ops());
            assertEquals(List.of("MaxPool"), p.block(1).ops());
            assertEquals(List.of("Reshape", "Gemm", "Relu"), p.block(4).ops());
            assertEquals(List.of("Gemm"), p.block(6).ops());
            long[] params = {156, 0, 2416, 0, 48120, 10164, 850};
            for (int i = 0; i < 7; i++) {
                assertEquals(params[i], p.block(i).params(), p.block(i).name());
            }
            List<LayerType> types = net.layers().stream().map(Layer::type).toList();
            assertEquals(List.of(LayerType.CONV, LayerType.POOL, LayerType.CONV, LayerType.POOL, LayerType.DENSE,
                    LayerType.DENSE, LayerType.DENSE), types);
            assertEquals(1, net.excluded().size());
            Layer softmax = net.excluded().get(0);
            assertEquals("softmax1", softmax.name());
            assertEquals(LayerType.SOFTMAX, softmax.type());
            assertEquals(List.of("Softmax"), softmax.ops());
            assertEquals(p.excluded(), net.excluded());
        }
    }

    @Test
    void keepSoftmaxMakesItAFollowerOfTheLastLayer() {
        Path model = TestModels.lenet(dir, Naming.PYTORCH);
        try (OnnxNetwork net = OnnxNetwork.load(model, LoadOptions.defaults().withKeepSoftmax(true))) {
            assertEquals(LENET_LAYERS, names(net.layers()));
            assertTrue(net.excluded().isEmpty());
            assertEquals(List.of("Gemm", "Softmax"), net.layers().get(6).ops());
            assertEquals(10, net.layers().get(6).nOut());
        }
    }

    @Test
    void modelInfoHasHashOpsetShapesAndPreprocessing() throws Exception {
        Path model = TestModels.lenet(dir, Naming.PYTORCH);
        try (OnnxNetwork net = OnnxNetwork.load(model)) {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model)));
            assertEquals(sha, net.info().sha256());
            assertEquals(model, net.info().path());
            assertEquals(GraphBuilder.OPSET, net.info().opset());
            assertEquals("koopcredit-tests 1", net.info().producer());
            assertEquals(TensorShape.of(1, 28, 28), net.info().inputShape());
            assertEquals(TensorShape.of(10), net.info().outputShape());
            assertEquals("scale", net.info().preprocessing().orElseThrow());
        }
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.mlp81(dir, GraphBuilder.DYNAMIC))) {
            assertTrue(net.info().preprocessing().isEmpty());
        }
    }

    @Test
    void mlp81HasFourDenseLayers() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.mlp81(dir, GraphBuilder.DYNAMIC))) {
            assertEquals(List.of("dense1", "dense2", "dense3", "dense4"), names(net.layers()));
            BlockPartition p = net.partition("");
            int[] widths = {81, 128, 64, 24, 10};
            for (int i = 0; i < 4; i++) {
                assertEquals(widths[i], p.block(i).nIn());
                assertEquals(widths[i + 1], p.block(i).nOut());
            }
            assertTrue(net.excluded().isEmpty());
        }
    }

    @Test
    void specJoinsLayersAndNamesBlocksAsWritten() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.lenet(dir, Naming.AUTO))) {
            BlockPartition p = net.partition("conv1+pool1, conv2+pool2 ,dense1-dense3");
            assertEquals(List.of("conv1+pool1", "conv2+pool2", "dense1-dense3"),
                    p.blocks().stream().map(Block::name).toList());
            assertEquals(784, p.block(0).nIn());
            assertEquals(1176, p.block(0).nOut());
            assertEquals(BlockKind.S2L, p.block(0).kind());
            assertEquals(400, p.block(2).nIn());
            assertEquals(10, p.block(2).nOut());
            assertEquals(48120 + 10164 + 850, p.block(2).params());
            InputException e = assertThrows(InputException.class, () -> net.partition("conv1+dense1"));
            assertEquals("blocks 'conv1+dense1': layers conv1 and dense1 are not consecutive; layers are conv1,"
                    + " pool1, conv2, pool2, dense1, dense2, dense3", e.getMessage());
        }
    }

    @Test
    void residualMergeRegionStaysInOneBlock() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.residual(dir))) {
            assertEquals(List.of("dense1", "dense2", "dense3", "dense4"), names(net.layers()));
            assertEquals(List.of("Gemm", "Add", "Relu"), net.layers().get(2).ops());
            assertTrue(net.cutProblem(0).isEmpty());
            assertTrue(net.cutProblem(1).orElseThrow().contains("dense1"), net.cutProblem(1).orElseThrow());
            assertTrue(net.cutProblem(2).isEmpty());
            BlockPartition p = net.partition(null);
            assertEquals(List.of("dense1", "dense2+dense3", "dense4"), p.blocks().stream().map(Block::name).toList());
            InputException e = assertThrows(InputException.class, () -> net.partition("dense1,dense2,dense3,dense4"));
            assertTrue(e.getMessage().startsWith("blocks 'dense1,dense2,dense3,dense4': cannot cut between dense2"
                    + " and dense3: tensor '"), e.getMessage());
            assertTrue(e.getMessage().endsWith("safe cuts are after dense1, dense3"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertEquals(2, net.partition("dense1-dense3,dense4").size());
            assertEquals(1, net.partition("dense1-dense4").size());
        }
    }

    @ParameterizedTest
    @EnumSource(TestModels.PoolStyle.class)
    void aGlobalPoolIsAPoolingLayerOfItsOwn(TestModels.PoolStyle style) {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.globalPool(dir, style))) {
            assertEquals(List.of("conv1", "unit_a", "unit_b", "pool1", "fc"), names(net.layers()));
            assertEquals(List.of(LayerType.CONV, LayerType.CONV, LayerType.CONV, LayerType.POOL, LayerType.DENSE),
                    net.layers().stream().map(Layer::type).toList());
            assertEquals(List.of("Conv", "Add", "Relu"), net.layers().get(2).ops(), "the pool is not folded in");
            assertEquals(List.of(style.op()), net.layers().get(3).ops());
            assertEquals(style.keepsDims() ? List.of("Flatten", "Gemm") : List.of("Gemm"), net.layers().get(4).ops());
            BlockPartition p = net.partition(null);
            assertEquals(List.of("conv1", "unit_a+unit_b", "pool1", "fc"),
                    p.blocks().stream().map(Block::name).toList());
            Block unit = p.block(1);
            assertEquals(TensorShape.of(4, 8, 8), unit.outputShape(), "the last unit ends at the full grid");
            Block pool = p.block(2);
            assertEquals(256, pool.nIn());
            assertEquals(4, pool.nOut());
            assertEquals(style.keepsDims() ? TensorShape.of(4, 1, 1) : TensorShape.of(4), pool.outputShape());
            assertEquals(BlockKind.L2S, pool.kind());
            assertEquals(0, pool.params());
            assertEquals(2, net.partition("conv1-unit_b,pool1+fc").size(), "the pool joins a block when asked");
        }
    }

    @Test
    void anUndeclaredIntegerTensorStillGivesEveryBoundaryAndThePool() {
        // The Cast to int64 makes the probe that exposes every tensor fail (it declares them float), so the
        // shapes come from the probe of the required tensors: the pool's input first, then the boundaries.
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, 3);
        String x = b.input("input", GraphBuilder.DYNAMIC, 1, 4, 4);
        x = b.conv(x, "conv", 1, 2, 3, 1);
        x = b.node("Cast", null, List.of(x), GraphBuilder.intAttr("to", TensorProto.DataType.INT64_VALUE));
        x = b.node("Cast", null, List.of(x), GraphBuilder.intAttr("to", TensorProto.DataType.FLOAT_VALUE));
        x = b.unary("Relu", x);
        x = b.node("ReduceMean", null, List.of(x), GraphBuilder.ints("axes", 2, 3),
                GraphBuilder.intAttr("keepdims", 0));
        b.output(b.gemm(x, "fc", 2, 3));
        try (OnnxNetwork net = OnnxNetwork.load(b.save(dir, "int64-inside.onnx"))) {
            assertEquals(List.of("conv", "pool1", "fc"), names(net.layers()));
            assertEquals(List.of("Conv", "Cast", "Cast", "Relu"), net.layers().get(0).ops());
            assertEquals(TensorShape.of(2, 4, 4), net.layers().get(0).outputShape());
            assertEquals(TensorShape.of(2), net.layers().get(1).outputShape());
            assertEquals(3, net.partition(null).size());
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 64", "3, 32"})
    void aReductionOverOtherAxesStaysInItsLayer(long axis, int width) {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.partialReduction(dir, axis))) {
            assertEquals(List.of("conv1", "fc"), names(net.layers()));
            assertEquals(List.of("Conv", "Relu", "ReduceMean"), net.layers().get(0).ops());
            assertEquals(width, net.layers().get(0).nOut());
        }
    }

    @Test
    void shapeHelperReadingAnEarlierTensorBlocksTheCuts() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.shapeOfInput(dir))) {
            assertEquals(List.of("dense1", "dense2", "dense3"), names(net.layers()));
            assertEquals(List.of("Reshape", "Flatten", "Gemm"), net.layers().get(2).ops());
            assertTrue(net.cutProblem(0).orElseThrow().startsWith("the model input 'x' is also read by layer dense3"),
                    net.cutProblem(0).orElseThrow());
            assertTrue(net.cutProblem(1).isPresent());
            assertEquals(List.of("dense1-dense3"), net.partition(null).blocks().stream().map(Block::name).toList());
            InputException e = assertThrows(InputException.class, () -> net.partition("dense1+dense2,dense3"));
            assertTrue(e.getMessage().endsWith("; the network has no safe cut"), e.getMessage());
        }
    }

    @Test
    void followersAndReshapesJoinTheRightLayers() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.batchNorm(dir))) {
            assertEquals(List.of("conv", "pool", "fc"), names(net.layers()));
            assertEquals(List.of("Conv", "BatchNormalization", "Relu"), net.layers().get(0).ops());
            assertEquals(4 * 2 * 9 + 4 + 4 * 4, net.layers().get(0).params());
            assertEquals(List.of("Flatten", "Gemm"), net.layers().get(2).ops());
            assertEquals(TensorShape.of(4, 4, 4), net.layers().get(1).outputShape());
        }
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.dropout(dir))) {
            assertEquals(List.of(List.of("Gemm", "Dropout", "Relu"), List.of("Gemm", "Identity")),
                    net.layers().stream().map(Layer::ops).toList());
        }
        for (boolean reshape : new boolean[] {false, true}) {
            try (OnnxNetwork net = OnnxNetwork.load(TestModels.flattenOrReshape(dir, reshape))) {
                assertEquals(List.of("conv1", "pool1", "dense1"), names(net.layers()), "reshape=" + reshape);
                assertEquals(List.of(reshape ? "Reshape" : "Flatten", "Gemm"), net.layers().get(2).ops());
                assertEquals(36 * 7 + 7, net.layers().get(2).params(), "int64 shape is not a parameter");
                assertEquals(TensorShape.of(4, 3, 3), net.layers().get(2).inputShape());
            }
        }
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.sigmoidTanh(dir))) {
            assertEquals(List.of("dense1", "dense2", "dense3"), names(net.layers()));
            assertEquals(List.of("Gemm", "Sigmoid"), net.layers().get(0).ops());
        }
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.matMulAdd(dir))) {
            assertEquals(List.of("fc1", "fc2"), names(net.layers()));
            assertEquals(List.of("Flatten", "MatMul", "Add", "Relu"), net.layers().get(0).ops());
            assertEquals(TensorShape.of(3, 4), net.layers().get(0).inputShape());
            assertEquals(12 * 9 + 9, net.layers().get(0).params());
            assertEquals(List.of("LogSoftmax"), net.excluded().get(0).ops());
        }
    }

    @Test
    void initializersListedAsInputsAreNotDataInputs() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.initializersAsInputs(dir))) {
            assertEquals(List.of("dense1", "dense2"), names(net.layers()));
            assertEquals(5 * 7 + 7, net.layers().get(0).params());
        }
    }

    @Test
    void nameClashFallsBackToGeneratedNamesForTheWholeNetwork() {
        GraphBuilder b = new GraphBuilder(Naming.PYTORCH, 1);
        String x = b.input("x", GraphBuilder.DYNAMIC, 6);
        x = b.unary("Relu", b.gemm(x, "encoder/fc", 6, 5));
        x = b.unary("Relu", b.gemm(x, "decoder/fc", 5, 4));
        x = b.gemm(x, "head", 4, 2);
        b.output(x);
        try (OnnxNetwork net = OnnxNetwork.load(b.save(dir, "clash.onnx"))) {
            assertEquals(List.of("dense1", "dense2", "dense3"), names(net.layers()));
        }
        GraphBuilder c = new GraphBuilder(Naming.PYTORCH, 1);
        String y = c.input("x", GraphBuilder.DYNAMIC, 6);
        y = c.unary("Relu", c.gemm(y, "encoder", 6, 5));
        y = c.node("Gemm", null, List.of(y, c.weights("w", 1, 2, 5)), GraphBuilder.intAttr("transB", 1));
        c.output(y);
        try (OnnxNetwork net = OnnxNetwork.load(c.save(dir, "mixed.onnx"))) {
            assertEquals(List.of("encoder", "dense2"), names(net.layers()), "meaningful where present");
            assertEquals(10, net.layers().get(1).params());
        }
    }

    @Test
    void fixedBatchIsAccepted() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.mlp81(dir, 4))) {
            assertEquals(4, net.layers().size());
            assertArrayEquals(new int[] {81}, net.info().inputShape().dims());
        }
    }
}
