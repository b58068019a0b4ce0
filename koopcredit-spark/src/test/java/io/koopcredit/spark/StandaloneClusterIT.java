package io.koopcredit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis on a genuine standalone cluster (a Master and two Workers on the loopback address, each
 * worker with one core and its own executor JVM) gives the single-machine credit.json; and it still does
 * when one worker is killed while the trials run (Spark re-runs the lost tasks on the other executor), with
 * nothing half-written in {@code --out}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the fault test, which kills a worker, runs last
class StandaloneClusterIT {
    /** Executors' heap: LeNet-5's largest fit (N = 1, float64) needs a few MB; ONNX Runtime's memory is native. */
    private static final String EXECUTOR_MEMORY = "512m";

    @TempDir
    static Path tmp;

    private StandaloneCluster cluster;
    private Path clusterDir;

    @BeforeAll
    void start() throws Exception {
        clusterDir = tmp.resolve("cluster");
        cluster = new StandaloneCluster(clusterDir, 2, "1g");
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The cluster options: wait for both executors before the first task, so that both run trials. */
    private String[] onCluster(String out) {
        return new String[] {"--out", out, "--spark", cluster.url(),
            "--spark-conf", "spark.executor.memory=" + EXECUTOR_MEMORY,
            "--spark-conf", "spark.cores.max=2",
            "--spark-conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
            "--spark-conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s"};
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private void assertSameOnCluster(String... options) throws Exception {
        Path single = tmp.resolve("single");
        Path spark = tmp.resolve("spark");
        CreditJson.Run a = CreditJson.cli(concat(concat(new String[] {"credit"}, options), "--out", single.toString()));
        assertEquals(0, a.code(), a.err());
        CreditJson.Run b = CreditJson.cli(concat(concat(new String[] {"credit"}, options), onCluster(spark.toString())));
        assertEquals(0, b.code(), b.err());
        CreditJson.assertSameAnalysis(CreditJson.read(single), CreditJson.read(spark));
        if (java.util.Arrays.asList(options).contains("scalable")) {
            // The Gram form on the cluster: the driver ran no pass of the network (the executors ran it, and
            // read the activations again for the kernel credits).
            assertEquals(0.0, CreditJson.read(spark).get("timings").get("activations").asDouble(), b.out());
            assertTrue(CreditJson.read(single).get("timings").get("activations").asDouble() > 0, a.out());
        }
    }

    @Test
    @Order(1)
    void mlpBothEstimatorsOnTwoWorkers() throws Exception {
        assertSameOnCluster("--model", "models/mlp81-mnist.onnx", "--samples", "3", "--trials", "4", "--holdout",
                "100");
        assertSameOnCluster("--model", "models/mlp81-mnist.onnx", "--estimator", "onestep", "--samples", "300",
                "--holdout", "100");
        // Both workers started an executor for these applications.
        assertTrue(!StandaloneCluster.executors(clusterDir, 0).isEmpty(), "worker 0 started no executor");
        assertTrue(!StandaloneCluster.executors(clusterDir, 1).isEmpty(), "worker 1 started no executor");
    }

    /**
     * The one-step estimator's Gram form with its R factors on the two executors (separate JVMs: their first
     * BLAS call is a QR fold), LeNet-5 with kernels that get their own factors (conv1) and kernels read again
     * in the second stage (conv2: maps of 100 rows); the driver runs no pass.
     */
    @Test
    @Order(1)
    void lenetScalableOneStepOnTwoWorkers() throws Exception {
        assertSameOnCluster("--model", "models/lenet5-mnist.onnx", "--estimator", "onestep", "--formulation",
                "scalable", "--samples", "600", "--holdout", "300");
    }

    /**
     * A boundary's task larger than the executors' heap is one line before the job starts (the MLP's
     * 81-wide input with N = 2000: seven 2000 × 2000 matrices and a tile, 218 MiB, against executors of 450 MiB,
     * Spark's least, less the 300 MiB Spark keeps; the driver's own plan, under the test JVM's 1 GiB heap,
     * lets N = 2000 through).
     */
    @Test
    @Order(3)
    void boundaryTasksLargerThanTheExecutors() {
        Path out = tmp.resolve("too-many-samples");
        CreditJson.Run r = CreditJson.cli(concat(new String[] {"credit", "--model", "models/mlp81-mnist.onnx",
            "--estimator", "onestep", "--formulation", "scalable", "--samples", "2000", "--holdout", "10"},
                concat(onCluster(out.toString()), "--spark-conf", "spark.executor.memory=450m")));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--spark " + cluster.url() + ": boundary "), r.err());
        assertTrue(r.err().contains("on one executor: expected spark.executor.memory of at least"), r.err());
        assertTrue(r.err().contains("found 450m (or fewer samples)"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("koopcredit:")).count(), r.err());
        assertTrue(!Files.exists(out), "the output folder was left behind");
    }

    /**
     * Executors larger than any worker: Spark would wait for them for ever; koopcredit stops after
     * {@code spark.koopcredit.executorWait} with one line saying what was asked.
     */
    @Test
    @Order(3)
    void executorsLargerThanTheWorkers() {
        Path out = tmp.resolve("too-big");
        CreditJson.Run r = CreditJson.cli("credit", "--model", "models/mlp81-mnist.onnx", "--trials", "2", "--holdout",
                "10", "--out", out.toString(), "--spark", cluster.url(), "--spark-conf", "spark.executor.memory=4g",
                "--spark-conf", SparkTrials.EXECUTOR_WAIT + "=8s");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--spark " + cluster.url() + ": no executor ran a task within 8 s: expected"
                + " executors of spark.executor.memory=4g"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("koopcredit:")).count(), r.err());
        assertTrue(!Files.exists(out), "the output folder was left behind");
    }

    @Test
    @Order(4)
    void lenetSurvivesAKilledWorker() throws Exception {
        String[] options = {"--model", "models/lenet5-mnist.onnx", "--trials", "4", "--holdout", "100"};
        Path single = tmp.resolve("lenet-single");
        CreditJson.Run a = CreditJson.cli(concat(concat(new String[] {"credit"}, options), "--out", single.toString()));
        assertEquals(0, a.code(), a.err());

        Path out = tmp.resolve("lenet-spark");
        StringWriter err = new StringWriter(); // StringBuffer inside: safe to read while the run writes
        StringWriter stdout = new StringWriter();
        String[] args = concat(concat(concat(new String[] {"credit"}, options), onCluster(out.toString())),
                "--progress", "--spark-conf", "spark.extraListeners=" + LostTasks.class.getName());
        LostTasks.FAILED.set(0);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> io.koopcredit.cli.Main.run(args,
                new PrintWriter(stdout, true), new PrintWriter(err, true)));
        // Kill worker 1 (and its executor) once trials have started finishing: both executors are busy then,
        // and the tasks running on worker 1 are lost with it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!err.toString().contains("trials") && !run.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(!run.isDone(), "the run ended before any trial finished: " + err);
        assertTrue(!StandaloneCluster.executors(clusterDir, 1).isEmpty(), "worker 1 started no executor");
        int killed = cluster.kill(1);
        assertTrue(killed >= 2, "expected the worker and its executor, killed " + killed + " processes");
        String progressAtKill = err.toString();
        int code = run.get(240, TimeUnit.SECONDS);
        assertEquals(0, code, err.toString());
        assertTrue(LostTasks.FAILED.get() >= 1, "no task was lost with the killed worker");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)/(\\d+)").matcher(progressAtKill);
        int doneAtKill = -1;
        int total = -1;
        while (m.find()) {
            doneAtKill = Integer.parseInt(m.group(1));
            total = Integer.parseInt(m.group(2));
        }
        assertTrue(doneAtKill >= 1 && doneAtKill < total, "the kill came at trial " + doneAtKill + " of " + total);
        CreditJson.assertSameAnalysis(CreditJson.read(single), CreditJson.read(out));
        // Nothing half-written: the same files as the single-machine run, no staging folder left.
        assertEquals(listing(single), listing(out));
    }

    /**
     * {@code spark-submit --class io.koopcredit.spark.SparkMain --master spark://... koopcredit-spark-*-all.jar
     * credit ...}, as on a cluster: Spark's own {@code SparkSubmit} in a child JVM whose class path holds
     * Spark alone (the cluster's installation; the executors get the same), koopcredit only in the all-jar.
     */
    @Test
    @Order(2)
    void sparkSubmitTheAllJar() throws Exception {
        Path allJar;
        try (Stream<Path> files = Files.list(Path.of("koopcredit-spark", "target"))) {
            allJar = files.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no all-jar in koopcredit-spark/target (mvn package)"));
        }
        String sparkOnly = String.join(java.io.File.pathSeparator, java.util.Arrays.stream(
                SparkBackend.driverClassPath().split(java.io.File.pathSeparator))
                .filter(e -> !e.contains("koopcredit-") && !e.contains("onnxruntime") && !e.contains("tribuo")
                        && !e.contains("hipparchus") && !e.contains("bytedeco") && !e.contains("jfree")
                        && !e.contains("/gg/jte") && !e.contains("picocli"))
                .toList());
        String[] options = {"--model", "models/mlp81-mnist.onnx", "--samples", "2", "--trials", "3", "--holdout",
            "100"};
        Path single = tmp.resolve("submit-single");
        CreditJson.Run a = CreditJson.cli(concat(concat(new String[] {"credit"}, options), "--out", single.toString()));
        assertEquals(0, a.code(), a.err());
        Path out = tmp.resolve("submit-spark");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(x -> x.startsWith("--add-opens") || x.startsWith("-Dio.netty") || x.startsWith("-Djdk.reflect"))
                .toList());
        cmd.addAll(List.of("-cp", sparkOnly, "org.apache.spark.deploy.SparkSubmit", "--class",
                "io.koopcredit.spark.SparkMain", "--master", cluster.url(), "--executor-memory", EXECUTOR_MEMORY,
                "--conf", "spark.cores.max=2", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.executor.extraClassPath=" + sparkOnly, allJar.toString(), "credit"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("submit.log").toFile());
        pb.environment().put("SPARK_LOCAL_IP", StandaloneCluster.HOST);
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "spark-submit did not finish in 3 minutes");
        String log = Files.readString(tmp.resolve("submit.log"));
        assertEquals(0, p.exitValue(), log.length() > 4000 ? log.substring(log.length() - 4000) : log);
        assertTrue(log.contains("wrote credit.json to " + out), log);
        CreditJson.assertSameAnalysis(CreditJson.read(single), CreditJson.read(out));
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = new ArrayList<>(files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(".koopcredit.lock")).sorted().toList());
            assertTrue(names.stream().noneMatch(n -> n.startsWith(".staging")), "a staging folder is left: " + names);
            return names;
        }
    }
}
