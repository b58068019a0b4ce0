package io.koopcredit.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A genuine Spark standalone cluster on the loopback address, started from the Maven class path: one
 * {@code org.apache.spark.deploy.master.Master} and {@code n} {@code org.apache.spark.deploy.worker.Worker}
 * JVMs as child processes, each worker offering one core. Executors are started by the workers as their own
 * child JVMs, with the driver's class path ({@link SparkBackend}).
 *
 * <p>The workers need a Spark home: without a Spark distribution, an empty folder with a {@code jars}
 * folder stands for it (the executors' class path comes from {@code spark.executor.extraClassPath}) and
 * {@code SPARK_SCALA_VERSION} tells Spark's launcher the Scala version it would otherwise read from the
 * distribution.
 */
final class StandaloneCluster implements AutoCloseable {
    /** The loopback address: the test's only network. */
    static final String HOST = "127.0.0.1";

    private final Path home;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final int port;

    /**
     * Starts the master and the workers and waits until the master answers.
     *
     * @param dir a folder for the cluster's files (logs, the workers' work folders)
     * @param workerCount number of workers
     * @param workerMemory memory each worker offers, e.g. {@code 1g}
     */
    StandaloneCluster(Path dir, int workerCount, String workerMemory) throws IOException, InterruptedException {
        home = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(home.resolve("jars"));
        port = freePort();
        master = start(dir, "master", "org.apache.spark.deploy.master.Master", "--host", HOST, "--port",
                String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        awaitPort(port, 90);
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(dir.resolve("work" + i));
            workers.add(start(dir, "worker" + i, "org.apache.spark.deploy.worker.Worker", "--host", HOST, "--cores",
                    "1", "--memory", workerMemory, "--webui-port", String.valueOf(freePort()), "--work-dir",
                    work.toString(), url()));
        }
    }

    /** @return the master's URL */
    String url() {
        return "spark://" + HOST + ":" + port;
    }

    /** @return the work folder of worker {@code i}, where it keeps one folder per executor it starts */
    static Path workDir(Path dir, int i) {
        return dir.resolve("work" + i);
    }

    /** @return the worker processes (not their executors) */
    List<Process> workers() {
        return workers;
    }

    /**
     * Kills worker {@code i} and the executors it started (SIGKILL): a machine that disappears.
     *
     * @param i the worker
     * @return how many processes were killed
     */
    int kill(int i) throws InterruptedException {
        Process w = workers.get(i);
        List<ProcessHandle> all = new ArrayList<>(w.descendants().toList());
        all.add(w.toHandle());
        for (ProcessHandle p : all) {
            p.destroyForcibly();
        }
        w.waitFor(30, TimeUnit.SECONDS);
        return all.size();
    }

    @Override
    public void close() throws InterruptedException {
        List<Process> all = new ArrayList<>(workers);
        all.add(master);
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : all) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(Path dir, String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(javaOptions());
        cmd.add("-cp");
        cmd.add(SparkBackend.driverClassPath());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", HOST);
        pb.environment().put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve(name + ".log").toFile());
        return pb.start();
    }

    /** The JDK module openings of this JVM (set by the build from Spark's list), for the child JVMs. */
    private static List<String> javaOptions() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-modules")
                        || a.startsWith("-Dio.netty") || a.startsWith("-Djdk.reflect") || a.startsWith("-XX:+Ignore"))
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, int seconds) throws InterruptedException, IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        throw new IOException("the Spark master did not open port " + port + " within " + seconds + " s");
    }

    /** @return the executor folders worker {@code i} has created so far */
    static List<Path> executors(Path dir, int i) throws IOException {
        Path work = workDir(dir, i);
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> apps = Files.list(work)) {
            List<Path> out = new ArrayList<>();
            for (Path app : apps.toList()) {
                try (Stream<Path> ex = Files.list(app)) {
                    out.addAll(ex.toList());
                }
            }
            return out;
        }
    }
}
