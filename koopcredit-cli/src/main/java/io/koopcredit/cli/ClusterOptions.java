package io.koopcredit.cli;

import io.koopcredit.base.InputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine.Option;

/** {@code --spark MASTER} and {@code --spark-conf KEY=VALUE}: the trials of an analysis on a cluster. */
final class ClusterOptions {
    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Fit the (block, trial) pairs on an Apache Spark cluster: local[N], spark://HOST:PORT, "
                    + "yarn, k8s://... (needs the koopcredit-spark module; default: this JVM's threads)")
    String master;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting for --spark, e.g. spark.executor.memory=2g (repeatable)")
    List<String> settings;

    /**
     * Checks the options before anything is loaded.
     *
     * @throws InputException for {@code --spark-conf} without {@code --spark}
     */
    void check() {
        if (settings != null && !settings.isEmpty() && master == null) {
            throw new InputException("--spark-conf: expected --spark MASTER beside it, found none");
        }
    }

    /** @return whether the trials run on a cluster */
    boolean enabled() {
        return master != null;
    }

    /**
     * Connects to the cluster the options name.
     *
     * @return the connection; the caller closes it
     * @throws InputException if no cluster backend is on the class path, a setting is malformed, or the
     *     cluster does not answer
     */
    ClusterBackend.Connection connect() {
        return connect(Map.of());
    }

    /**
     * Connects to the cluster the options name, with more settings.
     *
     * @param extra settings that replace the user's of the same key (the benchmark's sweep); not modified
     * @return the connection; the caller closes it
     * @throws InputException as {@link #connect()}
     */
    ClusterBackend.Connection connect(Map<String, String> extra) {
        if (master.isBlank()) {
            throw new InputException("--spark: expected a master URL such as local[2] or spark://HOST:7077, found"
                    + " an empty string");
        }
        Map<String, String> conf = new LinkedHashMap<>();
        for (String s : settings == null ? List.<String>of() : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new InputException("--spark-conf: expected KEY=VALUE, found '" + s + "'");
            }
            conf.put(s.substring(0, eq).trim(), s.substring(eq + 1));
        }
        conf.putAll(extra);
        ClusterBackend backend = ServiceLoader.load(ClusterBackend.class).findFirst().orElseThrow(() ->
                new InputException("--spark " + master + ": expected the koopcredit-spark module on the class path"
                        + " (run io.koopcredit.spark.SparkMain, or spark-submit the koopcredit-spark jar), found"
                        + " the command line without it"));
        return backend.connect(master, conf);
    }
}
