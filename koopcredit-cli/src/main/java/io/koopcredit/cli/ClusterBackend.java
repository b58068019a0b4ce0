package io.koopcredit.cli;

import io.koopcredit.credit.AnalysisData;
import io.koopcredit.credit.TrialRunner;
import io.koopcredit.data.Preprocessing;
import io.koopcredit.model.ModelInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster that can fit an analysis's (block, trial) pairs: the service behind {@code credit --spark}.
 * The command line depends on no cluster engine; an implementation is found with {@link java.util.ServiceLoader}
 * when its module is on the class path ({@code koopcredit-spark}: {@code io.koopcredit.spark.SparkBackend}).
 */
public interface ClusterBackend {

    /**
     * Connects to a cluster.
     *
     * @param master the cluster's address as the user wrote it ({@code local[2]}, {@code spark://host:7077},
     *     {@code yarn}, ...)
     * @param settings the user's settings for the engine ({@code --spark-conf KEY=VALUE}), in order; not
     *     modified
     * @return the connection; the caller closes it
     * @throws io.koopcredit.base.InputException if the address is malformed or the cluster does not answer,
     *     naming it
     */
    Connection connect(String master, Map<String, String> settings);

    /** A connection to a cluster that runs trials until it is closed. */
    interface Connection extends TrialRunner, AutoCloseable {
        /**
         * Reads data in a format only the cluster reads (Parquet, say).
         *
         * @param data the user's {@code --data}
         * @param preprocessing the model's preprocessing
         * @param model the model (its input shape is checked)
         * @param fit fitting samples
         * @param holdout held-out samples
         * @return the data, or empty when the cluster leaves this path to the command line's own readers
         * @throws io.koopcredit.base.InputException if the data is the cluster's but unusable
         */
        default Optional<AnalysisData> load(Path data, Preprocessing preprocessing, ModelInfo model, int fit,
                                            int holdout) {
            return Optional.empty();
        }

        /** Leaves the cluster. Idempotent. */
        @Override
        void close();
    }
}
