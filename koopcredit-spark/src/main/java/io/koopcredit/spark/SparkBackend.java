package io.koopcredit.spark;

import io.koopcredit.base.InputException;
import io.koopcredit.cli.ClusterBackend;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code credit --spark MASTER}: the command line's {@link ClusterBackend} on Apache Spark, found by
 * {@link java.util.ServiceLoader} when this module is on the class path.
 *
 * <p>The context is configured from, in increasing priority, Spark's own {@code spark.*} system properties
 * (as {@code spark-submit} sets them), these defaults, and the user's {@code --spark-conf} settings:
 * <ul>
 *   <li>{@code spark.app.name=koopcredit credit};</li>
 *   <li>{@code spark.ui.enabled=false} (the analysis is short; turn it on with --spark-conf);</li>
 *   <li>{@code spark.driver.maxResultSize=0} (no cap: the one-step estimator's R factors, N × N doubles per
 *       block boundary, are task results, counted by the driver's memory plan);</li>
 *   <li>for a local master: {@code spark.memory.fraction=0.1} ({@link #LOCAL_MEMORY_FRACTION}; Spark's pool
 *       in this JVM, which the analysis counts as fixed memory);</li>
 *   <li>for a standalone master ({@code spark://}) reached without {@code spark-submit}: the executors'
 *       class path {@code spark.executor.extraClassPath} is the driver's own, which the machines must share
 *       (the same paths on every host: one machine, or a shared file system).</li>
 * </ul>
 */
public final class SparkBackend implements ClusterBackend {
    /** How long a standalone master may take to accept a connection before it counts as not answering. */
    static final int CONNECT_TIMEOUT_MILLIS = 5000;

    /**
     * {@code spark.memory.fraction} for a local master (Spark's default: 0.6): the share of this JVM's heap,
     * less Spark's reserved 300 MiB, that Spark keeps for its shuffle buffers and broadcasts, counted by the
     * analysis as fixed memory ({@link SparkTrials#heapInThisJvm}). A tenth: what Spark keeps there can spill to
     * disk, while the analysis's own factors and fits cannot, so the heap goes to the plan first.
     */
    static final double LOCAL_MEMORY_FRACTION = 0.1;

    /** Used by {@link java.util.ServiceLoader}. */
    public SparkBackend() {
    }

    @Override
    public Connection connect(String master, Map<String, String> settings) {
        if (master.startsWith("spark://")) {
            requireAnswer(master);
        }
        SparkConf conf = new SparkConf(true).setMaster(master);
        conf.setIfMissing("spark.app.name", "koopcredit credit");
        conf.setIfMissing("spark.ui.enabled", "false");
        // The Gram form's R factors (N × N doubles per boundary) come to the driver as task results; its
        // memory plan counts them, so Spark's own cap on their total (1g) is lifted.
        conf.setIfMissing("spark.driver.maxResultSize", "0");
        if (master.startsWith("local")) {
            // The executors are this JVM, and the analysis fixes Spark's pool in its budget: a smaller pool
            // leaves the heap to the plan, and Spark spills its sorts and broadcasts to disk beyond it.
            conf.setIfMissing("spark.memory.fraction", Double.toString(LOCAL_MEMORY_FRACTION));
        }
        if (master.startsWith("spark://") && !conf.contains("spark.jars")) {
            conf.setIfMissing("spark.executor.extraClassPath", driverClassPath());
        }
        settings.forEach(conf::set);
        try {
            return new SparkTrials(new JavaSparkContext(conf), master);
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            throw new InputException("--spark " + master + ": Spark did not start: "
                    + (m.indexOf('\n') < 0 ? m : m.substring(0, m.indexOf('\n'))), e);
        }
    }

    /**
     * A standalone master that does not answer would only be noticed after Spark's registration retries
     * (a minute): ask every listed master once, directly.
     */
    private static void requireAnswer(String master) {
        String hosts = master.substring("spark://".length());
        List<String> failures = new ArrayList<>();
        for (String hostPort : hosts.split(",")) {
            int colon = hostPort.lastIndexOf(':');
            int port;
            try {
                port = colon < 0 ? -1 : Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (colon <= 0 || port < 1 || port > 65535) {
                throw new InputException("--spark " + master + ": expected spark://HOST:PORT[,HOST:PORT...], found '"
                        + hostPort + "'");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort.substring(0, colon), port), CONNECT_TIMEOUT_MILLIS);
                return;
            } catch (IOException e) {
                failures.add(hostPort + " (" + e.getMessage() + ")");
            }
        }
        throw new InputException("--spark " + master + ": expected a Spark master answering, found none at "
                + String.join(", ", failures));
    }

    /** @return this JVM's class path with absolute entries (the executors start in other folders) */
    static String driverClassPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
