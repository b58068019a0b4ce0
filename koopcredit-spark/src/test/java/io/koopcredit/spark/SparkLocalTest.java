package io.koopcredit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code credit --spark local[2]} reproduces the single-machine credit.json on the bundled models. */
class SparkLocalTest {
    @TempDir
    Path tmp;

    private void assertSameOnSpark(String... options) throws Exception {
        assertSameOnSparkWith("spark.app.name=koopcredit credit", options);
    }

    /** As {@link #assertSameOnSpark} with one {@code --spark-conf} setting for the Spark run. */
    private void assertSameOnSparkWith(String sparkConf, String... options) throws Exception {
        Path single = tmp.resolve("single");
        Path spark = tmp.resolve("spark");
        CreditJson.Run a = CreditJson.cli(args("credit", options, "--out", single.toString()));
        assertEquals(0, a.code(), a.err());
        CreditJson.Run b = CreditJson.cli(args("credit", options, "--out", spark.toString(), "--spark", "local[2]",
                "--spark-conf", sparkConf));
        assertEquals(0, b.code(), b.err());
        CreditJson.assertSameAnalysis(CreditJson.read(single), CreditJson.read(spark));
        if (java.util.Arrays.asList(options).contains("scalable")) {
            // The Gram form on the cluster: the driver ran no pass of the network.
            assertEquals(0.0, CreditJson.read(spark).get("timings").get("activations").asDouble(), b.out());
            assertTrue(CreditJson.read(single).get("timings").get("activations").asDouble() > 0, a.out());
        }
    }

    private static String[] args(String command, String[] options, String... more) {
        String[] all = new String[1 + options.length + more.length];
        all[0] = command;
        System.arraycopy(options, 0, all, 1, options.length);
        System.arraycopy(more, 0, all, 1 + options.length, more.length);
        return all;
    }

    @Test
    void lenetFaithful() throws Exception {
        assertSameOnSpark("--model", "models/lenet5-mnist.onnx", "--trials", "2", "--holdout", "100");
    }

    @Test
    void mlpFaithfulAndOneStep() throws Exception {
        assertSameOnSpark("--model", "models/mlp81-mnist.onnx", "--samples", "3", "--trials", "3", "--holdout", "100");
        assertSameOnSpark("--model", "models/mlp81-mnist.onnx", "--estimator", "onestep", "--samples", "300",
                "--holdout", "100");
    }

    /** The other estimators and options whose fits carry what the faithful ones do not (offsets, eigenvalues). */
    @Test
    void mlpAffineOneStepAndPca() throws Exception {
        assertSameOnSpark("--model", "models/mlp81-mnist.onnx", "--estimator", "onestep", "--affine", "--samples",
                "200", "--holdout", "100");
        assertSameOnSpark("--model", "models/mlp81-mnist.onnx", "--estimator", "pca", "--samples", "200", "--holdout",
                "100");
    }

    /**
     * The one-step estimator's Gram form with its R factors on the executors: LeNet-5 (convolutions, so
     * kernels with their own factors at this N) and the MLP with the constant observable; the samples' pass
     * in 3 partitions and in 1 (the default of local[2] is 2), which must not change a bit.
     */
    @Test
    void scalableOneStepWithTheRFactorsOnTheExecutors() throws Exception {
        assertSameOnSparkWith("spark.koopcredit.samplePartitions=3", "--model", "models/lenet5-mnist.onnx",
                "--estimator", "onestep", "--formulation", "scalable", "--samples", "600", "--holdout", "300");
        assertSameOnSparkWith("spark.koopcredit.samplePartitions=1", "--model", "models/mlp81-mnist.onnx",
                "--estimator", "onestep", "--affine", "--formulation", "scalable", "--samples", "300", "--holdout",
                "100");
    }

    /**
     * Issue #11: with the Gram form on the cluster the driver never runs the network. The driver's blocks
     * (compiled from a network that counts the samples each set of blocks runs) run no sample on
     * {@code local[2]}, whose executors load the model file themselves, against all N + H on one machine;
     * LeNet-5's conv2 kernels (maps of 100 rows, at most N) are read in the second stage; the values are the
     * single-machine run's bits.
     */
    @Test
    void theDriverRunsNoPassInTheGramForm() {
        io.koopcredit.credit.AnalysisOptions options = io.koopcredit.credit.AnalysisOptions.of(
                io.koopcredit.koopman.Estimator.onestep().samples(400)).withHoldout(150)
                .withFormulation(io.koopcredit.credit.Formulation.SCALABLE);
        try (io.koopcredit.model.Network onnx = io.koopcredit.model.onnx.OnnxNetwork.load(
                Path.of("models/lenet5-mnist.onnx"), io.koopcredit.model.onnx.LoadOptions.defaults())) {
            io.koopcredit.testing.CountingNetwork net = new io.koopcredit.testing.CountingNetwork(onnx);
            io.koopcredit.credit.AnalysisData data = io.koopcredit.credit.AnalysisData.load(Path.of("data/mnist"),
                    io.koopcredit.data.Preprocessing.declaredBy(net.info()), net.info(), options.samples(),
                    options.holdout());
            io.koopcredit.credit.CreditResult here = io.koopcredit.credit.CreditAnalysis.run(net, data, options,
                    io.koopcredit.credit.ProgressListener.NONE);
            io.koopcredit.credit.CreditResult there;
            long chunksBefore = SparkFactors.CHUNKS_RUN.get();
            try (io.koopcredit.cli.ClusterBackend.Connection spark = new SparkBackend().connect("local[2]",
                    java.util.Map.of())) {
                there = io.koopcredit.credit.CreditAnalysis.run(net, data, options,
                        io.koopcredit.credit.ProgressListener.NONE, spark);
            }
            assertEquals(java.util.List.of(550, 0), net.passedSamples(), "one machine's blocks ran the 400 + 150"
                    + " samples; the driver's blocks on the cluster none");
            assertEquals(0.0, there.timings().activations());
            // The executors ran every chunk once: the second stage read the first stage's shuffle again.
            int batch = net.passBatch(net.partition(null));
            assertEquals((400 + batch - 1) / batch + (150 + batch - 1) / batch, SparkFactors.CHUNKS_RUN.get()
                    - chunksBefore, "chunks of " + batch + " samples");
            assertTrue(here.blocks().stream().anyMatch(b -> b.kernels().size() == 16), "conv2's 16 kernels");
            for (int i = 0; i < here.blocks().size(); i++) {
                var a = here.blocks().get(i);
                var b = there.blocks().get(i);
                assertEquals(a.credit(), b.credit(), a.name());
                assertEquals(a.kernels(), b.kernels(), a.name());
                assertEquals(a.fidelity(), b.fidelity(), a.name());
            }
            assertEquals(here.global(), there.global());
            assertTrue(java.util.Arrays.deepEquals(here.featureWeights().weights(), there.featureWeights().weights()));
        }
    }

    /**
     * A Gram form whose CholeskyQR is refused (two identical fitting samples: every Gram matrix singular): the
     * cluster folds those boundaries again by TSQR in a second job over the same shuffle (no chunk of the
     * pass runs twice), and the values are the single-machine run's bits, where the boundaries were read
     * again from the stores.
     */
    @Test
    void refusedCholeskyQrIsFoldedAgainFromTheShuffle() {
        int n = 120;
        int h = 50;
        io.koopcredit.credit.AnalysisOptions options = io.koopcredit.credit.AnalysisOptions.of(
                io.koopcredit.koopman.Estimator.onestep().samples(n)).withHoldout(h)
                .withFormulation(io.koopcredit.credit.Formulation.SCALABLE);
        try (io.koopcredit.model.Network net = io.koopcredit.model.onnx.OnnxNetwork.load(
                Path.of("models/lenet5-mnist.onnx"), io.koopcredit.model.onnx.LoadOptions.defaults())) {
            io.koopcredit.credit.AnalysisData loaded = io.koopcredit.credit.AnalysisData.load(Path.of("data/mnist"),
                    io.koopcredit.data.Preprocessing.declaredBy(net.info()), net.info(), n, h);
            float[] fit = loaded.fit().clone();
            int size = fit.length / n;
            System.arraycopy(fit, 0, fit, size, size);
            io.koopcredit.credit.AnalysisData data = new io.koopcredit.credit.AnalysisData(loaded.description(), fit,
                    n, loaded.holdout(), h, loaded.holdoutLabels());
            java.util.List<String> methods = new java.util.concurrent.CopyOnWriteArrayList<>();
            io.koopcredit.credit.CreditResult here = io.koopcredit.credit.CreditAnalysis.run(net, data, options,
                    new io.koopcredit.credit.ProgressListener() {
                        @Override
                        public void update(String stage, int done, int total) {
                        }

                        @Override
                        public void update(String stage, String item, int done, int total) {
                            methods.add(item);
                        }
                    });
            assertTrue(methods.stream().filter(m -> m.contains("TSQR (Cholesky QR refused")).count() >= 5,
                    methods.toString());
            io.koopcredit.credit.CreditResult there;
            long chunksBefore = SparkFactors.CHUNKS_RUN.get();
            try (io.koopcredit.cli.ClusterBackend.Connection spark = new SparkBackend().connect("local[2]",
                    java.util.Map.of())) {
                there = io.koopcredit.credit.CreditAnalysis.run(net, data, options,
                        io.koopcredit.credit.ProgressListener.NONE, spark);
            }
            int batch = net.passBatch(net.partition(null));
            assertEquals((n + batch - 1) / batch + (h + batch - 1) / batch, SparkFactors.CHUNKS_RUN.get()
                    - chunksBefore, "every chunk of the pass ran once");
            for (int i = 0; i < here.blocks().size(); i++) {
                var a = here.blocks().get(i);
                var b = there.blocks().get(i);
                assertEquals(a.credit(), b.credit(), a.name());
                assertEquals(a.kernels(), b.kernels(), a.name());
                assertEquals(a.fidelity(), b.fidelity(), a.name());
            }
            assertEquals(here.global(), there.global());
            assertTrue(java.util.Arrays.deepEquals(here.featureWeights().weights(), there.featureWeights().weights()));
        }
    }

    /**
     * {@code bench --scale --spark} on tiny settings (a smoke test, not a measurement): ResNet-20's one-step
     * run on this machine, then on local[2] with the samples' pass in 1 and 3 partitions, each with the same
     * bits as the run on this machine.
     */
    @Test
    void scaleBenchOnTheCluster() {
        CreditJson.Run r = CreditJson.cli("bench", "--scale", "--scale-samples", "24", "--scale-trials", "0",
                "--scale-holdout", "8", "--threads", "2", "--memory", "2g", "--spark", "local[2]",
                "--scale-partitions", "1,3");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("on the cluster local[2] (one run each, after the same run on this machine)"), out);
        for (String parts : new String[] {"1", "3"}) {
            java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^resnet20\\s+24\\s+8\\s+" + parts
                    + "\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+true$").matcher(out);
            assertTrue(row.find(), "a row for " + parts + " partitions with the same values: " + out);
            double spark = Double.parseDouble(row.group(1));
            double single = Double.parseDouble(row.group(2));
            // Each printed to 0.01: the ratio of the printed totals is the printed ratio within their rounding.
            double rounding = 0.005 + spark / single * (0.005 / spark + 0.005 / single);
            assertEquals(spark / single, Double.parseDouble(row.group(3)), rounding, "the ratio of the totals: " + out);
        }
    }

    @Test
    void scalePartitionsWithoutSparkIsRefused() {
        CreditJson.Run r = CreditJson.cli("bench", "--scale", "--scale-partitions", "2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--scale-partitions: expected --spark MASTER beside it, found none"), r.err());
    }

    @Test
    void withoutSparkConfIsRefused() {
        CreditJson.Run r = CreditJson.cli("credit", "--spark-conf", "spark.executor.memory=1g", "--out",
                tmp.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--spark-conf: expected --spark MASTER beside it"), r.err());
    }

    /**
     * A local master's executors are this JVM: the connection reports Spark's pool there (a tenth of the heap
     * less Spark's 300 MiB, or the user's spark.memory.fraction), which the analysis fixes in its budget
     * (core: FactorRunnerTest.aRunnersMemoryInThisJvmIsFixedInTheBudget).
     */
    @Test
    void aLocalMastersPoolIsReportedForTheBudget() {
        long heap = Runtime.getRuntime().maxMemory();
        try (io.koopcredit.cli.ClusterBackend.Connection spark = new SparkBackend().connect("local[2]",
                java.util.Map.of())) {
            assertEquals((long) ((heap - SparkTrials.SPARK_RESERVED) * SparkBackend.LOCAL_MEMORY_FRACTION),
                    spark.heapInThisJvm());
            assertTrue(spark.heapInThisJvm() > 0);
        }
        try (io.koopcredit.cli.ClusterBackend.Connection spark = new SparkBackend().connect("local[2]",
                java.util.Map.of("spark.memory.fraction", "0.3"))) {
            assertEquals((long) ((heap - SparkTrials.SPARK_RESERVED) * 0.3), spark.heapInThisJvm(), "the user's");
        }
    }
}
