package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.koopcredit.base.InputException;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.Layer;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-randomized layers for the randomization sanity check: which tensors change, how, and what stays. */
class WeightRandomizerTest {

    static final Path MLP81 = Path.of("models/mlp81-mnist.onnx");

    /**
     * The re-drawn tensor's standard deviation may differ from the original's by sampling error only: for
     * n draws its relative standard error is about 1/√(2n), under 5% for the 240 weights of dense4; 20%
     * is four standard errors for the smallest tensor checked here.
     */
    static final double SCALE_TOLERANCE = 0.2;

    @TempDir
    Path dir;

    private static Map<String, TensorProto> initializers(ModelProto m) {
        Map<String, TensorProto> out = new HashMap<>();
        m.getGraph().getInitializerList().forEach(t -> out.put(t.getName(), t));
        return out;
    }

    private static ModelProto randomize(OnnxNetwork net, List<String> chosen, long seed) {
        List<String> names = new java.util.ArrayList<>(net.layers().stream().map(Layer::name).toList());
        net.excluded().forEach(l -> names.add(l.name()));
        OnnxGraph graph = graphOf(net);
        List<LayerGroup> groups = LayerGrouper.group(graph, false, Set.of()).all();
        return WeightRandomizer.randomize(graph, groups, names, chosen, seed);
    }

    private static OnnxGraph graphOf(OnnxNetwork net) {
        return new OnnxGraph(net.info().path().toString(), ModelFileReader.read(net.info().path()).model());
    }

    @Test
    void onlyTheChosenLayersWeightsAndBiasesAreRedrawnAtTheirOwnScale() {
        Path model = TestModels.mlp81(dir, GraphBuilder.DYNAMIC);
        try (OnnxNetwork net = OnnxNetwork.load(model)) {
            ModelProto original = ModelFileReader.read(model).model();
            ModelProto r = randomize(net, List.of("dense4"), 5);
            Map<String, TensorProto> before = initializers(original);
            Map<String, TensorProto> after = initializers(r);
            for (String name : before.keySet()) {
                double[] a = Tensors.values(before.get(name));
                double[] b = Tensors.values(after.get(name));
                if (name.startsWith("dense4.")) {
                    assertFalse(java.util.Arrays.equals(a, b), name + " is re-drawn");
                    double ratio = WeightRandomizer.scale(b) / WeightRandomizer.scale(a);
                    assertEquals(1.0, ratio, SCALE_TOLERANCE, name + ": N(0, σ²) with the original σ");
                } else {
                    assertArrayEquals(a, b, 0.0, name + " is left alone");
                }
            }
            // Same seed, same weights; another seed, other weights.
            assertArrayEquals(r.toByteArray(), randomize(net, List.of("dense4"), 5).toByteArray());
            assertFalse(java.util.Arrays.equals(r.toByteArray(), randomize(net, List.of("dense4"), 6).toByteArray()));
            // A cascade: dense4 gets the same weights whether or not dense3 is randomized with it.
            ModelProto both = randomize(net, List.of("dense3", "dense4"), 5);
            assertArrayEquals(Tensors.values(after.get("dense4.weight")),
                    Tensors.values(initializers(both).get("dense4.weight")), 0.0);
            assertFalse(java.util.Arrays.equals(Tensors.values(before.get("dense3.weight")),
                    Tensors.values(initializers(both).get("dense3.weight"))));
        }
    }

    @Test
    void matMulBiasIsRedrawnAndBatchNormIsLeftAlone() {
        GraphBuilder b = new GraphBuilder(GraphBuilder.Naming.PYTORCH, TestModels.SEED);
        String x = b.input("x", GraphBuilder.DYNAMIC, 6);
        x = b.unary("Relu", b.matMulAdd(x, "fc1", 6, 5));
        x = b.matMulAdd(x, "fc2", 5, 3);
        b.output(x);
        Path mm = b.save(dir, "matmul.onnx");
        try (OnnxNetwork net = OnnxNetwork.load(mm)) {
            Map<String, TensorProto> after = initializers(randomize(net, List.of("fc1"), 1));
            Map<String, TensorProto> before = initializers(ModelFileReader.read(mm).model());
            assertFalse(java.util.Arrays.equals(Tensors.values(before.get("fc1.bias")),
                    Tensors.values(after.get("fc1.bias"))), "the Add's bias belongs to the MatMul layer");
            assertArrayEquals(Tensors.values(before.get("fc2.bias")),
                    Tensors.values(after.get("fc2.bias")), 0.0);
        }
        Path bn = TestModels.batchNorm(dir);
        try (OnnxNetwork net = OnnxNetwork.load(bn)) {
            String conv = net.layers().get(0).name();
            Map<String, TensorProto> before = initializers(ModelFileReader.read(bn).model());
            Map<String, TensorProto> after = initializers(randomize(net, List.of(conv), 1));
            for (String name : before.keySet()) {
                boolean changed = !java.util.Arrays.equals(Tensors.values(before.get(name)),
                        Tensors.values(after.get(name)));
                assertEquals(name.startsWith("conv."), changed, name);
            }
        }
    }

    @Test
    void theRandomizedNetworkKeepsItsLayersAndChangesOnlyTheBlocksFromTheChosenLayerOn() {
        Path model = TestModels.mlp81(dir, GraphBuilder.DYNAMIC);
        int count = 5;
        try (OnnxNetwork net = OnnxNetwork.load(model);
             Network random = net.withRandomizedLayers(List.of("dense3"), 11)) {
            assertEquals(net.layers(), random.layers());
            assertEquals(net.info().path(), random.info().path());
            assertNotEquals(net.info().sha256(), random.info().sha256(), "the hash is the modified model's");
            BlockPartition p = net.partition(null);
            float[] x = ReferenceRunner.randomInputs(count * 81, 3);
            try (PartitionedNetwork a = net.compile(p); PartitionedNetwork c = random.compile(random.partition(null))) {
                var before = a.activations(x, count);
                var after = c.activations(x, count);
                assertArrayEquals(before.output(0), after.output(0), 0.0, "dense1 is untouched");
                assertArrayEquals(before.output(1), after.output(1), 0.0, "dense2 is untouched");
                assertFalse(java.util.Arrays.equals(before.output(2), after.output(2)), "dense3 is re-drawn");
                assertFalse(java.util.Arrays.equals(before.output(3), after.output(3)), "so is the output");
                // dense4 itself is the same function: the same input gives the same output.
                assertArrayEquals(a.block(3).apply(before.output(2), count), c.block(3).apply(before.output(2), count),
                        0.0);
            }
        }
    }

    @Test
    void theBundledMlpStoresRawDataAndIsRandomizedToo() {
        assumeTrue(Files.exists(MLP81), "the bundled MLP is not here");
        try (OnnxNetwork net = OnnxNetwork.load(MLP81)) {
            ModelProto original = ModelFileReader.read(MLP81).model();
            ModelProto r = randomize(net, List.of("dense1"), 2);
            double[] a = Tensors.values(initializers(original).get("dense1.weight"));
            double[] b = Tensors.values(initializers(r).get("dense1.weight"));
            assertEquals(a.length, b.length);
            assertEquals(1.0, WeightRandomizer.scale(b) / WeightRandomizer.scale(a), SCALE_TOLERANCE);
        }
    }

    @Test
    void unknownLayersAndLayersWithoutWeightsAreUserErrors() {
        Path model = TestModels.lenet(dir, GraphBuilder.Naming.PYTORCH);
        try (OnnxNetwork net = OnnxNetwork.load(model)) {
            InputException unknown = assertThrows(InputException.class,
                    () -> net.withRandomizedLayers(List.of("dense9"), 1));
            assertTrue(unknown.getMessage().contains("'dense9'") && unknown.getMessage().contains("conv1, pool1"),
                    unknown.getMessage());
            InputException pool = assertThrows(InputException.class,
                    () -> net.withRandomizedLayers(List.of("pool1"), 1));
            assertTrue(pool.getMessage().contains("'pool1'") && pool.getMessage().contains("found none"),
                    pool.getMessage());
        }
    }

    @Test
    void aConstantBiasKeepsItsScaleThroughTheRootMeanSquare() {
        assertEquals(0.5, WeightRandomizer.scale(new double[] {0.5, 0.5, 0.5}), 1e-15);
        assertEquals(0.0, WeightRandomizer.scale(new double[] {0, 0}), 0.0);
        assertEquals(1.0, WeightRandomizer.scale(new double[] {-1, 1}), 1e-15);
    }
}
