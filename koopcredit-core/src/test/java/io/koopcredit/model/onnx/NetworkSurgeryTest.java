package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.koopcredit.base.InputException;
import io.koopcredit.model.Block;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.ConvKernel;
import io.koopcredit.model.Convolution;
import io.koopcredit.model.Layer;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.ResidualUnit;
import io.koopcredit.model.onnx.TestModels.ResNetVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lesions and pruning on ONNX networks: residual units recognised, their branches removed, kernels zeroed,
 * and each modified network checked against a network built with the change planted by hand.
 */
class NetworkSurgeryTest {

    private static final int COUNT = 7;
    private static final int INPUT = 36;

    @TempDir
    Path dir;

    private static float[] inputs() {
        return ReferenceRunner.randomInputs(COUNT * INPUT, 5);
    }

    private static Block block(BlockPartition p, String name) {
        return p.blocks().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theUnitsOfATinyResNetAreRecognisedWithTheirShortcuts() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false))) {
            BlockPartition p = net.partition(null);
            assertEquals(List.of("stem", "unit1_conv1+unit1_conv2", "unit2_proj-unit2_conv2", "pool1", "fc"),
                    p.blocks().stream().map(Block::name).toList());
            ResidualUnit u1 = net.residualUnit(p.block(1)).orElseThrow();
            assertEquals("identity", u1.shortcut());
            assertEquals(List.of("unit1_conv1", "unit1_conv2"), u1.branchLayers());
            assertEquals(1, u1.blockIndex());
            ResidualUnit u2 = net.requireResidualUnit(p.block(2));
            assertEquals("projection (unit2_proj)", u2.shortcut());
            assertEquals(List.of("unit2_conv1", "unit2_conv2"), u2.branchLayers());
            // The block's weights: unit2_proj (3·4), unit2_conv1 (3·4·9) and unit2_conv2 (4·4·9), biases left out.
            double l1 = 0;
            for (TensorProto t : ModelFileReader.read(net.info().path()).model().getGraph().getInitializerList()) {
                if (t.getName().startsWith("unit2_") && t.getName().endsWith(".weight")) {
                    for (double v : Tensors.values(t)) {
                        l1 += Math.abs(v);
                    }
                }
            }
            assertEquals(l1, u2.weightL1(), 1e-12 * l1);
            for (String name : List.of("stem", "pool1", "fc")) {
                assertEquals(Optional.empty(), net.residualUnit(block(p, name)), name);
            }
            InputException stem = assertThrows(InputException.class, () -> net.requireResidualUnit(p.block(0)));
            assertTrue(stem.getMessage().contains("block 'stem' is not a residual unit: expected an Add joining a branch"
                    + " and a shortcut") && stem.getMessage().contains("found Conv Relu, no Add of two computed tensors"),
                    stem.getMessage());
            assertThrows(InputException.class, () -> net.withUnitLesion(p.block(0)));
        }
    }

    @Test
    void aBlockOfTwoUnitsOrOfTheStemAndAUnitIsNotOneResidualUnit() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false))) {
            BlockPartition merged = net.partition("stem-unit1_conv2,unit2_proj-unit2_conv2,pool1,fc");
            InputException e = assertThrows(InputException.class, () -> net.requireResidualUnit(merged.block(0)));
            assertTrue(e.getMessage().contains("'stem-unit1_conv2' is not a residual unit")
                    && e.getMessage().contains("joins two paths that share '/stem/Conv' (Conv)"), e.getMessage());
            BlockPartition both = net.partition("stem,unit1_conv1-unit2_conv2,pool1,fc");
            assertFalse(net.residualUnit(both.block(1)).isPresent(), "two units in one block: which one to lesion?");
            assertTrue(net.residualUnit(net.partition("stem,unit1_conv1+unit1_conv2,unit2_proj-pool1,fc").block(2))
                    .isPresent(), "what follows the join (here the global pool) may be in the block");
        }
    }

    @Test
    void aLesionedUnitComputesExactlyWhatTheNetworkWithoutItsBranchComputes() {
        float[] x = inputs();
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false))) {
            BlockPartition p = net.partition(null);
            double[] intact = net.outputs(x, COUNT);
            List<ResNetVariant> planted = List.of(ResNetVariant.WITHOUT_UNIT1_BRANCH, ResNetVariant.WITHOUT_UNIT2_BRANCH);
            for (int u = 0; u < 2; u++) {
                try (Network lesioned = net.withUnitLesion(p.block(u + 1));
                     OnnxNetwork expected = OnnxNetwork.load(TestModels.tinyResNet(dir, planted.get(u), false))) {
                    assertEquals(expected.layers(), lesioned.layers(), "the branch's layers are gone");
                    assertArrayEquals(expected.outputs(x, COUNT), lesioned.outputs(x, COUNT), 0.0);
                    assertNotEquals(net.info().sha256(), lesioned.info().sha256());
                    assertEquals(net.info().path(), lesioned.info().path());
                    assertFalse(java.util.Arrays.equals(intact, lesioned.outputs(x, COUNT)), "the lesion does damage");
                }
            }
            assertArrayEquals(intact, net.outputs(x, COUNT), 0.0, "the network itself is not modified");
        }
    }

    @Test
    void weightsListedAsInputsLeaveWithTheirBranch() {
        float[] x = inputs();
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, true));
             OnnxNetwork plain = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false))) {
            assertArrayEquals(plain.outputs(x, COUNT), net.outputs(x, COUNT), 0.0);
            // unit1_conv1's weights are graph inputs too: after the lesion nothing reads them, and a graph input
            // without its initializer would be a second data input.
            try (Network lesioned = net.withUnitLesion(net.partition(null).block(1));
                 Network expected = plain.withUnitLesion(plain.partition(null).block(1))) {
                assertArrayEquals(expected.outputs(x, COUNT), lesioned.outputs(x, COUNT), 0.0);
            }
        }
    }

    @Test
    void aUnitWhoseJoinIsTheModelsOutputBecomesItsShortcut() {
        float[] x = ReferenceRunner.randomInputs(COUNT * 4, 9);
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.residualAtOutput(dir))) {
            BlockPartition p = net.partition(null);
            assertEquals(List.of("fc0", "fc1+fc2"), p.blocks().stream().map(Block::name).toList());
            try (Network lesioned = net.withUnitLesion(p.block(1));
                 PartitionedNetwork pn = net.compile(p)) {
                // The model now ends in Identity(fc0's output): it outputs the first block's output.
                assertArrayEquals(pn.activations(x, COUNT).output(0), lesioned.outputs(x, COUNT), 0.0);
            }
        }
    }

    @Test
    void convolutionsMapOntoTheirBlocksChannelsOnlyWhereNothingMixesThem() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false))) {
            List<Convolution> convs = net.convolutions(net.partition(null));
            assertEquals(List.of("stem", "unit1_conv1", "unit1_conv2", "unit2_proj", "unit2_conv1", "unit2_conv2"),
                    convs.stream().map(Convolution::layer).toList());
            assertEquals(List.of(true, false, true, true, false, true),
                    convs.stream().map(Convolution::blockChannels).toList());
            assertEquals(List.of(0, 1, 1, 2, 2, 2), convs.stream().map(Convolution::blockIndex).toList());
            assertTrue(convs.get(1).note().contains("mixed by '/unit1_conv2/Conv' (Conv)"), convs.get(1).note());
            assertNull(convs.get(3).note());
            // Σ |W[c, …]| per channel, from the file.
            TensorProto w = ModelFileReader.read(net.info().path()).model().getGraph().getInitializerList().stream()
                    .filter(t -> t.getName().equals("unit2_proj.weight")).findFirst().orElseThrow();
            double[] v = Tensors.values(w);
            for (int c = 0; c < 4; c++) {
                double l1 = 0;
                for (int k = 0; k < 3; k++) {
                    l1 += Math.abs(v[c * 3 + k]);
                }
                assertEquals(l1, convs.get(3).channelL1().get(c), 1e-15);
            }
            // With the global pool in unit2's block, unit2's convolutions reach a 4 × 1 × 1 ... no: the pool drops
            // the grid axes (keepdims 0), so the block's output has no channel axis and no kernel credit.
            List<Convolution> pooled = net.convolutions(net.partition("stem,unit1_conv1+unit1_conv2,unit2_proj-pool1,fc"));
            assertFalse(pooled.get(5).blockChannels());
            assertTrue(pooled.get(5).note().contains("does not have its 4 channels"), pooled.get(5).note());
        }
    }

    @Test
    void featureMapActivityIsTheMeanAbsoluteValueOfEachChannel() {
        float[] x = inputs();
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false));
             PartitionedNetwork pn = net.compile(net.partition(null))) {
            List<double[]> activity = net.featureMapActivity(x, COUNT);
            assertEquals(6, activity.size());
            // The stem's feature map is its ReLU's output, the first block's output: 3 channels of 6 × 6.
            double[] stem = pn.activations(x, COUNT).output(0);
            double[] expected = new double[3];
            for (int j = 0; j < COUNT; j++) {
                for (int c = 0; c < 3; c++) {
                    for (int v = 0; v < 36; v++) {
                        expected[c] += Math.abs(stem[j * 108 + c * 36 + v]);
                    }
                }
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[c] / (COUNT * 36), activity.get(0)[c], 1e-12 * expected[c]);
            }
        }
    }

    @Test
    void zeroingEveryKernelOfABranchsLastConvolutionIsTheUnitLesionAndOneKernelSilencesOneMap() {
        float[] x = inputs();
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.tinyResNet(dir, ResNetVariant.INTACT, false))) {
            BlockPartition p = net.partition(null);
            List<ConvKernel> all = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                all.add(new ConvKernel("unit1_conv2", c));
            }
            try (Network zeroed = net.withZeroedKernels(all); Network lesioned = net.withUnitLesion(p.block(1))) {
                assertEquals(net.layers(), zeroed.layers());
                // The branch adds exactly 0 (weights and biases zero), and x + 0 = x in floating point.
                assertArrayEquals(lesioned.outputs(x, COUNT), zeroed.outputs(x, COUNT), 0.0);
            }
            List<double[]> before = net.featureMapActivity(x, COUNT);
            try (Network one = net.withZeroedKernels(List.of(new ConvKernel("stem", 1)))) {
                List<double[]> after = one.featureMapActivity(x, COUNT);
                assertEquals(0.0, after.get(0)[1], 0.0, "the zeroed kernel's map is silent");
                assertEquals(before.get(0)[0], after.get(0)[0], 0.0, "the other maps of the stem are untouched");
                assertEquals(before.get(0)[2], after.get(0)[2], 0.0);
                assertNotEquals(before.get(1)[0], after.get(1)[0], "the next convolution sees the change");
            }
            try (Network none = net.withZeroedKernels(List.of())) {
                assertArrayEquals(net.outputs(x, COUNT), none.outputs(x, COUNT), 0.0);
            }
            assertThrows(IllegalArgumentException.class, () -> net.withZeroedKernels(List.of(new ConvKernel("fc", 0))));
            assertThrows(IllegalArgumentException.class,
                    () -> net.withZeroedKernels(List.of(new ConvKernel("stem", 3))));
        }
    }

    @Test
    void lenetsConvolutionsAreTheirBlocksKernelsAndTheChainHasNoResidualUnit() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.lenet(dir, GraphBuilder.Naming.PYTORCH))) {
            BlockPartition p = net.partition(null);
            List<Convolution> convs = net.convolutions(p);
            assertEquals(List.of("conv1", "conv2"), convs.stream().map(Convolution::layer).toList());
            assertTrue(convs.stream().allMatch(Convolution::blockChannels));
            assertEquals(List.of(6, 16), convs.stream().map(Convolution::channels).toList());
            // conv1+pool1 as one block: max pooling keeps channels, so the kernels are still the block's.
            assertTrue(net.convolutions(net.partition("conv1+pool1,conv2+pool2,dense1-dense3")).stream()
                    .allMatch(Convolution::blockChannels));
            for (Block b : p.blocks()) {
                assertFalse(net.residualUnit(b).isPresent(), b.name());
            }
            assertEquals(net.layers().stream().map(Layer::name).toList().size(), p.size());
        }
    }

    @Test
    void theBundledResNetsSixUnitsAreResidualUnitsAndItsCreditedKernelsAreTheUnitsLastConvolutionsAndProjections() {
        Path resnet = Path.of("models/resnet14-fashion.onnx");
        assumeTrue(Files.exists(resnet), "the bundled ResNet is not here");
        try (OnnxNetwork net = OnnxNetwork.load(resnet)) {
            BlockPartition p = net.partition(null);
            List<String> shortcuts = new ArrayList<>();
            for (Block b : p.blocks()) {
                net.residualUnit(b).ifPresent(u -> shortcuts.add(b.name() + ": " + u.shortcut()));
            }
            assertEquals(List.of("unit1_conv1+unit1_conv2: identity", "unit2_conv1+unit2_conv2: identity",
                    "unit3_proj-unit3_conv2: projection (unit3_proj)", "unit4_conv1+unit4_conv2: identity",
                    "unit5_proj-unit5_conv2: projection (unit5_proj)", "unit6_conv1+unit6_conv2: identity"), shortcuts);
            List<Convolution> convs = net.convolutions(p);
            assertEquals(15, convs.size());
            assertEquals(280, convs.stream().mapToInt(Convolution::channels).sum());
            assertEquals(168, convs.stream().filter(Convolution::blockChannels).mapToInt(Convolution::channels).sum());
            assertEquals(List.of("stem", "unit1_conv2", "unit2_conv2", "unit3_proj", "unit3_conv2", "unit4_conv2",
                    "unit5_proj", "unit5_conv2", "unit6_conv2"), convs.stream().filter(Convolution::blockChannels)
                    .map(Convolution::layer).toList());
        }
    }
}
