package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.base.InputException;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.BlockPartition;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.onnx.GraphBuilder.Naming;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Running the blocks one after another reproduces the full model; activations agree with the blocks. */
class BlockCompositionTest {

    /** The tolerance the issue sets for composed blocks against the full model. */
    static final double TOLERANCE = 1e-5;

    /** Samples per check: more than {@link #SMALL_BATCH} and not a multiple of it, so chunks are uneven. */
    static final int COUNT = 37;

    /** A chunk size small enough that every run is split. */
    static final int SMALL_BATCH = 16;

    @TempDir
    Path dir;

    /** How the last credited block's output relates to the model output. */
    enum Tail { NONE, SOFTMAX, LOG_SOFTMAX }

    private void checkComposition(Path model, Tail tail, String spec) throws Exception {
        try (OnnxNetwork net = OnnxNetwork.load(model, LoadOptions.defaults().withMaxBatch(SMALL_BATCH))) {
            BlockPartition p = net.partition(spec);
            int nIn = p.block(0).nIn();
            float[] x = ReferenceRunner.randomInputs(COUNT * nIn, 7);
            float[] reference = ReferenceRunner.run(model, x, COUNT, net.info().inputShape().dims());
            try (PartitionedNetwork pn = net.compile(p)) {
                double[] h = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    h[i] = x[i];
                }
                BlockActivations acts = pn.activations(x, COUNT);
                assertEquals(p.size(), acts.blockCount());
                assertArrayEquals(h, acts.input(0), 0.0, "boundary 0 is the input");
                for (int i = 0; i < p.size(); i++) {
                    double[] fromBlock = pn.block(i).apply(h, COUNT);
                    assertEquals(COUNT * p.block(i).nOut(), fromBlock.length);
                    assertTrue(ReferenceRunner.maxAbsDiff(fromBlock, acts.output(i)) <= TOLERANCE,
                            model.getFileName() + " block " + p.block(i).name() + " vs activations");
                    h = fromBlock;
                }
                int width = p.block(p.size() - 1).nOut();
                double[] composed = switch (tail) {
                    case NONE -> h;
                    case SOFTMAX -> ReferenceRunner.softmax(h, COUNT, width, false);
                    case LOG_SOFTMAX -> ReferenceRunner.softmax(h, COUNT, width, true);
                };
                double diff = ReferenceRunner.maxAbsDiff(composed, reference);
                assertTrue(diff <= TOLERANCE, model.getFileName() + ": composed blocks differ by " + diff);
            }
        }
    }

    @Test
    void lenetBothNamingStyles() throws Exception {
        checkComposition(TestModels.lenet(dir, Naming.PYTORCH), Tail.SOFTMAX, null);
        checkComposition(TestModels.lenet(dir, Naming.AUTO), Tail.SOFTMAX, "conv1+pool1,conv2+pool2,dense1-dense3");
    }

    @Test
    void lenetWithSoftmaxKeptReproducesTheOutputDirectly() throws Exception {
        Path model = TestModels.lenet(dir, Naming.EMPTY);
        try (OnnxNetwork net = OnnxNetwork.load(model, LoadOptions.defaults().withKeepSoftmax(true));
             PartitionedNetwork pn = net.compile(net.partition(null))) {
            float[] x = ReferenceRunner.randomInputs(3 * 784, 3);
            BlockActivations acts = pn.activations(x, 3);
            double diff = ReferenceRunner.maxAbsDiff(acts.output(6), ReferenceRunner.run(model, x, 3, 1, 28, 28));
            assertTrue(diff <= TOLERANCE, "diff " + diff);
        }
    }

    @Test
    void mlpBatchNormDropoutFlattenReshapeSigmoidTanh() throws Exception {
        checkComposition(TestModels.mlp81(dir, GraphBuilder.DYNAMIC), Tail.NONE, null);
        checkComposition(TestModels.batchNorm(dir), Tail.NONE, null);
        checkComposition(TestModels.dropout(dir), Tail.NONE, null);
        checkComposition(TestModels.flattenOrReshape(dir, false), Tail.NONE, null);
        checkComposition(TestModels.flattenOrReshape(dir, true), Tail.NONE, null);
        checkComposition(TestModels.sigmoidTanh(dir), Tail.NONE, null);
        checkComposition(TestModels.initializersAsInputs(dir), Tail.NONE, null);
    }

    @Test
    void matMulAddEndingInLogSoftmax() throws Exception {
        checkComposition(TestModels.matMulAdd(dir), Tail.LOG_SOFTMAX, null);
        checkComposition(TestModels.matMulAdd(dir), Tail.LOG_SOFTMAX, "fc1-fc2");
    }

    @Test
    void residualAddDefaultAndCoarser() throws Exception {
        checkComposition(TestModels.residual(dir), Tail.NONE, null);
        checkComposition(TestModels.residual(dir), Tail.NONE, "dense1-dense3,dense4");
        checkComposition(TestModels.shapeOfInput(dir), Tail.NONE, null);
    }

    @ParameterizedTest
    @EnumSource(TestModels.PoolStyle.class)
    void residualUnitThenAGlobalPoolOfEveryStyle(TestModels.PoolStyle style) throws Exception {
        Path model = TestModels.globalPool(dir, style);
        checkComposition(model, Tail.NONE, null);
        checkComposition(model, Tail.NONE, "conv1,unit_a+unit_b,pool1+fc");
    }

    @Test
    void fixedBatchRunsInPaddedChunks() throws Exception {
        Path fixed = TestModels.mlp81(dir, 4);
        Path dynamic = TestModels.mlp81(dir, GraphBuilder.DYNAMIC);
        int count = 10;
        float[] x = ReferenceRunner.randomInputs(count * 81, 11);
        float[] reference = ReferenceRunner.run(dynamic, x, count, 81);
        try (OnnxNetwork net = OnnxNetwork.load(fixed); PartitionedNetwork pn = net.compile(net.partition(null))) {
            BlockActivations acts = pn.activations(x, count);
            assertTrue(ReferenceRunner.maxAbsDiff(acts.output(3), reference) <= TOLERANCE);
            double[] h = acts.input(0);
            for (int i = 0; i < 4; i++) {
                h = pn.block(i).apply(h, count);
            }
            assertTrue(ReferenceRunner.maxAbsDiff(h, reference) <= TOLERANCE);
            double[] one = pn.block(0).apply(new double[81], 1);
            assertEquals(128, one.length);
        }
    }

    @Test
    void resultsDoNotDependOnThreadsOrConcurrentCallers() throws Exception {
        Path model = TestModels.lenet(dir, Naming.PYTORCH);
        float[] x = ReferenceRunner.randomInputs(20 * 784, 5);
        double[] single;
        try (OnnxNetwork net = OnnxNetwork.load(model); PartitionedNetwork pn = net.compile(net.partition(null))) {
            single = pn.activations(x, 20).output(3);
            double[] in = pn.activations(x, 20).input(2);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<double[]>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    futures.add(pool.submit(() -> pn.block(2).apply(in, 20)));
                }
                double[] first = futures.get(0).get();
                for (Future<double[]> f : futures) {
                    assertArrayEquals(first, f.get(), 0.0, "concurrent calls agree exactly");
                }
            } finally {
                pool.shutdown();
            }
        }
        try (OnnxNetwork net = OnnxNetwork.load(model, LoadOptions.defaults().withThreads(2, 2));
             PartitionedNetwork pn = net.compile(net.partition(null))) {
            assertTrue(ReferenceRunner.maxAbsDiff(single, pn.activations(x, 20).output(3)) <= 1e-6);
        }
    }

    @Test
    @SuppressWarnings("try") // closes the resource inside its try block on purpose: close is idempotent
    void badSizesAreRejectedBeforeAnyNativeCall() {
        try (OnnxNetwork net = OnnxNetwork.load(TestModels.mlp81(dir, GraphBuilder.DYNAMIC));
             PartitionedNetwork pn = net.compile(net.partition(null))) {
            assertThrows(IllegalArgumentException.class, () -> pn.block(0).apply(new double[80], 1));
            assertThrows(IllegalArgumentException.class, () -> pn.block(0).apply(new double[0], 0));
            InputException e = assertThrows(InputException.class, () -> pn.activations(new float[81 * 2 + 1], 2));
            assertTrue(e.getMessage().contains("expected 2 samples of 81 values (162), found 163 values"),
                    e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> pn.block(4));
            pn.close();
            pn.close();
            assertThrows(IllegalStateException.class, () -> pn.activations(new float[81], 1));
            assertThrows(IllegalStateException.class, () -> pn.block(0).apply(new double[81], 1));
        }
    }

    @Test
    void compileRejectsAPartitionOfAnotherNetwork() {
        try (OnnxNetwork a = OnnxNetwork.load(TestModels.mlp81(dir, GraphBuilder.DYNAMIC));
             OnnxNetwork b = OnnxNetwork.load(TestModels.residual(dir))) {
            Function<String, BlockPartition> other = b::partition;
            assertThrows(IllegalArgumentException.class, () -> a.compile(other.apply(null)));
        }
    }
}
