package io.koopcredit.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.AnalysisOptions;
import io.koopcredit.credit.CreditAnalysis;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.koopman.Estimator;
import io.koopcredit.model.BlockActivations;
import io.koopcredit.model.Network;
import io.koopcredit.model.PartitionedNetwork;
import io.koopcredit.model.onnx.OnnxNetwork;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The one-step estimator's sums computed on the executors ({@code local[2]}) against the same sums on this
 * JVM from the full activations; the fixed-order tree gives the same bits on every run of one
 * partitioning, and partitionings (one level of the tree, and two) agree to rounding.
 */
class DistributedSumsTest {
    /**
     * Sums of n = 240 products in double precision, added in different orders: each differs from the exact
     * sum by at most about n·ε·Σ|terms| ≈ 240 · 1.1e-16 · Σ|terms| ≈ 2.7e-14 · Σ|terms|, and by
     * Cauchy–Schwarz Σ|x_i·x_j| ≤ sqrt(Σx_i² · Σx_j²). Two orders differ by at most twice that; 1e-12 leaves
     * a margin of 20 while staying far below any error in what is summed (a sample missed or counted twice
     * moves an entry by about 1/240 of its size).
     */
    private static final double RELATIVE = 1e-12;

    private static final int SAMPLES = 240;

    @Test
    void sumsOnTheExecutorsEqualTheSumsHere() {
        AnalysisOptions options = AnalysisOptions.of(Estimator.onestep().samples(SAMPLES)).withHoldout(10);
        try (Network network = OnnxNetwork.load(Path.of("models/mlp81-mnist.onnx"))) {
            AnalysisData data = AnalysisData.load(Path.of("data/mnist"), Preprocessing.declaredBy(network.info()),
                    network.info(), SAMPLES, 10);
            List<BlockSums> here;
            try (PartitionedNetwork pn = CreditAnalysis.compile(network, network.partition(null), options)) {
                BlockActivations a = pn.activations(data.fit(), SAMPLES);
                here = java.util.stream.IntStream.range(0, a.blockCount())
                        .mapToObj(b -> BlockSums.of(a.input(b), a.output(b), SAMPLES)).toList();
            }
            SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("sums").set("spark.ui.enabled", "false");
            try (JavaSparkContext spark = new JavaSparkContext(conf)) {
                List<BlockSums> three = DistributedSums.compute(spark, network, options, data.fit(), SAMPLES, 3);
                List<BlockSums> again = DistributedSums.compute(spark, network, options, data.fit(), SAMPLES, 3);
                List<BlockSums> many = DistributedSums.compute(spark, network, options, data.fit(), SAMPLES, 19);
                assertEquals(here.size(), three.size());
                for (int b = 0; b < here.size(); b++) {
                    assertEquals(SAMPLES, three.get(b).count());
                    assertEquals(SAMPLES, many.get(b).count());
                    // One partitioning: the same bits on every run.
                    assertArrayEquals(three.get(b).xx(), again.get(b).xx(), 0.0);
                    assertArrayEquals(three.get(b).fx(), again.get(b).fx(), 0.0);
                    assertClose(here.get(b), three.get(b), "block " + b + ", 3 partitions");
                    assertClose(here.get(b), many.get(b), "block " + b + ", 19 partitions (two tree levels)");
                }
            } finally {
                ExecutorModels.closeAll();
            }
        }
    }

    private static void assertClose(BlockSums e, BlockSums a, String what) {
        int nIn = e.nIn();
        double[] sqX = new double[nIn];
        for (int i = 0; i < nIn; i++) {
            sqX[i] = e.xx()[i * nIn + i];
        }
        boolean someNonZero = false;
        for (int j = 0; j < nIn; j++) {
            for (int i = 0; i < nIn; i++) {
                double bound = RELATIVE * Math.sqrt(sqX[i] * sqX[j]);
                double x = e.xx()[j * nIn + i];
                someNonZero |= x != 0;
                assertTrue(Math.abs(x - a.xx()[j * nIn + i]) <= bound, what + ": XXᵀ(" + i + "," + j + ")");
            }
            for (int i = 0; i < e.nOut(); i++) {
                double bound = RELATIVE * Math.sqrt(e.sumSqF()[i] * sqX[j]);
                assertTrue(Math.abs(e.fx()[j * e.nOut() + i] - a.fx()[j * e.nOut() + i]) <= bound,
                        what + ": FXᵀ(" + i + "," + j + ")");
            }
        }
        for (int i = 0; i < nIn; i++) {
            assertTrue(Math.abs(e.sumX()[i] - a.sumX()[i]) <= RELATIVE * Math.sqrt(SAMPLES * sqX[i]), what + ": Σx");
        }
        for (int i = 0; i < e.nOut(); i++) {
            assertTrue(Math.abs(e.sumF()[i] - a.sumF()[i]) <= RELATIVE * Math.sqrt(SAMPLES * e.sumSqF()[i]),
                    what + ": Σf");
        }
        assertTrue(someNonZero, what + ": the sums are all zero");
    }
}
